"""Backups from the window, and the way back to a working app when the database is damaged."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from freelance_ghost.core.clock import FixedClock
from freelance_ghost.services.backups import BackupReason, backup_now, list_backups
from freelance_ghost.services.demo import load_demo
from freelance_ghost.services.reminders import Reminders
from freelance_ghost.store.database import (
    DatabaseRefusedError,
    close_database,
    database_path,
    open_database,
)
from freelance_ghost.store.models import Client
from freelance_ghost.ui.dialogs.backups import BackupsDialog, offer_recovery
from freelance_ghost.ui.reminder_timer import ReminderTimer
from tests.conftest import BERLIN, NOW
from tests.ui.conftest import screenshot


def test_back_up_now_and_restore_from_the_window(
    qtbot: QtBot, db: Path, answers: list[str]
) -> None:
    load_demo(NOW, BERLIN)
    dialog = BackupsDialog(db, lambda: NOW, BERLIN)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 0
    dialog.backup_button.click()
    assert dialog.model.rowCount() == 1
    tester = QAbstractItemModelTester(
        dialog.model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    dialog.reload()  # a reset under the tester's eyes
    del tester
    assert dialog.model.row_at(0).reason is BackupReason.MANUAL
    screenshot(dialog, "dialog-backups")
    Client.update(notes="overwritten by mistake").where(Client.name == "Kumo Ceramics").execute()
    dialog.restore_button.click()
    assert answers[0].startswith("Go back to the records as they were on")
    assert dialog.restored
    assert Client.get(Client.name == "Kumo Ceramics").notes != "overwritten by mistake"
    assert any(info.reason is BackupReason.RESTORE for info in list_backups(db))


def test_a_damaged_database_leads_back_to_the_newest_backup(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(NOW, BERLIN)
    backup_now(db, NOW, BackupReason.DAILY, BERLIN)
    close_database()
    live = database_path(db)
    data = bytearray(live.read_bytes())
    data[4096 * 2 : 4096 * 2 + 200] = b"\xff" * 200
    live.write_bytes(bytes(data))
    damaged = bytes(data)
    with pytest.raises(DatabaseRefusedError) as refused:
        open_database(db, NOW)
    assert refused.value.damaged

    clicked: list[str] = []

    def press_use(box: QMessageBox) -> int:
        (use,) = [
            b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
        ]
        clicked.append(use.text())
        use.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press_use)
    assert offer_recovery(db, refused.value, NOW + timedelta(minutes=5), BERLIN)
    assert clicked[0].startswith("Use the backup of")
    assert Client.select().count() == 13  # the newest good backup is open
    kept = [p for p in db.iterdir() if p.name.startswith("freelance_ghost.db.corrupt-")]
    assert [p.read_bytes() for p in kept if not p.name.endswith(("-wal", "-shm"))] == [damaged]


def test_a_newer_versions_file_is_not_offered_a_restore(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = DatabaseRefusedError("written by a newer Freelance Ghost")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert not offer_recovery(db, problem, NOW, BERLIN)
    assert shown == ["written by a newer Freelance Ghost"]


class Quiet:
    def notify(self, title: str, body: str) -> bool:
        return True


def test_the_apps_timer_takes_the_daily_backup(qtbot: QtBot, db: Path) -> None:
    from freelance_ghost.services.backups import maybe_daily_backup

    timer = ReminderTimer(
        Reminders(Quiet(), BERLIN),
        FixedClock(NOW),
        chores=[lambda now: maybe_daily_backup(db, now, BERLIN)],
    )
    with qtbot.waitSignal(timer.checked, timeout=10_000):
        timer.tick()
    assert [info.reason for info in list_backups(db)] == [BackupReason.DAILY]
