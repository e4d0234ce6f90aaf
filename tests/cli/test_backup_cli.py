"""``freelance-ghost backup`` and ``restore [FILE]``: a round trip keeps every row; junk is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from freelance_ghost.cli import main
from freelance_ghost.services.backups import list_backups
from freelance_ghost.store.database import close_database, database_path, open_database
from freelance_ghost.store.models import Client, Interaction
from tests.conftest import NOW

CLIENTS = 30


def fill(data_dir: Path) -> None:
    open_database(data_dir, NOW)
    for number in range(CLIENTS):
        client = Client.create(
            name=f"Client {number}",
            name_key=f"client {number}",
            kind="organization",
            status="active",
            created_at=NOW,
        )
        Interaction.create(client=client, direction="out", channel="email", occurred_at=NOW)
    close_database()


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to compare two databases."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in tables
        }
    finally:
        connection.close()


def test_backup_then_restore_keeps_every_row(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(data_dir)
    before = table_rows(database_path(data_dir))

    assert main(["backup", "--data-dir", str(data_dir)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.parent == data_dir / "backups"
    assert table_rows(printed) == before

    open_database(data_dir, NOW)
    Interaction.delete().execute()
    Client.delete().where(Client.name == "Client 0").execute()
    close_database()

    assert main(["restore", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert f"Restored {printed}." in out
    assert "backed up in" in out
    assert table_rows(database_path(data_dir)) == before


def test_restore_a_named_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(data_dir)
    assert main(["backup", "--data-dir", str(data_dir)]) == 0
    chosen = capsys.readouterr().out.strip()
    assert main(["restore", chosen, "--data-dir", str(data_dir)]) == 0
    assert f"Restored {chosen}." in capsys.readouterr().out


def test_restore_refuses_a_junk_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(data_dir)
    before = database_path(data_dir).read_bytes()
    junk = tmp_path / "junk.db"
    junk.write_text("hello\n")

    assert main(["restore", str(junk), "--data-dir", str(data_dir)]) == 2

    error = capsys.readouterr().err
    assert (
        error
        == f"freelance-ghost: {junk} cannot be restored: not an SQLite database; nothing was changed\n"
    )
    assert database_path(data_dir).read_bytes() == before


def test_restore_without_any_backup_says_so(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(data_dir)
    assert main(["restore", "--data-dir", str(data_dir)]) == 2
    assert "there is no good backup to restore" in capsys.readouterr().err


def test_backup_of_a_new_data_folder(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "--data-dir", str(data_dir)]) == 0  # opening creates the database
    assert Path(capsys.readouterr().out.strip()).exists()


def test_check_takes_the_daily_backup_once(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    fill(data_dir)
    assert main(["check", "--data-dir", str(data_dir)]) == 0
    assert main(["check", "--data-dir", str(data_dir)]) == 0
    [daily] = list_backups(data_dir)
    assert daily.reason == "daily"
