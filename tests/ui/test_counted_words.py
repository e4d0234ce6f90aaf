"""Counts in the window take the word's right form: '1 day', 'every day', '1 event'."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus
from freelance_ghost.core.timeline_events import CheckinMark
from freelance_ghost.services.autostart import NoLoginItem
from freelance_ghost.services.notify.log_backend import LogNotifier
from freelance_ghost.services.reminders import Reminders
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.schedules import set_schedule
from freelance_ghost.ui.dialogs.records import ScheduleDialog
from freelance_ghost.ui.dialogs.settings import SettingsDialog
from freelance_ghost.ui.main_window import MainWindow
from freelance_ghost.ui.timeline.text import headline
from tests.conftest import BERLIN, NOW


def test_a_spin_box_unit_follows_its_number(qtbot: QtBot, db: Path) -> None:
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW)
    schedule = ScheduleDialog(client.id, lambda: NOW)
    qtbot.addWidget(schedule)
    schedule.cadence.setValue(1)
    assert schedule.cadence.text() == "1 day"
    schedule.cadence.setValue(14)
    assert schedule.cadence.text() == "14 days"
    settings = SettingsDialog(Reminders(LogNotifier(), BERLIN), NoLoginItem())
    qtbot.addWidget(settings)
    assert settings.stages["reminder_1"].text() == "1 day overdue"  # the default
    assert settings.stages["reminder_2"].text() == "7 days overdue"


def test_a_daily_check_in_is_every_day() -> None:
    assert headline(CheckinMark(NOW, 1, None), "Globex") == "Check-in due (every day)"
    assert (
        headline(CheckinMark(NOW, 14, Channel.PHONE), "Globex")
        == "Check-in due (every 14 days, by phone)"
    )


def test_the_client_page_says_every_day_and_one_event(window: MainWindow, tmp_path: Path) -> None:
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW)
    target = tmp_path / "globex.csv"
    window.workspace.files.export_file(target, "Globex")  # the client row alone
    assert window.statusBar().currentMessage() == f"Exported 1 event to {target}"
    set_schedule(client.id, 1, Channel.PHONE, NOW)
    window.workspace.refresh()
    window.workspace.open_client(client.id)
    page = window.workspace.client_page
    assert page.schedule_text.text() == "Check in every day by phone."
    assert page.timeline.accessibleDescription() == "Globex: 1 event and 0 silences over time"
