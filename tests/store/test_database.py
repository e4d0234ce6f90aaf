"""Opening the database: safe pragmas, private files, and refusals that leave the file alone."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from freelance_ghost.store.database import (
    DatabaseRefusedError,
    close_database,
    database_path,
    open_database,
    open_read_only,
)
from freelance_ghost.store.mail_records import mail_model_columns
from freelance_ghost.store.migrations import SCHEMA_VERSION
from freelance_ghost.store.models import Client, database, model_columns
from freelance_ghost.store.reminders import reminder_model_columns
from tests.conftest import NOW


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_uses_safe_pragmas(db: Path) -> None:
    assert database.pragma("journal_mode") == "wal"
    assert database.pragma("synchronous") == 2  # FULL
    assert database.pragma("foreign_keys") == 1
    assert database.pragma("busy_timeout") == 5000
    assert database.pragma("user_version") == SCHEMA_VERSION


def test_write_transactions_begin_immediate(db: Path) -> None:
    statements: list[str] = []
    database.connection().set_trace_callback(statements.append)
    with database.atomic():
        Client.select().count()
    assert "BEGIN IMMEDIATE" in statements


@pytest.mark.skipif(not hasattr(stat, "S_IMODE"), reason="POSIX file modes")
def test_database_and_its_wal_files_are_private(db: Path) -> None:
    with database.atomic():
        Client.create(
            name="Globex", name_key="globex", kind="organization", status="active", created_at=NOW
        )
    files = [database_path(db), *database_path(db).parent.glob("*.db-*")]
    assert len(files) == 3  # the database, its -wal and its -shm
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert stat.S_IMODE(db.stat().st_mode) == 0o700


def test_migrated_schema_matches_the_models(db: Path) -> None:
    declared = {**model_columns(), **reminder_model_columns(), **mail_model_columns()}
    connection = database.connection()
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
    }
    assert tables == set(declared)
    migrated = {
        table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        for table in declared
    }
    assert {t: sorted(c) for t, c in migrated.items()} == {
        t: sorted(c) for t, c in declared.items()
    }


def test_reopening_keeps_the_records(db: Path) -> None:
    with database.atomic():
        Client.create(
            name="Globex", name_key="globex", kind="organization", status="active", created_at=NOW
        )
    close_database()
    opened = open_database(db, NOW)
    assert opened.migrated == []
    assert Client.get().name == "Globex"


def _refused(data_dir: Path, reason: str) -> None:
    path = database_path(data_dir)
    before = fingerprint(path)
    with pytest.raises(DatabaseRefusedError, match=reason):
        open_database(data_dir, NOW)
    assert fingerprint(path) == before
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # a reader may leave an empty WAL


def test_newer_schema_is_refused_untouched(db: Path) -> None:
    database.pragma("user_version", SCHEMA_VERSION + 1)
    close_database()
    _refused(db, "written by a newer Freelance Ghost")


def test_a_file_that_is_not_a_database_is_refused_untouched(data_dir: Path) -> None:
    data_dir.mkdir()
    database_path(data_dir).write_bytes(b"client,timestamp\nnot a database at all\n" * 100)
    _refused(data_dir, "not an SQLite file")


def test_another_programs_sqlite_file_is_refused_untouched(data_dir: Path) -> None:
    data_dir.mkdir()
    connection = sqlite3.connect(database_path(data_dir))
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    _refused(data_dir, "another program")


def test_a_damaged_database_is_refused_untouched(db: Path) -> None:
    with database.atomic():
        for number in range(400):
            Client.create(
                name=f"Client {number}",
                name_key=f"client {number}",
                kind="person",
                status="lead",
                notes="x" * 200,
                created_at=NOW,
            )
    close_database()
    path = database_path(db)
    data = bytearray(path.read_bytes())
    page_size = 4096
    data[page_size * 3 : page_size * 3 + 64] = b"\xff" * 64  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    _refused(db, "is damaged")  # quick_check fails or SQLite says malformed


def test_a_folder_where_the_database_belongs_is_refused_in_one_line(data_dir: Path) -> None:
    database_path(data_dir).mkdir(parents=True)
    with pytest.raises(DatabaseRefusedError, match="is a folder") as refused:
        open_database(data_dir, NOW)
    assert str(database_path(data_dir)) in str(refused.value)
    assert "\n" not in str(refused.value)
    assert list(data_dir.iterdir()) == [database_path(data_dir)]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_read_only_database_file_is_read_as_it_is_and_stays_read_only(db: Path) -> None:
    with database.atomic():
        Client.create(
            name="Globex", name_key="globex", kind="organization", status="active", created_at=NOW
        )
    close_database()
    path = database_path(db)
    path.chmod(0o400)
    try:
        _refused(db, "is read-only, so nothing can be saved")
        assert _mode(path) == 0o400
        opened = open_read_only(db)
        assert (opened.read_only, Client.get().name) == ("the database file", "Globex")
        close_database()
        assert _mode(path) == 0o400
    finally:
        path.chmod(0o600)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_opening_takes_group_and_other_bits_and_leaves_the_owners(db: Path) -> None:
    close_database()
    path = database_path(db)
    path.chmod(0o664)
    open_database(db, NOW)
    assert _mode(path) == 0o600
    close_database()
    path.chmod(0o704)  # an owner's odd choice of their own bits is theirs
    open_database(db, NOW)
    assert _mode(path) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_mode_that_cannot_be_changed_does_not_stop_the_records_opening(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user's file, shared through a group: only its owner may change its mode."""
    close_database()
    path = database_path(db)
    path.chmod(0o660)

    def not_the_owner(self: Path, mode: int) -> None:
        raise PermissionError(1, "Operation not permitted", str(self))

    monkeypatch.setattr(Path, "chmod", not_the_owner)
    open_database(db, NOW)
    assert Client.select().count() == 0
    assert _mode(path) == 0o660
