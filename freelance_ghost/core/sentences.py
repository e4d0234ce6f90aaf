"""Each attention item said the way a person would say it, naming who and how to reach them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from freelance_ghost.core.attention import (
    AttentionItem,
    CheckinItem,
    DeadlineItem,
    InvoiceItem,
    NextStepItem,
    SilenceItem,
    Stage,
    WindowShopperItem,
)
from freelance_ghost.core.channels import CHANNELS
from freelance_ghost.core.clock import local_date
from freelance_ghost.core.facts import Reachable
from freelance_ghost.core.kinds import Channel
from freelance_ghost.core.ladder import Action
from freelance_ghost.core.money import format_amount
from freelance_ghost.core.pace import MIN_REPLY_DELAYS
from freelance_ghost.core.plurals import counted, form_for

_STAGES = {
    Stage.REMINDER_1: "a friendly reminder",
    Stage.REMINDER_2: "a second reminder",
    Stage.REMINDER_3: "a firm third reminder",
    Stage.FINAL_NOTICE: "a final notice",
}


def sentence(item: AttentionItem, reach: Sequence[Reachable], now: datetime, zone: tzinfo) -> str:
    """The item as one or two plain sentences for the window, notifications and the terminal."""
    if isinstance(item, SilenceItem):
        return _silence(item, reach, now)
    if isinstance(item, CheckinItem):
        return _checkin(item, reach, now, zone)
    if isinstance(item, NextStepItem):
        return _next_step(item, now, zone)
    if isinstance(item, DeadlineItem):
        return _deadline(item)
    if isinstance(item, WindowShopperItem):
        return _window_shopper(item)
    return _invoice(item)


def best_contact(
    reach: Sequence[Reachable], channel: Channel | None, prefer: str | None
) -> Reachable | None:
    """Who to reach on ``channel``: the person who last wrote to us if they can be, else the first."""
    on_channel = [way for way in reach if way.channel == channel]
    for way in on_channel:
        if way.contact == prefer:
            return way
    return on_channel[0] if on_channel else None


def describe_pace(typical: timedelta) -> str:
    """'within a day', 'within 5 hours', 'within 3 days'."""
    hours = math.ceil(typical / timedelta(hours=1))
    if hours <= 1:
        return "within an hour"
    if hours < 24:
        return f"within {hours} hours"
    days = round(typical / timedelta(days=1))
    return "within a day" if days <= 1 else f"within {days} days"


def _span(span: timedelta) -> str:
    """'5 days', 'a day', or hours below a day (never '0 days')."""
    if span >= timedelta(days=1):
        return _count(span // timedelta(days=1), "day", "days")
    return _count(max(1, span // timedelta(hours=1)), "hour", "hours").replace("a hour", "an hour")


def _count(number: int, singular: str, plural: str) -> str:
    return form_for(number, f"a {singular}", counted(number, singular, plural))


def _silence(item: SilenceItem, reach: Sequence[Reachable], now: datetime) -> str:
    facts = item.facts
    if len(facts.reply_delays) >= MIN_REPLY_DELAYS:
        pace = f"{item.client} usually replies {describe_pace(item.typical_reply)}"
    else:
        pace = f"{item.client} has not replied often enough yet to know their pace"
    channels = facts.unanswered_channels
    words = CHANNELS[next(iter(channels))] if len(channels) == 1 else CHANNELS[Channel.OTHER]
    singular, plural = words.noun, words.nouns
    waited = now - item.first_attempt
    subject = (
        f"your {singular} has" if item.attempts == 1 else f"your {item.attempts} {plural} have"
    )
    gone = f"{subject} gone unanswered for {_span(waited)}"
    advice = _advice(item, reach)
    return f"{pace}; {gone}. {advice}"


def _advice(item: SilenceItem, reach: Sequence[Reachable]) -> str:
    suggestion = item.suggestion
    facts = item.facts
    channel = suggestion.channel or facts.last_attempt_channel
    way = best_contact(reach, channel, facts.last_inbound_contact)
    who = way.contact if way else "them"
    if suggestion.action is Action.FOLLOW_UP:
        means = CHANNELS[suggestion.channel].means if suggestion.channel else "the same channel"
        where = f" ({way.address})" if way and way.address else ""
        return f"Send {who} a short, friendly follow-up by {means}{where}."
    if suggestion.action is Action.SWITCH_CHANNEL:
        assert suggestion.channel is not None
        return _try_channel(suggestion.channel, who, way.address if way else "")
    if suggestion.action is Action.SWITCH_TIME:
        hour = f"{suggestion.hour:02d}:00"
        if facts.inbound_hours:
            return f"Try another time of day: around {hour}, when {item.client} usually writes."
        return f"Try another time of day: around {hour}."
    if suggestion.action is Action.FINAL_MESSAGE:
        return (
            f"Send {who} one last, friendly message saying you remain available "
            "whenever they are ready."
        )
    return f"Time to let go: mark {item.client} as ghosted and move on; you can pick up if they return."


def _try_channel(channel: Channel, who: str, address: str) -> str:
    words = CHANNELS[channel]
    where = f" {words.address_word} {address}" if address and words.address_word else ""
    return words.advice.format(who=who, where=where)


def _when(day: date, today: date) -> str:
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def _checkin(item: CheckinItem, reach: Sequence[Reachable], now: datetime, zone: tzinfo) -> str:
    when = _when(local_date(item.due, zone), local_date(now, zone))
    text = f"Time to check in with {item.client}: your {item.cadence_days}-day check-in was due {when}."
    way = best_contact(reach, item.channel, None)
    if item.channel is not None and way is not None:
        where = f" ({way.address})" if way.address else ""
        text += f" Reach {way.contact} by {CHANNELS[item.channel].means}{where}."
    return text


def _next_step(item: NextStepItem, now: datetime, zone: tzinfo) -> str:
    with_whom = f" with {item.contact}" if item.contact else ""
    when = _when(item.due, local_date(now, zone))
    due = "due today" if when == "today" else f"due {when}"
    return f"You agreed a next step{with_whom} at {item.client}: “{item.next_step}”, {due}."


def _invoice(item: InvoiceItem) -> str:
    amount = f"{format_amount(item.amount_due)} {item.amount_due.currency}"
    days = _count(item.days_overdue, "day", "days").replace("a day", "1 day")
    return (
        f"Invoice {item.invoice} to {item.client} is {days} overdue with {amount} outstanding: "
        f"time for {_STAGES[item.stage]}."
    )


def _deadline(item: DeadlineItem) -> str:
    """'is due in 2 days' while there is time, 'was due 3 days ago' once it has slipped."""
    days = item.days_left
    if days > 1:
        when = f"is due in {days} days"
    elif days == 1:
        when = "is due tomorrow"
    elif days == 0:
        when = "is due today"
    elif days == -1:
        when = "was due yesterday"
    else:
        when = f"was due {-days} days ago"
    return f"Your project “{item.project}” for {item.client} {when}."


def _window_shopper(item: WindowShopperItem) -> str:
    """Both numbers, so the user can judge: their exchanges and what clients usually need."""
    exchanges = counted(item.interactions, "exchange", "exchanges")
    return (
        f"{item.client} has had {exchanges} without committing; your clients usually commit "
        f"within {item.benchmark}. Send a clear proposal with a deadline, or let them go."
    )
