"""Import and export from the window: a refusal of the database is one message, the window stays."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from freelance_ghost.store.models import Client
from freelance_ghost.ui import file_actions
from freelance_ghost.ui.main_window import MainWindow
from tests.ui.test_main_window import HISTORY


def refuse(message: str) -> object:
    """A stand-in for a service call that SQLite refuses with ``message``."""

    def refused(*_args: object, **_kwargs: object) -> object:
        raise sqlite3.OperationalError(message)

    return refused


def test_a_locked_database_refuses_an_import_in_one_message(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[str]
) -> None:
    path = tmp_path / "history.csv"
    path.write_text(HISTORY, encoding="utf-8", newline="")
    monkeypatch.setattr(file_actions, "import_history_file", refuse("database is locked"))

    window.workspace.files.import_file(path)

    assert answers == [
        "The database refused the change (database is locked; another program is writing to "
        "it; try again when it is done); nothing was imported."
    ]
    assert window.isVisible()
    assert Client.select().count() == 0


def test_a_database_error_during_an_export_is_one_message(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[str]
) -> None:
    target = tmp_path / "out.csv"
    monkeypatch.setattr(file_actions, "export_history_file", refuse("string or blob too big"))

    window.workspace.files.export_file(target)

    assert answers == [
        f"The records could not be read (string or blob too big); {target} is unchanged."
    ]
    assert window.isVisible()
    assert not target.exists()
