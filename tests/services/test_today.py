"""Today's list: what is due, without what is snoozed, until the snooze ends."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from freelance_ghost.core.report import ReportedItem
from freelance_ghost.services.notify.log_backend import LogNotifier
from freelance_ghost.services.reminders import Reminders, item_key
from freelance_ghost.services.today import today_at
from tests.conftest import BERLIN
from tests.services.test_reminders import DUE, quiet_clients


def clients(items: list[ReportedItem]) -> list[str]:
    return [reported.item.client for reported in items]


def test_today_shows_everything_due_when_nothing_is_snoozed(db: Path) -> None:
    quiet_clients("Globex", "Initech")
    today = today_at(DUE + timedelta(hours=2), BERLIN)
    assert clients(today.shown) == ["Globex", "Initech"]
    assert today.shown == today.everything


def test_a_snoozed_item_leaves_today_until_its_snooze_ends(db: Path) -> None:
    quiet_clients("Globex", "Initech")
    now = DUE + timedelta(hours=2)
    globex = today_at(now, BERLIN).shown[0]
    Reminders(LogNotifier(), BERLIN).snooze(item_key(globex.item), now + timedelta(hours=1))

    during = today_at(now + timedelta(minutes=59), BERLIN)
    assert clients(during.shown) == ["Initech"]
    assert clients(during.everything) == ["Globex", "Initech"]  # still counted for its health
    after = today_at(now + timedelta(hours=1), BERLIN)
    assert clients(after.shown) == ["Globex", "Initech"]


def test_snoozing_all_of_today_empties_it_for_the_hour(db: Path) -> None:
    quiet_clients("Globex", "Initech")
    now = DUE + timedelta(hours=2)
    reminders = Reminders(LogNotifier(), BERLIN)
    reminders.snooze_all(today_at(now, BERLIN).shown, now + timedelta(hours=1))
    assert today_at(now + timedelta(minutes=59), BERLIN).shown == []
    assert clients(today_at(now + timedelta(hours=1), BERLIN).shown) == ["Globex", "Initech"]
