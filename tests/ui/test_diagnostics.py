"""Help, Diagnostics: doctor's checks in the window, the tray as Qt sees it, and Copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from freelance_ghost.services.doctor import diagnose
from freelance_ghost.ui.dialogs.diagnostics import DiagnosticsDialog
from freelance_ghost.ui.main_window import MainWindow
from tests.ui.conftest import DialogDriver


def test_copy_puts_the_whole_diagnosis_on_the_clipboard(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = DiagnosticsDialog(diagnose(tmp_path / "data", tray_available=False))
    qtbot.addWidget(dialog)
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
    tray = "a tray shows the app's icon" if QSystemTrayIcon.isSystemTrayAvailable() else "no tray"
    assert f"Tray            {tray}" in dialog.report.toPlainText()
