"""The window keeps the subscribed calendar file current: a check-in logged moves its event."""

from __future__ import annotations

import icalendar
from PySide6.QtWidgets import QDialog

from freelance_ghost.core.attention import ItemKind
from freelance_ghost.services.calendar import calendar_file
from freelance_ghost.ui.dialogs.log_interaction import LogInteractionDialog
from freelance_ghost.ui.main_window import MainWindow
from tests.ui.conftest import DialogDriver, click_save


def checkin_starts(window: MainWindow) -> dict[str, object]:
    """Each check-in's start in the data folder's calendar file, by UID."""
    text = calendar_file(window.data_dir).read_text(encoding="utf-8")
    return {
        str(event["UID"]): event.decoded("DTSTART")
        for event in icalendar.Calendar.from_ical(text).walk("VEVENT")
        if str(event["UID"]).startswith("checkin-")
    }


def select_checkin(window: MainWindow) -> int:
    """Selects the first check-in on Today; its client's id."""
    today = window.workspace.today
    model = today.model
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            reported = model.reported_at(model.index(row, 0, parent))
            if reported is not None and reported.item.kind is ItemKind.CHECKIN_DUE:
                today.view.setCurrentIndex(model.index(row, 0, parent))
                return reported.item.client_id
    raise AssertionError("the sample year has a check-in due on Today")


def test_logging_a_checkin_in_the_window_moves_it_in_the_calendar_file(
    demo_window: MainWindow, drive_dialogs: list[DialogDriver]
) -> None:
    client_id = select_checkin(demo_window)
    uid = f"checkin-{client_id}@freelance-ghost"
    before = checkin_starts(demo_window)

    def log(dialog: QDialog) -> None:
        assert isinstance(dialog, LogInteractionDialog)
        click_save(dialog)

    drive_dialogs.append(log)
    demo_window.workspace.today.follow_up_button.click()
    after = checkin_starts(demo_window)
    assert after[uid] != before[uid]
    assert {k: v for k, v in after.items() if k != uid} == {
        k: v for k, v in before.items() if k != uid
    }
