"""A schema-1 database as the first release wrote it, for the migration tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from freelance_ghost.store.migrations import apply_pending


def make_version_1(
    path: Path, clients: int, interactions: int, keep_in_wal: bool = False
) -> sqlite3.Connection:
    """``clients`` clients with ``interactions`` outbound emails each, in WAL mode, and the
    connection still open; ``keep_in_wal`` leaves the latest rows only in the WAL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = wal")
    if keep_in_wal:
        connection.execute("PRAGMA wal_autocheckpoint = 0")
    apply_pending(connection, target=1)
    connection.execute("BEGIN")
    for number in range(clients):
        client_id = connection.execute(
            "INSERT INTO client (name, name_key, kind, status, notes, created_at) "
            "VALUES (?, ?, 'organization', 'active', '', 0)",
            (f"Client {number}", f"client {number}"),
        ).lastrowid
        connection.executemany(
            "INSERT INTO interaction (client_id, direction, channel, occurred_at) "
            "VALUES (?, 'out', 'email', ?)",
            [(client_id, n * 1_000_000) for n in range(interactions)],
        )
    connection.execute("COMMIT")
    return connection
