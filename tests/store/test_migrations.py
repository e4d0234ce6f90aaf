"""Schema versions: an older database is backed up online, then migrated with every row kept."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from freelance_ghost.store.database import database_path, open_database
from freelance_ghost.store.migrations import SCHEMA_VERSION, apply_pending
from freelance_ghost.store.models import Client, Interaction
from tests.conftest import NOW
from tests.schema1 import make_version_1

CLIENTS = 50
INTERACTIONS_PER_CLIENT = 20


def test_version_1_is_backed_up_then_migrated(data_dir: Path) -> None:
    path = database_path(data_dir)
    writer = make_version_1(path, CLIENTS, INTERACTIONS_PER_CLIENT, keep_in_wal=True)
    assert path.with_name(path.name + "-wal").stat().st_size > 0

    opened = open_database(data_dir, NOW)

    assert opened.migrated == [
        "client archive",
        "attention settings and conversation summaries",
        "notification record and snoozes",
        "no per-direction interaction index",
    ]
    assert Client.select().count() == CLIENTS
    assert Interaction.select().count() == CLIENTS * INTERACTIONS_PER_CLIENT
    assert Client.get().archived_at is None  # the new column exists and is empty

    assert opened.backup is not None
    assert opened.backup.parent == data_dir / "backups"
    assert stat.S_IMODE(opened.backup.stat().st_mode) == 0o600
    backup = sqlite3.connect(opened.backup)
    assert backup.execute("PRAGMA user_version").fetchone() == (1,)
    assert backup.execute("SELECT count(*) FROM client").fetchone() == (CLIENTS,)
    assert backup.execute("SELECT count(*) FROM interaction").fetchone() == (
        CLIENTS * INTERACTIONS_PER_CLIENT,
    )
    assert backup.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    backup.close()
    writer.close()


def test_a_new_database_needs_no_backup(data_dir: Path) -> None:
    opened = open_database(data_dir, NOW)
    assert opened.backup is None
    assert len(opened.migrated) == SCHEMA_VERSION
    assert not (data_dir / "backups").exists()


def test_version_5_drops_the_per_direction_index_and_keeps_the_one_by_time(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "db.sqlite", isolation_level=None)
    apply_pending(connection, target=4)
    indexes = "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'interaction'"
    assert "interaction_pace" in {row[0] for row in connection.execute(indexes)}
    apply_pending(connection)
    names = {row[0] for row in connection.execute(indexes)}
    assert "interaction_pace" not in names
    assert "interaction_client_occurred_at" in names
    connection.close()
