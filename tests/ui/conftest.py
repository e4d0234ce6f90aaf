"""UI fixtures: a window over a fresh database, and a way to drive modal dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from freelance_ghost.services.demo import load_demo
from freelance_ghost.ui.main_window import MainWindow
from freelance_ghost.ui.workspace import open_window
from tests.conftest import BERLIN, NOW

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def screenshot(widget: object, name: str) -> Path:
    """Renders a widget to tests/screenshots/NAME.png (git ignores the folder)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert widget.grab().save(str(path))  # type: ignore[attr-defined]
    return path


@pytest.fixture
def window(qtbot: QtBot, db: Path) -> MainWindow:
    """The main window on an empty data folder, shown offscreen."""
    shown = open_window(db, BERLIN, lambda: NOW)
    qtbot.addWidget(shown)
    shown.show()
    return shown


@pytest.fixture
def demo_window(window: MainWindow) -> MainWindow:
    """The main window with the sample year loaded."""
    load_demo(NOW, BERLIN)
    window.workspace.refresh()
    return window


DialogDriver = Callable[[QDialog], None]


@pytest.fixture
def drive_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[DialogDriver]]:
    """Modal dialogs run the queued drivers instead of blocking; each driver fills one dialog.

    A driver ends by clicking Save (or Cancel); ``exec`` then returns what the dialog decided.
    """
    drivers: list[DialogDriver] = []
    seen: list[QDialog] = []

    def fake_exec(dialog: QDialog) -> int:
        seen.append(dialog)
        assert drivers, f"no driver queued for {type(dialog).__name__}"
        drivers.pop(0)(dialog)
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    yield drivers
    assert not drivers, "a queued dialog driver was never used"


def click_save(dialog: QDialog) -> None:
    """Presses the dialog's Save button."""
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()  # type: ignore[attr-defined]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes answer Yes and record their text instead of blocking."""
    said: list[str] = []

    def record(*args: object) -> QMessageBox.StandardButton:
        said.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, record)
    return said
