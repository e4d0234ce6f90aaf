"""A believable year of a freelance brand designer's clients, for ``freelance-ghost demo``.

The year itself is data: ``resources/demo-year.csv``, a history file in the import format
whose today is :data:`SAMPLE_TODAY`. Loading it moves every event so the year ends today and
imports it like any user's file.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal

from freelance_ghost.core.history.format import HistoryEvent
from freelance_ghost.core.history.reading import parse_history
from freelance_ghost.core.kinds import ClientKind, EventKind
from freelance_ghost.core.plurals import counted
from freelance_ghost.paths import resource_path
from freelance_ghost.store.history import import_history
from freelance_ghost.store.models import Client, Contact, ContactMethod, database

SAMPLE_FILE = "demo-year.csv"
SAMPLE_TODAY = date(2026, 11, 23)  # a Monday; every event in the file is a weekday before it
# The history format has no client kind: these clients are individuals, the rest organizations.
PERSONS = frozenset(
    {"Lena Hoffmann", "Marco Bellini", "Daniel Okafor", "Inês Carvalho", "Amara Nwosu"}
)


class DemoRefusedError(Exception):
    """The data folder already holds clients: sample data is never mixed into real records."""


def load_demo(now: datetime, zone: tzinfo) -> str:
    """Imports the sample year ending at ``now``, only into an empty data folder.

    It takes the same all-or-nothing path as a CSV import; the CSV has no client kind, so the
    individuals are marked as persons afterwards, in the same transaction.
    """
    with database.atomic():
        existing = Client.select().count()
        if existing:
            raise DemoRefusedError(
                f"the data folder already holds {counted(existing, 'client', 'clients')}; "
                "demo only fills an empty one"
            )
        report = import_history(demo_events(now, zone))
        persons = [name.casefold() for name in PERSONS]
        Client.update(kind=ClientKind.PERSON).where(Client.name_key.in_(persons)).execute()
    return ", ".join(
        (
            counted(report.clients_created, "client", "clients"),
            counted(Contact.select().count(), "contact", "contacts"),
            counted(ContactMethod.select().count(), "contact method", "contact methods"),
            counted(report.rows, "event", "events"),
        )
    )


def demo_events(now: datetime, zone: tzinfo) -> list[HistoryEvent]:
    """Every sample event, moved so the year ends at ``now``; the same moment gives the same list.

    The file is read as wall-clock times: each event keeps its local time of day in ``zone``
    and its number of working days before today, so the freelancer still keeps office hours
    whatever day of the week the demo is loaded. Deadlines and next steps keep their distance
    in days from today; so does the due date of an invoice still owed, which keeps it at its
    reminder stage, while a settled invoice keeps its payment terms (days after issue).
    """
    text = resource_path(SAMPLE_FILE).read_text(encoding="utf-8")
    events = parse_history(text, UTC)
    owed = _owed_invoices(events)
    today = now.astimezone(zone).date()
    return [_moved(event, today, zone, owed) for event in events]


def _owed_invoices(events: list[HistoryEvent]) -> set[tuple[str, str]]:
    """The (client, number) of each sample invoice not fully paid at the sample's today."""
    balance: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for event in events:
        if event.amount is not None:
            sign = 1 if event.event is EventKind.INVOICE else -1
            balance[event.client, event.invoice] += sign * event.amount
    return {invoice for invoice, left in balance.items() if left > 0}


def _moved(
    event: HistoryEvent, today: date, zone: tzinfo, owed: set[tuple[str, str]]
) -> HistoryEvent:
    """``event`` as it happens when the sample's today is ``today`` in ``zone``."""
    wall_clock = event.timestamp.replace(tzinfo=None)
    day = _working_days_before(today, _working_days_between(wall_clock.date(), SAMPLE_TODAY))
    moved = datetime.combine(day, wall_clock.time(), tzinfo=zone).astimezone(UTC)
    from_today = today - SAMPLE_TODAY
    from_issue = day - wall_clock.date()
    terms = event.event is EventKind.INVOICE and (event.client, event.invoice) not in owed
    return event._replace(
        timestamp=moved,
        next_step_due=_shifted(event.next_step_due, from_today),
        due_date=_shifted(event.due_date, from_issue if terms else from_today),
    )


def _shifted(day: date | None, shift: timedelta) -> date | None:
    """``day`` moved by ``shift``; an empty date cell stays empty."""
    return None if day is None else day + shift


def _working_days_between(day: date, today: date) -> int:
    """How many weekdays run from ``day`` up to, not including, ``today``."""
    count = 0
    while day < today:
        count += day.weekday() < 5
        day += timedelta(days=1)
    return count


def _working_days_before(today: date, back: int) -> date:
    """The weekday ``back`` working days before ``today``: the freelancer keeps office hours.

    Counting from yesterday keeps every event before ``now``, whatever the time of day.
    """
    if back < 1:
        raise ValueError("sample events start yesterday at the latest")
    day = today
    while back:
        day -= timedelta(days=1)
        back -= day.weekday() < 5
    return day
