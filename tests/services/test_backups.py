"""Backups: online (WAL included), private, checked, recorded, thinned; restore keeps what it replaces."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from freelance_ghost.services import backups
from freelance_ghost.services.backups import (
    BackupError,
    BackupReason,
    backup_now,
    backups_to_keep,
    daily_backup_due,
    list_backups,
    maybe_daily_backup,
    newest_good_backup,
    thin_backups,
)
from freelance_ghost.services.restore import restore
from freelance_ghost.store.backup_manifest import BackupRecord, read_records, write_records
from freelance_ghost.store.database import close_database, database_path, open_database
from freelance_ghost.store.models import Client
from tests.conftest import BERLIN, NOW
from tests.schema1 import make_version_1

ROWS = 40


def add_clients(count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        Client.create(
            name=f"Client {number}",
            name_key=f"client {number}",
            kind="organization",
            status="active",
            created_at=NOW,
        )


def client_names(path: Path) -> list[str]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM client ORDER BY id")]
    finally:
        connection.close()


def writer_with_rows_in_wal(data_dir: Path) -> sqlite3.Connection:
    """A second connection whose committed rows stay in the WAL (left open)."""
    writer = sqlite3.connect(database_path(data_dir), isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("BEGIN IMMEDIATE")
    writer.executemany(
        "INSERT INTO client (name, name_key, kind, status, notes, created_at) "
        "VALUES (?, ?, 'organization', 'active', '', 0)",
        [(f"Wal {n}", f"wal {n}") for n in range(ROWS)],
    )
    writer.execute("COMMIT")
    return writer


def test_a_backup_holds_what_is_still_in_the_wal(db: Path) -> None:
    writer = writer_with_rows_in_wal(db)
    assert database_path(db).with_name("freelance_ghost.db-wal").stat().st_size > 0

    info = backup_now(db, NOW, BackupReason.MANUAL, UTC)
    writer.close()

    assert info.path.parent == db / "backups"
    assert info.ok
    assert info.reason is BackupReason.MANUAL
    assert len(client_names(info.path)) == ROWS
    check = sqlite3.connect(info.path)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert check.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one whole file
    check.close()
    assert sorted(p.name for p in (db / "backups").iterdir()) == sorted(
        [info.path.name, "manifest.json", "manifest.lock"]
    )


@pytest.mark.skipif(not hasattr(stat, "S_IMODE"), reason="POSIX file modes")
def test_backups_and_their_record_are_private(db: Path) -> None:
    info = backup_now(db, NOW, BackupReason.MANUAL, UTC)
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert stat.S_IMODE((db / "backups" / "manifest.json").stat().st_mode) == 0o600
    assert stat.S_IMODE((db / "backups").stat().st_mode) == 0o700


def test_a_backup_failing_its_check_is_deleted_and_reported(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def garbled_backup(source: sqlite3.Connection, target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8192)
        return target

    monkeypatch.setattr(backups, "online_backup", garbled_backup)
    with pytest.raises(BackupError, match="failed its check"):
        backup_now(db, NOW, BackupReason.MANUAL, UTC)
    assert [p.name for p in (db / "backups").iterdir()] == []
    assert list_backups(db) == []


def test_a_migration_backup_is_recorded(data_dir: Path) -> None:
    writer = make_version_1(database_path(data_dir), 50, 20, keep_in_wal=True)
    opened = open_database(data_dir, NOW)
    writer.close()
    [info] = list_backups(data_dir)
    assert info.path == opened.backup
    assert info.reason is BackupReason.MIGRATION
    assert info.schema == 1
    assert info.ok


def synthetic_year(end: date) -> list[BackupRecord]:
    """One daily backup at 02:00 UTC on each of the 366 days up to ``end``."""
    return [
        BackupRecord(
            file=f"daily-{day.isoformat()}.db",
            taken_at=datetime(day.year, day.month, day.day, 2, tzinfo=UTC),
            reason=BackupReason.DAILY,
            schema=4,
            size=1,
        )
        for day in (end - timedelta(days=n) for n in range(366))
    ]


# NOW is Monday 2026-11-23, 09:00 UTC.
KEPT_DAYS = [
    *(f"2026-11-{d}" for d in range(17, 24)),  # 7 daily
    "2026-11-15",  # the Sunday closing each of the 3 earlier ISO weeks (11-22 is daily already)
    "2026-11-08",
    *("2025-12-31", "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"),
    *("2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30"),  # the last of each month
]
PRE_MIGRATION = BackupRecord(
    file="freelance_ghost-schema3-20261031T120000000000Z.db",
    taken_at=datetime(2026, 10, 31, 12, tzinfo=UTC),
    reason=BackupReason.MIGRATION,
    schema=3,
    size=1,
)


def test_thinning_a_year_of_daily_backups_keeps_7_daily_4_weekly_12_monthly() -> None:
    records = [*synthetic_year(NOW.date()), PRE_MIGRATION]
    kept = backups_to_keep(records, NOW, UTC)
    # October's newest is the pre-migration backup, kept by the same rule as the daily ones.
    assert kept == {f"daily-{day}.db" for day in KEPT_DAYS} | {PRE_MIGRATION.file}
    assert len(kept) == 7 + 2 + 11


def test_thinning_uses_local_dates() -> None:
    late = BackupRecord(
        "late.db", datetime(2026, 11, 17, 23, 30, tzinfo=UTC), BackupReason.DAILY, 4, 1
    )
    early = BackupRecord(
        "early.db", datetime(2026, 11, 17, 12, tzinfo=UTC), BackupReason.DAILY, 4, 1
    )
    # 23:30 UTC on the 17th is the 18th in Berlin: both are their day's newest there.
    assert backups_to_keep([early, late], NOW, BERLIN) == {"early.db", "late.db"}
    assert backups_to_keep([early, late], NOW, UTC) == {"late.db"}


def test_the_newest_backup_survives_a_long_absence() -> None:
    old = synthetic_year(date(2023, 1, 1))
    assert backups_to_keep(old, NOW, UTC) == {"daily-2023-01-01.db"}


def test_thinning_deletes_only_recorded_backups(data_dir: Path) -> None:
    folder = data_dir / "backups"
    folder.mkdir(parents=True)
    records = synthetic_year(NOW.date())
    for record in records:
        (folder / record.file).write_bytes(b"x")
    write_records(folder, records)
    mine = ["my-own-copy.db", "freelance_ghost-schema4-20200101T000000000000Z.db", "notes.txt"]
    for name in mine:
        (folder / name).write_bytes(b"the user's")

    deleted = thin_backups(data_dir, NOW, UTC)

    kept = {f"daily-{day}.db" for day in [*KEPT_DAYS, "2026-10-31"]}
    assert len(deleted) == 366 - len(kept)
    assert {p.name for p in folder.iterdir()} == kept | set(mine) | {
        "manifest.json",
        "manifest.lock",
    }
    assert {record.file for record in read_records(folder)} == kept
    for name in mine:
        assert (folder / name).read_bytes() == b"the user's"


def test_a_record_pointing_outside_backups_is_ignored(data_dir: Path) -> None:
    folder = data_dir / "backups"
    folder.mkdir(parents=True)
    victim = data_dir / "precious.txt"
    victim.write_text("keep me")
    entry = {"file": "../precious.txt", "taken_at": "2020-01-01T00:00:00+00:00"}
    entry |= {"reason": "daily", "schema": 4, "size": 7}
    (folder / "manifest.json").write_text(json.dumps({"backups": [entry]}))
    assert read_records(folder) == []
    thin_backups(data_dir, NOW, UTC)
    assert victim.read_text() == "keep me"


def test_one_daily_backup_per_local_day(db: Path) -> None:
    evening = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)  # 22:30 in Berlin
    assert daily_backup_due(db, evening, BERLIN)
    assert maybe_daily_backup(db, evening, BERLIN) is not None
    assert not daily_backup_due(db, evening + timedelta(minutes=20), BERLIN)
    assert maybe_daily_backup(db, evening + timedelta(minutes=20), BERLIN) is None
    after_midnight = evening + timedelta(hours=2)  # 00:30 the next day in Berlin
    assert daily_backup_due(db, after_midnight, BERLIN)
    assert maybe_daily_backup(db, after_midnight, BERLIN) is not None
    assert [info.taken_at for info in list_backups(db)] == [after_midnight, evening]


def test_no_daily_backup_without_a_database(data_dir: Path) -> None:
    assert maybe_daily_backup(data_dir, NOW, UTC) is None
    assert not data_dir.exists()


def corrupt(path: Path) -> None:
    """Overwrites the first table page, as a failing disk might."""
    with path.open("r+b") as file:
        file.seek(4096)
        file.write(b"\xa5" * 4096)


def test_restore_sets_a_corrupt_database_aside_and_brings_back_the_newest_good_backup(
    db: Path,
) -> None:
    add_clients(ROWS)
    older = backup_now(db, NOW - timedelta(days=1), BackupReason.DAILY, UTC)
    add_clients(5, start=ROWS)
    newest = backup_now(db, NOW, BackupReason.DAILY, UTC)
    close_database()
    live = database_path(db)
    corrupt(live)
    damaged = live.read_bytes()

    assert newest_good_backup(db) == newest.path != older.path
    result = restore(db, newest.path, NOW + timedelta(minutes=1), UTC)

    assert result.safety_backup is None
    assert result.set_aside is not None
    assert result.set_aside.name.startswith("freelance_ghost.db.corrupt-")
    assert result.set_aside.read_bytes() == damaged
    assert Client.select().count() == ROWS + 5
    assert sorted(p.name for p in db.glob(".*restoring*")) == []


def test_newest_good_backup_skips_a_damaged_one(db: Path) -> None:
    add_clients(ROWS)
    older = backup_now(db, NOW - timedelta(days=1), BackupReason.DAILY, UTC)
    newest = backup_now(db, NOW, BackupReason.DAILY, UTC)
    corrupt(newest.path)
    assert newest_good_backup(db) == older.path


def test_restore_backs_up_a_sound_database_first(db: Path) -> None:
    add_clients(3)
    chosen = backup_now(db, NOW - timedelta(days=1), BackupReason.DAILY, UTC)
    add_clients(2, start=3)

    result = restore(db, chosen.path, NOW, UTC)

    assert result.set_aside is None
    assert result.safety_backup is not None
    assert len(client_names(result.safety_backup)) == 5
    assert Client.select().count() == 3
    assert list_backups(db)[0].reason is BackupReason.RESTORE


def test_restore_refuses_a_file_that_is_not_a_good_database(db: Path, tmp_path: Path) -> None:
    add_clients(3)
    close_database()
    live = database_path(db)
    before = live.read_bytes()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all\n" * 100)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()

    for candidate, reason in ((junk, "not an SQLite"), (foreign, "not a Freelance Ghost")):
        with pytest.raises(BackupError, match=reason):
            restore(db, candidate, NOW, UTC)
    assert live.read_bytes() == before
    assert not (db / "backups").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "foreign.db", "junk.db"]
