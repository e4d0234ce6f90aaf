"""The window's two-step start: the frame is drawn first, the records are put in after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from freelance_ghost.core.clock import FixedClock
from freelance_ghost.core.kinds import ClientKind, ClientStatus
from freelance_ghost.services.autostart import NoLoginItem
from freelance_ghost.services.notify.log_backend import LogNotifier
from freelance_ghost.services.reminders import Reminders
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.inspection import database_path
from freelance_ghost.store.models import database
from freelance_ghost.ui import app as app_module
from freelance_ghost.ui.mail_sync import MailSync, PasswordBook
from freelance_ghost.ui.main_window import MainWindow
from freelance_ghost.ui.workspace import Workspace
from tests.conftest import BERLIN, NOW


def test_the_frame_is_drawn_before_the_records_open(qtbot: QtBot, data_dir: Path) -> None:
    frame = MainWindow(data_dir)
    qtbot.addWidget(frame)
    assert any("Opening your records…" in label.text() for label in frame.findChildren(QLabel))
    assert [menu.title() for menu in frame.menuBar().findChildren(QMenu)] == [
        "&File",
        "&Edit",
        "&View",
        "&Mail",
        "&Help",
    ]
    enabled = {name for name, action in frame.actions_by_name.items() if action.isEnabled()}
    assert enabled == {"quit", "diagnostics"}  # nothing that needs the records, yet
    with qtbot.waitSignal(frame.first_painted, timeout=5000):
        frame.show()
    assert frame.workspace is None
    assert not data_dir.exists()  # drawing the frame touched nothing on disk


def test_the_frames_menus_carry_their_keyboard_shortcuts(qtbot: QtBot, data_dir: Path) -> None:
    frame = MainWindow(data_dir)
    qtbot.addWidget(frame)
    keys = {
        name: [sequence.toString() for sequence in action.shortcuts()]
        for name, action in frame.actions_by_name.items()
    }
    assert keys["import"] == ["Ctrl+I"]
    assert keys["export_client"] == ["Ctrl+Shift+E"]
    assert keys["folder"] == []
    assert keys["quit"] == [QKeySequence(QKeySequence.StandardKey.Quit).toString()]
    assert keys["settings"][0] == "Ctrl+,"


def test_attaching_the_workspace_brings_the_menus_to_life(qtbot: QtBot, db: Path) -> None:
    frame = MainWindow(db)
    qtbot.addWidget(frame)
    create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW)
    with qtbot.waitSignal(frame.loaded, timeout=5000):
        reminders = Reminders(LogNotifier(), BERLIN)
        frame.attach(Workspace(db, BERLIN, lambda: NOW, frame, reminders, NoLoginItem()))
    mail_menu = {"mail_sync", "mail_accounts", "strangers"}
    assert all(a.isEnabled() for n, a in frame.actions_by_name.items() if n not in mail_menu)
    assert not any(frame.actions_by_name[name].isEnabled() for name in mail_menu)
    frame.workspace.use_mail(MailSync(db, PasswordBook()))  # the app's composition gives it
    assert all(action.isEnabled() for action in frame.actions_by_name.values())
    assert frame.centralWidget() is frame.workspace
    frame.workspace.refresh()
    frame.actions_by_name["clients"].trigger()
    assert frame.workspace.pages.currentWidget() is frame.workspace.clients
    frame.actions_by_name["today"].trigger()
    assert frame.workspace.pages.currentWidget() is frame.workspace.today


def test_a_refused_database_ends_the_start_with_status_2(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir.mkdir()
    database_path(data_dir).write_bytes(b"not a database\n" * 500)
    offered: list[str] = []
    exits: list[int] = []
    monkeypatch.setattr(
        "freelance_ghost.ui.dialogs.backups.offer_recovery",
        lambda _folder, problem, _now, _zone: offered.append(str(problem)) or False,
    )
    monkeypatch.setattr(QApplication, "exit", staticmethod(exits.append))
    frame = MainWindow(data_dir)
    qtbot.addWidget(frame)
    opener = app_module._Opener(frame, FixedClock(NOW), False)
    opener.open()
    assert exits == [2]
    assert "not an SQLite file" in offered[0]
    assert frame.workspace is None
    assert database_path(data_dir).read_bytes() == b"not a database\n" * 500


def test_an_unforeseen_error_in_step_two_is_said_and_ends_the_app(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("the disk went away")

    said: list[str] = []
    exits: list[int] = []
    monkeypatch.setattr("freelance_ghost.ui.workspace.Workspace", broken)
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: said.append(str(args[2])))
    monkeypatch.setattr(QApplication, "exit", staticmethod(exits.append))
    frame = MainWindow(data_dir)
    qtbot.addWidget(frame)
    opener = app_module._Opener(frame, FixedClock(NOW), False)
    opener.open()
    opener.open()  # the paint and the fallback timer both ask: step two runs once
    assert exits == [1]
    assert len(said) == 1
    assert "the disk went away" in said[0]
    opener.close()  # the database step two opened is closed again
    assert database.is_closed()


def test_an_import_in_the_window_holds_the_reminder_checks(qtbot: QtBot, db: Path) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    root = app_module.compose(window, FixedClock(NOW), BERLIN)
    root.workspace.files.busy.emit(True)
    assert root.timer.held
    root.timer._on_finished(None)  # a check begun before the import ends during it
    assert root.timer.held
    root.timer.tick()
    assert not root.timer.busy  # no check starts while the import's transaction is open
    root.workspace.files.busy.emit(False)
    assert not root.timer.held
