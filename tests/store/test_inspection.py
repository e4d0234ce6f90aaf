"""Reading a data folder before opening it: the remembered window state, and the check on a thread."""

from __future__ import annotations

import sqlite3
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

import pytest

from freelance_ghost.store.database import close_database
from freelance_ghost.store.inspection import (
    BackgroundInspection,
    DatabaseRefusedError,
    database_path,
    peek_ui_state,
    sqlite_uri,
)
from freelance_ghost.store.migrations import SCHEMA_VERSION
from freelance_ghost.store.models import Setting
from freelance_ghost.store.settings import START_IN_TRAY, WINDOW_GEOMETRY, save


def test_peek_reads_the_remembered_window_state_only(db: Path) -> None:
    save([(WINDOW_GEOMETRY, "AAAA"), (START_IN_TRAY, True)])
    Setting.create(key="quiet_start", value="20:00")  # not the window's
    close_database()
    assert peek_ui_state(database_path(db)) == {"geometry": "AAAA", "start_minimised": "1"}


def test_peek_at_no_database_creates_nothing(data_dir: Path) -> None:
    assert peek_ui_state(database_path(data_dir)) == {}
    assert not data_dir.exists()


def test_peek_at_a_file_that_is_not_a_database_says_nothing(data_dir: Path) -> None:
    data_dir.mkdir()
    path = database_path(data_dir)
    path.write_bytes(b"client,timestamp\n" * 500)
    assert peek_ui_state(path) == {}
    assert path.read_bytes() == b"client,timestamp\n" * 500


def test_the_background_inspection_answers_like_the_inspection(db: Path) -> None:
    close_database()
    assert BackgroundInspection(database_path(db)).version() == SCHEMA_VERSION


def test_the_background_inspection_finds_no_database(data_dir: Path) -> None:
    assert BackgroundInspection(database_path(data_dir)).version() == 0


def test_the_background_inspection_hands_over_its_refusal(data_dir: Path) -> None:
    data_dir.mkdir()
    database_path(data_dir).write_bytes(b"not a database\n" * 500)
    inspection = BackgroundInspection(database_path(data_dir))
    with pytest.raises(DatabaseRefusedError, match="not an SQLite file"):
        inspection.version()


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (
            PurePosixPath("/home/ann/50% #1?/freelance_ghost.db"),
            "file:///home/ann/50%25%20%231%3F/freelance_ghost.db?mode=ro",
        ),
        (
            PureWindowsPath("C:/Users/Ann/freelance_ghost.db"),
            "file:///C:/Users/Ann/freelance_ghost.db?mode=ro",
        ),
        (
            PureWindowsPath("//server/share/ghost/freelance_ghost.db"),
            "file:////server/share/ghost/freelance_ghost.db?mode=ro",
        ),
    ],
)
def test_sqlite_uris_keep_the_host_empty_and_quote_the_path(path: PurePath, uri: str) -> None:
    """SQLite refuses a URI that names a host: a Windows network folder keeps its // in the path."""
    assert sqlite_uri(path, "mode=ro") == uri


def test_an_sqlite_uri_opens_a_folder_with_awkward_characters(tmp_path: Path) -> None:
    folder = tmp_path / "50% #1?"
    folder.mkdir()
    sqlite3.connect(folder / "x.db").close()
    connection = sqlite3.connect(sqlite_uri((folder / "x.db").resolve(), "mode=ro"), uri=True)
    assert connection.execute("PRAGMA user_version").fetchone() == (0,)
    connection.close()
