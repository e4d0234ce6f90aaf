"""The calendar's events from facts, and the iCalendar text they are written as."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar

from freelance_ghost.core.attention import checkin_due
from freelance_ghost.core.calendar import (
    DIGEST_PROPERTY,
    InvoiceDue,
    ProjectDue,
    calendar_events,
    calendar_ics,
    events_digest,
)
from freelance_ghost.core.facts import ClientFacts, Commitment
from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.core.money import Money
from tests.conftest import BERLIN

# Saturday 24 October 2026, 09:30 in Berlin (summer time); clocks go back on the 25th.
SET_AT = datetime(2026, 10, 24, 7, 30, tzinfo=UTC)
STAMP = datetime(2026, 10, 20, 12, tzinfo=UTC)


def scheduled(status: ClientStatus = ClientStatus.ACTIVE, **extra: object) -> ClientFacts:
    return ClientFacts(
        client_id=7,
        name="Acme",
        status=status,
        cadence_days=3,
        schedule_channel=Channel.EMAIL,
        schedule_set_at=SET_AT,
        **extra,  # type: ignore[arg-type]
    )


def test_a_checkin_falls_when_the_attention_rule_says_at_its_wall_clock_time() -> None:
    facts = scheduled()
    [event] = calendar_events([facts], [], [], BERLIN)
    assert event.start == checkin_due(facts, BERLIN)
    # 09:30 in Berlin on both sides of the change: 07:30 UTC before, 08:30 UTC after.
    assert event.start == datetime(2026, 10, 27, 8, 30, tzinfo=UTC)
    assert event.alarm
    assert event.uid == "checkin-7@freelance-ghost"
    assert event.summary == "Check in with Acme by email"


def test_a_paused_client_has_no_checkin_but_keeps_its_next_steps() -> None:
    step = Commitment("Send the quote", date(2026, 11, 2), None)
    events = calendar_events([scheduled(ClientStatus.PAUSED, commitments=(step,))], [], [], BERLIN)
    assert [(e.summary, e.start, e.alarm) for e in events] == [
        ("Acme: Send the quote", date(2026, 11, 2), False)
    ]


def test_next_step_uids_follow_the_step_not_the_export() -> None:
    step = Commitment("Send the quote", date(2026, 11, 2), None)
    other = Commitment("Call back", date(2026, 11, 2), None)
    first = calendar_events([scheduled(commitments=(step, other))], [], [], BERLIN)
    again = calendar_events([scheduled(commitments=(other, step))], [], [], BERLIN)
    assert [e.uid for e in first] == [e.uid for e in again]
    assert len({e.uid for e in first}) == 3


def test_invoices_and_deadlines_are_all_day_events_named_by_their_records() -> None:
    invoice = InvoiceDue(12, "Acme", "A-7", Money(125000, "EUR"), date(2026, 11, 30))
    project = ProjectDue(3, "Acme", "Website", date(2026, 12, 4))
    events = calendar_events([], [invoice], [project], BERLIN)
    assert [(e.uid, e.summary, e.start) for e in events] == [
        ("deadline-3@freelance-ghost", "Deadline: Website for Acme", date(2026, 12, 4)),
        ("invoice-12@freelance-ghost", "Invoice A-7 due: Acme, 1250.00 EUR", date(2026, 11, 30)),
    ]


def test_the_text_parses_as_icalendar_with_utc_times_alarms_and_whole_days() -> None:
    step = Commitment("Send the quote", date(2026, 11, 2), None)
    project = ProjectDue(3, "Acme", "Website", date(2026, 12, 4))
    text = calendar_ics(
        calendar_events([scheduled(commitments=(step,))], [], [project], BERLIN), STAMP
    )
    calendar = icalendar.Calendar.from_ical(text)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    checkin = events["checkin-7@freelance-ghost"]
    assert checkin.decoded("DTSTART") == datetime(2026, 10, 27, 8, 30, tzinfo=UTC)
    assert checkin.decoded("DTSTAMP") == STAMP
    [alarm] = checkin.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(0)
    deadline = events["deadline-3@freelance-ghost"]
    assert deadline.decoded("DTSTART") == date(2026, 12, 4)
    assert deadline.decoded("DTEND") == date(2026, 12, 5)
    assert not deadline.walk("VALARM")
    assert str(calendar["VERSION"]) == "2.0"


def test_the_file_carries_a_fingerprint_of_its_events_not_of_its_stamp() -> None:
    events = calendar_events([scheduled()], [], [], BERLIN)
    moved = calendar_events(
        [scheduled(last_interaction=SET_AT + timedelta(days=1))], [], [], BERLIN
    )
    first = icalendar.Calendar.from_ical(calendar_ics(events, STAMP))
    later = icalendar.Calendar.from_ical(calendar_ics(events, STAMP + timedelta(hours=1)))
    other = icalendar.Calendar.from_ical(calendar_ics(moved, STAMP))
    assert str(first[DIGEST_PROPERTY]) == str(later[DIGEST_PROPERTY]) == events_digest(events)
    assert str(other[DIGEST_PROPERTY]) != str(first[DIGEST_PROPERTY])
