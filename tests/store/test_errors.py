"""The database's refusals become one DatabaseWriteError that says what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from peewee import OperationalError

from freelance_ghost.core.kinds import ClientKind, ClientStatus
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.database import close_database, database_path, open_read_only
from freelance_ghost.store.errors import DatabaseWriteError, database_refusals
from tests.conftest import NOW


def refusal_of(error: BaseException) -> str:
    """The one line that ``error``, raised inside a write, becomes."""
    with pytest.raises(DatabaseWriteError) as caught, database_refusals():
        raise error
    assert caught.value.__cause__ is error  # the original stays in the log's traceback
    return str(caught.value)


def test_a_locked_database_says_another_program_is_writing(db: Path) -> None:
    holder = sqlite3.connect(database_path(db), isolation_level=None)
    writer = sqlite3.connect(database_path(db), timeout=0, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseWriteError) as caught, database_refusals():
            writer.execute("BEGIN IMMEDIATE")
    finally:
        writer.close()
        holder.close()
    assert str(caught.value) == (
        "the database refused the change (database is locked; another program is writing "
        "to it; try again when it is done)"
    )


def test_a_full_disk_is_named_even_behind_a_failed_rollback() -> None:
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.Error:
            raise OperationalError("cannot rollback - no transaction is active") from None
    except OperationalError as error:
        line = refusal_of(error)
    assert line == "the database refused the change (database or disk is full; the disk is full)"


def test_a_read_only_database_says_so(db: Path) -> None:
    close_database()
    open_read_only(db)
    with pytest.raises(DatabaseWriteError) as caught, database_refusals():
        create_client("Initech", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW)
    assert str(caught.value) == (
        "the database refused the change (attempt to write a readonly database; "
        "the data folder or the database file is read-only)"
    )


def test_an_io_error_says_the_disk_may_be_failing() -> None:
    line = refusal_of(OperationalError("disk I/O error"))
    assert line == (
        "the database refused the change (disk I/O error; the disk may be full or failing)"
    )


def test_an_unknown_refusal_is_passed_on_without_a_hint() -> None:
    line = refusal_of(sqlite3.IntegrityError("CHECK constraint failed: payment"))
    assert line == "the database refused the change (CHECK constraint failed: payment)"


def test_other_errors_pass_through_untouched() -> None:
    with pytest.raises(ValueError, match="not a database error"), database_refusals():
        raise ValueError("not a database error")
