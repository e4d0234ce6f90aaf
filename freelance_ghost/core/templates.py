"""Message templates for each ladder step and invoice stage, and filling in their placeholders."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from freelance_ghost.core.attention import (
    AttentionItem,
    CheckinItem,
    DeadlineItem,
    InvoiceItem,
    SilenceItem,
    Stage,
    WindowShopperItem,
)
from freelance_ghost.core.facts import Reachable
from freelance_ghost.core.kinds import Channel
from freelance_ghost.core.ladder import Action
from freelance_ghost.core.money import format_amount
from freelance_ghost.core.plurals import counted
from freelance_ghost.core.sentences import best_contact


class TemplateName(StrEnum):
    """One per ladder step (docs/rules.md §2), invoice stage (§5), check-in, next step,
    deadline (§5a) and proposal to a lead (§5b)."""

    FOLLOW_UP = Action.FOLLOW_UP.value
    SWITCH_CHANNEL = Action.SWITCH_CHANNEL.value
    SWITCH_TIME = Action.SWITCH_TIME.value
    FINAL_MESSAGE = Action.FINAL_MESSAGE.value
    LET_GO = Action.LET_GO.value
    REMINDER_1 = Stage.REMINDER_1.value
    REMINDER_2 = Stage.REMINDER_2.value
    REMINDER_3 = Stage.REMINDER_3.value
    FINAL_NOTICE = Stage.FINAL_NOTICE.value
    CHECK_IN = "checkin"
    NEXT_STEP = "next_step"
    DEADLINE = "deadline"
    PROPOSAL = "proposal"


@dataclass(frozen=True)
class Template:
    """A message with placeholders such as ``{client}``, as the user edits it."""

    name: TemplateName
    subject: str
    body: str


@dataclass(frozen=True)
class Message:
    """A template filled in for one client: ready to copy or put in an email."""

    subject: str
    body: str


PLACEHOLDERS: dict[str, str] = {
    "client": "the client's name",
    "contact": "the first name of the person you write to (the client's name if no one is known)",
    "days": "how long it has been: '5 days' since your first unanswered message, or overdue",
    "topic": "what the conversation, invoice or project is about",
    "invoice": "the invoice number",
    "amount": "the amount still owed, e.g. 1250.00",
    "currency": "the invoice's currency, e.g. EUR",
    "due_date": "the invoice's due date or the project's deadline, e.g. 6 February 2026",
    "my_name": "your name, to sign with",
}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _template(name: TemplateName, subject: str, *paragraphs: str) -> Template:
    return Template(name, subject, "\n\n".join(paragraphs))


DEFAULT_TEMPLATES: dict[TemplateName, Template] = {
    template.name: template
    for template in (
        _template(
            TemplateName.FOLLOW_UP,
            "Following up: {topic}",
            "Hi {contact},",
            "I hope you're well. I wanted to follow up on my message about {topic} from "
            "{days} ago. Whenever you have a moment, I'd be glad to hear your thoughts.",
            "Best regards,\n{my_name}",
        ),
        _template(
            TemplateName.SWITCH_CHANNEL,
            "Quick note about {topic}",
            "Hi {contact},",
            "I've sent a couple of messages about {topic} and thought I'd try you here, in "
            "case they got buried. A short reply whenever it suits you would be great.",
            "Thanks,\n{my_name}",
        ),
        _template(
            TemplateName.SWITCH_TIME,
            "{topic}: a good time to talk?",
            "Hi {contact},",
            "Just bringing {topic} back to the top of your inbox. If a quick call is easier "
            "than email, tell me a time that suits you and I'll make it work.",
            "Kind regards,\n{my_name}",
        ),
        _template(
            TemplateName.FINAL_MESSAGE,
            "Closing the loop on {topic}",
            "Hi {contact},",
            "I haven't heard back about {topic}, so I'll take it that the timing isn't right "
            "and won't keep following up.",
            "I remain available, and I'd be happy to pick this up again whenever you're ready. "
            "Thank you for the work so far.",
            "All the best,\n{my_name}",
        ),
        _template(
            TemplateName.DEADLINE,
            "{topic}: where things stand",
            "Hi {contact},",
            "A quick update on {topic}, due on {due_date}: here is where things stand, and "
            "what you will receive next.",
            "Best regards,\n{my_name}",
        ),
        _template(
            TemplateName.PROPOSAL,
            "A proposal for {client}",
            "Hi {contact},",
            "Thank you for the conversations so far. To move forward, here is what I propose: "
            "the work, the price and the dates.",
            "The offer stands until [date]. If the timing is not right, no problem: just let "
            "me know and I will not keep following up.",
            "Best regards,\n{my_name}",
        ),
        _template(
            TemplateName.CHECK_IN,
            "Checking in",
            "Hi {contact},",
            "It's been a little while, so I wanted to check in and see how things are going "
            "on your side. Is there anything coming up where I could help?",
            "Best wishes,\n{my_name}",
        ),
        _template(
            TemplateName.NEXT_STEP,
            "Next step: {topic}",
            "Hi {contact},",
            "As we agreed, the next step was: {topic}. I wanted to make sure it doesn't slip "
            "through the cracks. Shall we pick it up this week?",
            "Thanks,\n{my_name}",
        ),
        _template(
            TemplateName.LET_GO,
            "Let go: {client}",
            "No reply from {contact} for {days}, after a final, friendly message. Marked as "
            "ghosted; the door stays open if they get in touch.",
        ),
        _template(
            TemplateName.REMINDER_1,
            "Friendly reminder: invoice {invoice}",
            "Hi {contact},",
            "I hope all is well. This is a friendly reminder that invoice {invoice} for "
            "{amount} {currency} was due on {due_date}. If payment is already on its way, "
            "please ignore this note, and thank you!",
            "Best regards,\n{my_name}",
        ),
        _template(
            TemplateName.REMINDER_2,
            "Invoice {invoice} is {days} overdue",
            "Hi {contact},",
            "I'm following up on invoice {invoice} for {amount} {currency}, which was due on "
            "{due_date}. Could you let me know when I can expect payment, or whether anything "
            "is holding it up? I'm happy to send the invoice again if that helps.",
            "Thank you,\n{my_name}",
        ),
        _template(
            TemplateName.REMINDER_3,
            "Payment needed: invoice {invoice}",
            "Hi {contact},",
            "Invoice {invoice} for {amount} {currency} is now {days} past its due date of "
            "{due_date}, and I haven't yet received payment or heard back. Please arrange "
            "payment this week, or reply with a date I can count on.",
            "Thank you for your help,\n{my_name}",
        ),
        _template(
            TemplateName.FINAL_NOTICE,
            "Final notice: invoice {invoice}",
            "Hi {contact},",
            "This is a final notice for invoice {invoice} for {amount} {currency}, due on "
            "{due_date} and now {days} overdue. Please arrange payment within 7 days.",
            "If something is wrong with the invoice, or a payment plan would help, reply and "
            "we'll sort it out together. Otherwise I will need to take further steps to "
            "recover the amount.",
            "Regards,\n{my_name}",
        ),
    )
}


def template_name(item: AttentionItem) -> TemplateName:
    """The template for an item: its ladder step, invoice stage, or check-in / next step."""
    if isinstance(item, SilenceItem):
        return TemplateName(item.suggestion.action.value)
    if isinstance(item, InvoiceItem):
        return TemplateName(item.stage.value)
    if isinstance(item, CheckinItem):
        return TemplateName.CHECK_IN
    if isinstance(item, DeadlineItem):
        return TemplateName.DEADLINE
    if isinstance(item, WindowShopperItem):
        return TemplateName.PROPOSAL
    return TemplateName.NEXT_STEP


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replaces each ``{name}`` that has a value; anything else, stray braces too, stays as is.

    One pass, so a value that itself contains braces is never filled in again.
    """
    return _PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), text)


def render(template: Template, values: Mapping[str, str]) -> Message:
    """The template's subject and body filled in; never fails on what it cannot fill."""
    return Message(fill(template.subject, values), fill(template.body, values))


def template_values(
    item: AttentionItem,
    reach: Sequence[Reachable],
    now: datetime,
    *,
    my_name: str = "",
    topic: str = "",
) -> dict[str, str]:
    """The placeholder values for an item; blank ones are left out so the user sees to fill them."""
    if isinstance(item, SilenceItem):
        values = _silence_values(item, reach, now)
    elif isinstance(item, InvoiceItem):
        values = _invoice_values(item, reach)
    elif isinstance(item, CheckinItem | DeadlineItem | WindowShopperItem):
        channel = item.channel if isinstance(item, CheckinItem) else Channel.EMAIL
        way = best_contact(reach, channel, None) or (reach[0] if reach else None)
        values = {
            "client": item.client,
            "contact": greeting_name(way.contact if way else None, item.client),
        }
        if isinstance(item, DeadlineItem):
            values["due_date"] = long_date(item.due)
            topic = topic or item.project
    else:
        values = {"client": item.client, "contact": greeting_name(item.contact, item.client)}
        topic = topic or item.next_step
    values.update({"my_name": my_name.strip(), "topic": topic.strip()})
    return {name: value for name, value in values.items() if value}


def _silence_values(item: SilenceItem, reach: Sequence[Reachable], now: datetime) -> dict[str, str]:
    facts = item.facts
    channel = item.suggestion.channel or facts.last_attempt_channel
    way = best_contact(reach, channel, facts.last_inbound_contact)
    contact = way.contact if way else facts.last_inbound_contact
    return {
        "client": item.client,
        "contact": greeting_name(contact, item.client),
        "days": days_phrase((now - item.first_attempt) // timedelta(days=1)),
    }


def _invoice_values(item: InvoiceItem, reach: Sequence[Reachable]) -> dict[str, str]:
    way = best_contact(reach, Channel.EMAIL, None) or (reach[0] if reach else None)
    return {
        "client": item.client,
        "contact": greeting_name(way.contact if way else None, item.client),
        "days": days_phrase(item.days_overdue),
        "invoice": item.invoice,
        "amount": format_amount(item.amount_due),
        "currency": item.amount_due.currency,
        "due_date": long_date(item.due),
    }


def greeting_name(contact: str | None, client: str) -> str:
    """Who a message greets: a person by their first name, else the client by its name."""
    if contact and contact.strip():
        return contact.split()[0]
    return client


def days_phrase(days: int) -> str:
    """'1 day', '12 days', and 'less than a day' for none."""
    if days < 1:
        return "less than a day"
    return counted(days, "day", "days")


def long_date(day: date) -> str:
    """'6 February 2026', in English whatever the system locale (the templates are English)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
