"""The calendar from the records: stable UIDs, what it holds, and the subscribed file."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction, ProjectStatus
from freelance_ghost.core.money import Money
from freelance_ghost.services.calendar import (
    calendar_file,
    calendar_text,
    export_calendar,
    update_calendar_file,
)
from freelance_ghost.services.history_files import HistoryFileError
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.store.invoices import add_invoice, add_payment
from freelance_ghost.store.projects import add_project
from freelance_ghost.store.schedules import set_schedule
from tests.conftest import BERLIN, NOW


def events_of(text: str) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}


@pytest.fixture
def records(db: Path) -> Path:
    """Acme (active, a weekly check-in by email, a next step, an invoice half paid, an active
    project) and Closed Co (closed: its project is no one's deadline)."""
    acme = create_client("Acme", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW)
    set_schedule(acme.id, 7, Channel.EMAIL, NOW)
    log_interaction(
        acme.id,
        Direction.IN,
        Channel.EMAIL,
        NOW + timedelta(hours=1),
        next_step="Send the quote",
        next_step_due=date(2026, 11, 27),
    )
    invoice = add_invoice(acme.id, "A-1", Money(100000, "EUR"), NOW, date(2026, 12, 10))
    add_payment(invoice.id, Money(40000, "EUR"), NOW + timedelta(days=1))
    paid = add_invoice(acme.id, "A-2", Money(5000, "EUR"), NOW, date(2026, 12, 11))
    add_payment(paid.id, Money(5000, "EUR"), NOW + timedelta(days=1))
    add_project(acme.id, "Website", ProjectStatus.ACTIVE, date(2026, 12, 20), NOW)
    closed = create_client("Closed Co", ClientKind.ORGANIZATION, ClientStatus.CLOSED, NOW)
    add_project(closed.id, "Old job", ProjectStatus.ACTIVE, date(2026, 12, 21), NOW)
    return db


def test_the_calendar_holds_every_dated_promise_of_the_records(records: Path) -> None:
    events = events_of(calendar_text(NOW, BERLIN))
    summaries = sorted(str(e["SUMMARY"]) for e in events.values())
    assert summaries == [
        "Acme: Send the quote",
        "Check in with Acme by email",
        "Deadline: Website for Acme",
        "Invoice A-1 due: Acme, 600.00 EUR",  # what is still owed; A-2 is paid
    ]
    checkin = events["checkin-1@freelance-ghost"]
    # A week after the latest touch (the reply, 11:00 in Berlin), at the same wall-clock time.
    assert checkin.decoded("DTSTART") == datetime(2026, 11, 30, 10, tzinfo=UTC)


def test_uids_are_equal_across_two_exports(records: Path) -> None:
    first = events_of(calendar_text(NOW, BERLIN))
    second = events_of(calendar_text(NOW + timedelta(days=1), BERLIN))
    assert first.keys() == second.keys()
    assert len(first) == 4


def test_the_subscribed_file_changes_when_a_checkin_is_logged(records: Path) -> None:
    path = calendar_file(records)
    assert update_calendar_file(records, NOW, BERLIN)
    before = path.read_text(encoding="utf-8")
    # Nothing changed: the file is left as it is, though the moment moved on.
    assert not update_calendar_file(records, NOW + timedelta(hours=1), BERLIN)
    assert path.read_text(encoding="utf-8") == before
    log_interaction(1, Direction.OUT, Channel.EMAIL, NOW + timedelta(days=2))
    assert update_calendar_file(records, NOW + timedelta(days=2), BERLIN)
    checkin = events_of(path.read_text(encoding="utf-8"))["checkin-1@freelance-ghost"]
    assert checkin.decoded("DTSTART") == datetime(2026, 12, 2, 9, tzinfo=UTC)


def test_a_calendar_file_that_cannot_be_written_leaves_the_records_be(records: Path) -> None:
    calendar_file(records).mkdir()  # a folder where the file should be
    assert not update_calendar_file(records, NOW, BERLIN)


def test_a_named_pipe_at_the_calendar_files_name_is_left_without_waiting(records: Path) -> None:
    """Opening a pipe to write waits for a reader: check and the window would hang."""
    os.mkfifo(calendar_file(records))
    assert not update_calendar_file(records, NOW, BERLIN)


def test_a_link_to_the_database_is_never_opened_as_the_calendar_file(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the database through the link would drop this process's SQLite locks."""
    calendar_file(records).symlink_to(records / "freelance_ghost.db")
    opened: list[str] = []
    real_open = Path.open

    def watched_open(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", watched_open)
    assert not update_calendar_file(records, NOW, BERLIN)
    assert calendar_file(records).name not in opened
    assert calendar_file(records).is_symlink()


def test_the_export_writes_through_a_symbolic_link(records: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.ics"
    link = tmp_path / "link.ics"
    link.symlink_to(target)
    export_calendar(link, NOW, BERLIN)
    assert link.is_symlink()
    assert len(events_of(target.read_text(encoding="utf-8"))) == 4


def test_the_export_refuses_a_folder_in_one_line(records: Path, tmp_path: Path) -> None:
    with pytest.raises(HistoryFileError, match=r"cannot write .*: it is a folder"):
        export_calendar(tmp_path, NOW, BERLIN)
