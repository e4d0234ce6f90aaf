"""The calendar: what the records promise, as dated events with UIDs that survive re-exports.

Pure: facts in, event descriptions out, then those written as iCalendar (RFC 5545). A
check-in falls when the attention rules say it is due (``checkin_due``), at its wall-clock
time, with an alarm; next steps, project deadlines and invoice due dates are all-day events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from icalendar import Alarm, Calendar, Event

from freelance_ghost.core.attention import checkin_due
from freelance_ghost.core.channels import channel_words
from freelance_ghost.core.facts import ClientFacts
from freelance_ghost.core.kinds import ClientStatus
from freelance_ghost.core.money import Money

UID_DOMAIN = "freelance-ghost"
CHECKIN_LENGTH = timedelta(minutes=15)  # a slot long enough to see, short enough not to block
PRODUCT = "-//Freelance Ghost//Calendar//EN"
DIGEST_PROPERTY = "X-FREELANCE-GHOST-EVENTS"  # an extension property: other readers skip it
# The attention rules' statuses (docs/rules.md §3, §4): check-ins wait while a client is
# paused; next steps stand for leads, active and paused clients alike.
_CHECKIN_STATUSES = frozenset({ClientStatus.LEAD, ClientStatus.ACTIVE})
_NEXT_STEP_STATUSES = frozenset({ClientStatus.LEAD, ClientStatus.ACTIVE, ClientStatus.PAUSED})


@dataclass(frozen=True)
class InvoiceDue:
    """An invoice with money still owed on it, and the day it is (or was) due."""

    invoice_id: int
    client: str
    number: str
    outstanding: Money
    due: date


@dataclass(frozen=True)
class ProjectDue:
    """An active project's deadline."""

    project_id: int
    client: str
    project: str
    due: date


@dataclass(frozen=True)
class CalendarEvent:
    """One event: a UTC instant (with an alarm) or an all-day date."""

    uid: str
    summary: str
    start: datetime | date
    alarm: bool = False


def calendar_events(
    clients: Iterable[ClientFacts],
    invoices: Iterable[InvoiceDue],
    projects: Iterable[ProjectDue],
    zone: tzinfo,
) -> list[CalendarEvent]:
    """Every dated promise in the records, in a stable order (so equal records write equal files)."""
    events: list[CalendarEvent] = []
    for facts in clients:
        events.extend(client_events(facts, zone))
    events.extend(invoice_event(invoice) for invoice in invoices)
    events.extend(project_event(project) for project in projects)
    return sorted(events, key=lambda event: event.uid)


def client_events(facts: ClientFacts, zone: tzinfo) -> list[CalendarEvent]:
    """A client's next check-in (one per client: its UID moves with it) and next steps."""
    events: list[CalendarEvent] = []
    due = checkin_due(facts, zone) if facts.status in _CHECKIN_STATUSES else None
    if due is not None:
        manner = (
            f" {channel_words(facts.schedule_channel).manner}" if facts.schedule_channel else ""
        )
        events.append(
            CalendarEvent(
                uid=f"checkin-{facts.client_id}@{UID_DOMAIN}",
                summary=f"Check in with {facts.name}{manner}",
                start=due.astimezone(UTC),
                alarm=True,
            )
        )
    if facts.status in _NEXT_STEP_STATUSES:
        events.extend(
            CalendarEvent(
                uid=f"next-step-{facts.client_id}-{_digest(step.next_step, step.due)}@{UID_DOMAIN}",
                summary=f"{facts.name}: {step.next_step}",
                start=step.due,
            )
            for step in facts.commitments
        )
    return events


def _digest(next_step: str, due: date) -> str:
    """A next step has no record of its own: its words and day name it across exports."""
    return hashlib.sha256(f"{due.isoformat()}\n{next_step}".encode()).hexdigest()[:16]


def invoice_event(invoice: InvoiceDue) -> CalendarEvent:
    """The day an unpaid invoice is due."""
    return CalendarEvent(
        uid=f"invoice-{invoice.invoice_id}@{UID_DOMAIN}",
        summary=f"Invoice {invoice.number} due: {invoice.client}, {invoice.outstanding}",
        start=invoice.due,
    )


def project_event(project: ProjectDue) -> CalendarEvent:
    """The day an active project is due."""
    return CalendarEvent(
        uid=f"deadline-{project.project_id}@{UID_DOMAIN}",
        summary=f"Deadline: {project.project} for {project.client}",
        start=project.due,
    )


def events_digest(events: Sequence[CalendarEvent]) -> str:
    """A fingerprint of the events: a file holding the same one needs no rewrite.

    Writing the iCalendar text costs far more than reading the facts (a third of a second for
    1,300 events), so the window compares fingerprints and writes only after a change.
    """
    return hashlib.sha256(repr(list(events)).encode()).hexdigest()[:32]  # one unfolded line


def calendar_ics(events: Sequence[CalendarEvent], stamp: datetime) -> str:
    """The events as one iCalendar file; ``stamp`` (DTSTAMP) is when it was written.

    The file carries the events' fingerprint (``DIGEST_PROPERTY``) before its first event.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Freelance Ghost")
    calendar.add(DIGEST_PROPERTY, events_digest(events))
    for event in events:
        calendar.add_component(_vevent(event, stamp.astimezone(UTC)))
    ics: bytes = calendar.to_ical()
    return ics.decode("utf-8")


def _vevent(event: CalendarEvent, stamp: datetime) -> Event:
    """One VEVENT: timed ones in UTC with an alarm at their start, dates as whole days."""
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.summary)
    vevent.add("dtstart", event.start)
    if isinstance(event.start, datetime):
        vevent.add("dtend", event.start + CHECKIN_LENGTH)
    else:  # an all-day event ends (exclusively) the next day; it does not block time
        vevent.add("dtend", event.start + timedelta(days=1))
        vevent.add("transp", "TRANSPARENT")
    if event.alarm:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.summary)
        alarm.add("trigger", timedelta(0))
        vevent.add_component(alarm)
    return vevent
