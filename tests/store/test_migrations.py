"""Schema versions: an older database is backed up online, then migrated with every row kept."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from freelance_ghost.core.clock import to_micros
from freelance_ghost.core.history.format import HEADER_LINE
from freelance_ghost.core.history.reading import parse_history
from freelance_ghost.store.database import database_path, open_database
from freelance_ghost.store.history import import_history
from freelance_ghost.store.migrations import SCHEMA_VERSION, apply_pending
from freelance_ghost.store.models import Client, Contact, Interaction, Invoice
from tests.conftest import BERLIN, NOW
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
        "interaction checks as equalities",
        "names in one written form",
        "mail accounts and what was read",
        "an id for these records",
        "sent messages for the insights",
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


def _attached(connection: sqlite3.Connection) -> set[tuple[str, str, str]]:
    """The interaction table's indexes and triggers, as the schema holds them."""
    return set(
        connection.execute(
            "SELECT type, name, sql FROM sqlite_schema "
            "WHERE tbl_name = 'interaction' AND type IN ('index', 'trigger')"
        )
    )


def test_version_6_rewrites_the_interaction_checks_and_keeps_every_row(tmp_path: Path) -> None:
    connection = make_version_1(tmp_path / "db.sqlite", clients=3, interactions=4)
    apply_pending(connection, target=5)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(
        "INSERT INTO interaction (client_id, contact_id, project_id, direction, channel, "
        "occurred_at, summary, next_step, next_step_due) "
        "VALUES (2, NULL, NULL, 'in', 'in_person', 7, 'Lunch', 'Send quote', '2026-02-01')"
    )
    rows = connection.execute("SELECT * FROM interaction ORDER BY id").fetchall()
    attached = _attached(connection)
    connection.execute(
        "INSERT INTO conversation VALUES (1, 0, NULL, NULL, 0, NULL, 0, 0, NULL, '', '', '', NULL)"
    )

    apply_pending(connection)

    (table_sql,) = connection.execute(
        "SELECT sql FROM sqlite_schema WHERE name = 'interaction'"
    ).fetchone()
    assert " IN " not in table_sql.upper()
    assert connection.execute("SELECT * FROM interaction ORDER BY id").fetchall() == rows
    assert _attached(connection) == attached
    assert connection.execute("SELECT count(*) FROM conversation").fetchone() == (1,)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    for direction, channel in (("sideways", "email"), ("in", "fax"), ("in", "EMAIL")):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            connection.execute(
                "INSERT INTO interaction (client_id, direction, channel, occurred_at) "
                "VALUES (1, ?, ?, 9)",
                (direction, channel),
            )
    connection.execute(
        "INSERT INTO interaction (client_id, direction, channel, occurred_at) "
        "VALUES (1, 'out', 'social', 9)"
    )
    assert connection.execute("SELECT count(*) FROM conversation").fetchone() == (0,)
    connection.close()


def test_version_6_carries_a_row_whose_client_is_gone_over_as_it_was(tmp_path: Path) -> None:
    connection = make_version_1(tmp_path / "db.sqlite", clients=2, interactions=1)
    apply_pending(connection, target=5)
    connection.execute(  # an outside edit left it: foreign keys are off by default here
        "INSERT INTO interaction (client_id, direction, channel, occurred_at) "
        "VALUES (999, 'in', 'phone', 5)"
    )
    connection.execute("PRAGMA foreign_keys = ON")  # as opening the database sets them

    assert apply_pending(connection, target=6) == ["interaction checks as equalities"]

    assert connection.execute("SELECT count(*) FROM interaction").fetchone() == (3,)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() != []  # kept, as it was
    assert connection.execute("PRAGMA foreign_keys").fetchone() == (1,)
    connection.close()


def test_version_7_gives_stored_names_their_one_written_form(data_dir: Path) -> None:
    # As an older version stored names: trimmed and casefolded, nothing more.
    data_dir.mkdir()
    connection = sqlite3.connect(database_path(data_dir), isolation_level=None)
    apply_pending(connection, target=6)
    clients = [
        "Cafe\u0301 Noir",  # é as e and an accent: becomes the one character
        "Acme\xa0Ltd",  # a no-break space: becomes a plain one
        "Acme Ltd",  # ... unless another client already has that form: both stay
        "Glo\u200bbex",  # an invisible character: left for the user to see
        "Globex",
    ]
    for name in clients:
        connection.execute(
            "INSERT INTO client (name, name_key, kind, status, created_at) "
            "VALUES (?, ?, 'organization', 'active', 0)",
            (name, name.casefold()),
        )
    connection.execute(
        "INSERT INTO contact (client_id, name, name_key, created_at) VALUES (1, ?, ?, 0)",
        ("Zoe\u0308", "zoe\u0308"),
    )
    connection.execute(
        "INSERT INTO project (client_id, name, name_key, status, created_at) "
        "VALUES (1, ?, ?, 'active', 0)",
        ("Site\u3000", "site\u3000"),
    )
    connection.execute(
        "INSERT INTO invoice (client_id, number, amount_minor, currency, issued_at, due_on) "
        "VALUES (1, ?, 100, 'EUR', ?, '2026-01-01')",
        ("A\xa01", to_micros(datetime(2026, 1, 5, 8, tzinfo=UTC))),
    )

    assert apply_pending(connection, target=7) == ["names in one written form"]

    assert connection.execute("SELECT name, name_key FROM client ORDER BY id").fetchall() == [
        ("Café Noir", "café noir"),
        ("Acme\xa0Ltd", "acme\xa0ltd"),
        ("Acme Ltd", "acme ltd"),
        ("Glo\u200bbex", "glo\u200bbex"),
        ("Globex", "globex"),
    ]
    assert connection.execute("SELECT name, name_key FROM contact").fetchall() == [("Zoë", "zoë")]
    assert connection.execute("SELECT name, name_key FROM project").fetchall() == [("Site", "site")]
    assert connection.execute("SELECT number FROM invoice").fetchall() == [("A 1",)]
    connection.close()
    # The history file the older version imported those names from adds nothing again.
    open_database(data_dir, NOW)
    text = "\r\n".join(
        [
            HEADER_LINE,
            "Cafe\u0301 Noir,2026-01-05T09:00:00+01:00,contact,Zoe\u0308,,,,,,,,,,,,,",
            "Cafe\u0301 Noir,2026-01-05T09:00:00+01:00,invoice,,,,,,,,,,A\xa01,1.00,EUR,2026-01-01,",
        ]
    )
    assert import_history(parse_history(text, BERLIN)).clients_created == 0
    assert Contact.select().count() == Invoice.select().count() == 1
