"""The database's refusals in the app's own words: no peewee or sqlite3 name leaves the store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from peewee import PeeweeException

# What SQLite says, and what the person can do about it.
_HINTS = {
    "database is locked": "another program is writing to it; try again when it is done",
    "disk I/O error": "the disk may be full or failing",
    "database or disk is full": "the disk is full",
    "readonly database": "the data folder or the database file is read-only",
}


class DatabaseWriteError(Exception):
    """The database refused a change (locked, full, read-only, failing); nothing was saved."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the database refused the change ({reason})")
        self.reason = reason


def database_write_error(error: BaseException) -> DatabaseWriteError:
    """``error`` from peewee or sqlite3 as one line that says what happened and what to do.

    When SQLite has already rolled back (a full disk, an I/O error), peewee's own rollback
    fails with "cannot rollback"; the error before it is the one worth reporting.
    """
    reason = error
    while "cannot rollback" in str(reason) and reason.__context__ is not None:
        reason = reason.__context__
    text = str(reason)
    hint = next((f"; {hint}" for key, hint in _HINTS.items() if key in text), "")
    return DatabaseWriteError(f"{text}{hint}")


@contextmanager
def database_refusals() -> Iterator[None]:
    """Turns the database's refusals inside the block into :class:`DatabaseWriteError`.

    The command line and the window's forms wrap their writes in it, so both say the same
    thing and neither needs to know which library refused (the importer writes with sqlite3).
    """
    try:
        yield
    except (PeeweeException, sqlite3.Error) as error:
        raise database_write_error(error) from error
