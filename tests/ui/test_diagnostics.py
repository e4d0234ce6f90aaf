"""Help, Diagnostics: doctor's checks in the window, the tray as Qt sees it, and Copy."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from freelance_ghost.services import doctor
from freelance_ghost.services.doctor import Diagnosis, diagnose
from freelance_ghost.ui.dialogs.diagnostics import DiagnosisCheck, DiagnosticsDialog
from freelance_ghost.ui.main_window import MainWindow
from tests.ui.conftest import DialogDriver


def test_copy_puts_the_whole_diagnosis_on_the_clipboard(qtbot: QtBot, tmp_path: Path) -> None:
    check = DiagnosisCheck(lambda: diagnose(tmp_path / "data", tray_available=False))
    dialog = DiagnosticsDialog(check)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.diagnosed):
        assert not dialog.copy_button.isEnabled()  # nothing to copy yet
    QGuiApplication.clipboard().clear()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == dialog.report.toPlainText()
    assert "Tray            no tray: closing the window quits the app\n" in copied
    assert "- Tray: add a tray to your panel" in copied
    assert dialog.copy_button.text() == "Copied"


def test_help_diagnostics_opens_before_the_records_and_asks_qt_for_the_tray(
    qtbot: QtBot, tmp_path: Path, drive_dialogs: list[DialogDriver]
) -> None:
    window = MainWindow(tmp_path / "data", {})
    qtbot.addWidget(window)
    action = window.actions_by_name["diagnostics"]
    assert action.isEnabled()  # no workspace attached yet
    assert action.text() == "&Diagnostics…"
    shown: list[QDialog] = []
    drive_dialogs.append(shown.append)
    action.trigger()
    (dialog,) = shown
    assert isinstance(dialog, DiagnosticsDialog)
    with qtbot.waitSignal(dialog.diagnosed):
        pass
    tray = "a tray shows the app's icon" if QSystemTrayIcon.isSystemTrayAvailable() else "no tray"
    assert f"Tray            {tray}" in dialog.report.toPlainText()


def test_diagnostics_checks_off_the_window_thread_saying_checking_meanwhile(
    qtbot: QtBot,
    tmp_path: Path,
    drive_dialogs: list[DialogDriver],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """quick_check, D-Bus and a keyring that may prompt must not freeze the window."""
    ran_on: list[threading.Thread] = []

    def diagnose_recording_thread(folder: Path, tray_available: bool | None = None) -> Diagnosis:
        ran_on.append(threading.current_thread())
        return diagnose(folder, tray_available)

    monkeypatch.setattr(doctor, "diagnose", diagnose_recording_thread)
    window = MainWindow(tmp_path / "data", {})
    qtbot.addWidget(window)
    shown: list[QDialog] = []
    drive_dialogs.append(shown.append)
    window.actions_by_name["diagnostics"].trigger()
    (dialog,) = shown
    assert isinstance(dialog, DiagnosticsDialog)
    # The answer is queued to this thread's event loop, which only the wait below runs.
    assert dialog.report.toPlainText() == "Checking…"
    assert not dialog.copy_button.isEnabled()
    with qtbot.waitSignal(dialog.diagnosed):
        pass
    assert ran_on != [threading.main_thread()]
    assert len(ran_on) == 1
    assert "Data folder" in dialog.report.toPlainText()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.report.toPlainText()
