"""Connection settings switched for one piece of work, then put back as they were."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def foreign_keys_off(connection: sqlite3.Connection, off: bool = True) -> Iterator[None]:
    """Foreign-key checks off (when ``off``) until the block ends, then as they were.

    SQLite ignores the switch inside a transaction, so enter this before the transaction
    begins; inside one the checks simply stay as they are.
    """
    checked = connection.execute("PRAGMA foreign_keys").fetchone()[0]
    if off:
        connection.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        connection.execute(f"PRAGMA foreign_keys = {int(checked)}")
