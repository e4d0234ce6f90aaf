"""The timeline's words: what each event, group of events and silence says on hover."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from freelance_ghost.core.channels import CHANNELS
from freelance_ghost.core.clock import local_date
from freelance_ghost.core.facts import ProjectDeadline
from freelance_ghost.core.kinds import Direction
from freelance_ghost.core.plurals import counted, form_for
from freelance_ghost.core.sentences import describe_pace
from freelance_ghost.core.timeline import SilenceBand, day_start
from freelance_ghost.core.timeline_events import (
    CheckinMark,
    InvoiceEvent,
    InvoiceStep,
    Message,
    TimelineEvent,
)
from freelance_ghost.store.mail import FILE_SOURCE
from freelance_ghost.ui.timeline.axis import date_and_time, duration, short_date

_LISTED = 5


def deadline_tooltip(deadline: ProjectDeadline, now: datetime, zone: tzinfo) -> str:
    """What a deadline's marker says: the project, its day, and how long is left (or late)."""
    days = (deadline.deadline - local_date(now, zone)).days
    if days > 0:
        left = f"{counted(days, 'day', 'days')} left"
    elif days == 0:
        left = "due today"
    else:
        left = f"{counted(-days, 'day', 'days')} late"
    day = short_date(day_start(deadline.deadline, zone), zone)
    return f"Deadline: “{deadline.project}”\nDue {day}: {left}"


def headline(event: TimelineEvent, client: str) -> str:
    """One line naming the event: 'Email to Hank', 'Invoice INV-1 issued: 1250.00 EUR'."""
    if isinstance(event, Message):
        words = CHANNELS[event.channel]
        phrase = words.outbound if event.direction is Direction.OUT else words.inbound
        return phrase.format(who=event.contact or client)
    if isinstance(event, InvoiceEvent):
        return _invoice_headline(event)
    return _checkin_headline(event)


def _invoice_headline(event: InvoiceEvent) -> str:
    if event.step is InvoiceStep.ISSUED:
        return f"Invoice {event.invoice} issued: {event.amount}"
    if event.step is InvoiceStep.DUE:
        if event.outstanding.minor <= 0:
            return f"Invoice {event.invoice} due: paid in full by then"
        return f"Invoice {event.invoice} due: {event.outstanding} outstanding"
    return f"Payment for {event.invoice}: {event.amount}"


def _checkin_headline(event: CheckinMark) -> str:
    how = f", {CHANNELS[event.channel].manner}" if event.channel is not None else ""
    every = form_for(event.cadence_days, "day", f"{event.cadence_days} days")
    return f"Check-in due (every {every}{how})"


def source_words(source: str) -> str:
    """Where an interaction learnt from mail came from: 'From mail (Work account)'."""
    return "From a mail file" if source == FILE_SOURCE else f"From mail ({source} account)"


def event_tooltip(event: TimelineEvent, client: str, zone: tzinfo, source: str = "") -> str:
    """The headline, when it happened, and the summary or what is still owed; for an
    interaction learnt from mail, where it came from (``source``: the account, or "file")."""
    lines = [headline(event, client), date_and_time(event.at, zone)]
    if isinstance(event, Message) and event.summary:
        lines.append(f"“{event.summary}”")
    if source:
        lines.append(source_words(source))
    if isinstance(event, InvoiceEvent) and event.step is InvoiceStep.PAID:
        owed = event.outstanding
        lines.append("Paid in full" if owed.minor <= 0 else f"{owed} still owed")
    return "\n".join(lines)


def cluster_tooltip(events: Sequence[TimelineEvent], noun: str, client: str, zone: tzinfo) -> str:
    """Several events under one badge: how many ``noun``, when, and the first few of them."""
    first, last = events[0], events[-1]
    span = f"{short_date(first.at, zone)} – {short_date(last.at, zone)}"
    lines = [f"{len(events)} {noun}, {span}"]
    for event in events[:_LISTED]:
        summary = f": {event.summary}" if isinstance(event, Message) and event.summary else ""
        lines.append(f"• {short_date(event.at, zone)} · {headline(event, client)}{summary}")
    if len(events) > _LISTED:
        lines.append(f"… and {len(events) - _LISTED} more: zoom in to see each")
    return "\n".join(lines)


def band_tooltip(band: SilenceBand, zone: tzinfo) -> str:
    """How long the silence lasted, against the client's pace at the time, and how it went."""
    attempts = len(band.attempts)
    messages = counted(attempts, "message", "messages")
    waited = duration(band.end - band.start)
    if band.replied:
        lines = [f"Replied after {waited} ({messages} from you)"]
    else:
        lines = [f"No reply for {waited} so far ({messages} from you)"]
    lines.append(
        f"Their threshold then: {duration(band.threshold)} "
        f"(they usually replied {describe_pace(band.typical_reply)})"
    )
    if band.amber_at is not None:
        lines.append(f"Past the threshold from {short_date(band.amber_at, zone)}")
    if band.red_at is not None:
        lines.append(f"Ghosted from {short_date(band.red_at, zone)}, your 5th message")
    return "\n".join(lines)
