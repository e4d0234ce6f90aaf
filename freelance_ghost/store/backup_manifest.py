"""The record of the app's own backups (backups/manifest.json) and the check every backup passes."""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from freelance_ghost.store.atomic_files import write_atomically
from freelance_ghost.store.file_lock import holding
from freelance_ghost.store.inspection import is_not_sqlite, special_file_problem, sqlite_uri
from freelance_ghost.store.migrations import APPLICATION_ID, SCHEMA_VERSION

MANIFEST_FILENAME = "manifest.json"
MANIFEST_LOCK_FILENAME = "manifest.lock"
_log = logging.getLogger(__name__)


class BackupReason(StrEnum):
    """Why a backup was taken."""

    DAILY = "daily"
    MANUAL = "manual"
    MIGRATION = "pre-migration"
    RESTORE = "pre-restore"


@dataclass(frozen=True)
class BackupRecord:
    """One backup the app wrote: its file name in backups/, when, why, its schema and size."""

    file: str
    taken_at: datetime
    reason: BackupReason
    schema: int
    size: int


@dataclass(frozen=True)
class BackupCheck:
    """What checking a file found: ``problem`` is None for a good Freelance Ghost database."""

    problem: str | None
    schema: int

    @property
    def ok(self) -> bool:
        return self.problem is None


def manifest_path(backups_dir: Path) -> Path:
    """Where the record of the app's backups lives."""
    return backups_dir / MANIFEST_FILENAME


def manifest_lock(backups_dir: Path) -> AbstractContextManager[None]:
    """Held by whoever reads the record to change it: backups from the window, cron and the
    command line may finish at the same moment, and each must see the others' entries."""
    backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    return holding(backups_dir / MANIFEST_LOCK_FILENAME)


def read_records(backups_dir: Path) -> list[BackupRecord]:
    """The recorded backups, oldest first; a missing or unreadable record reads as none."""
    path = manifest_path(backups_dir)
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["backups"]
        records = [_record_from_json(entry) for entry in entries]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as error:
        # Reading it as empty means thinning deletes nothing: the safe direction.
        _log.warning("ignoring the unreadable backup record %s: %s", path, error)
        return []
    return sorted(records, key=lambda record: record.taken_at)


def write_records(backups_dir: Path, records: list[BackupRecord]) -> None:
    """Replaces the record atomically, readable by the owner only.

    Call it holding :func:`manifest_lock`, with records read under the same hold.
    """
    backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    text = json.dumps({"backups": [_record_to_json(record) for record in records]}, indent=1)
    write_atomically(manifest_path(backups_dir), lambda file: file.write(text), mode=0o600)


def record_backup(path: Path, taken_at: datetime, reason: BackupReason) -> BackupCheck:
    """Seals and checks a backup the app just wrote; records it if good, deletes it if not."""
    check = seal_backup(path)
    if not check.ok:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return check
    add_record(path, taken_at, reason, check)
    return check


def add_record(path: Path, taken_at: datetime, reason: BackupReason, check: BackupCheck) -> None:
    """Adds a sealed, checked backup to the record, under the record's lock."""
    record = BackupRecord(
        file=path.name,
        taken_at=taken_at.astimezone(UTC),
        reason=reason,
        schema=check.schema,
        size=path.stat().st_size,
    )
    with manifest_lock(path.parent):
        write_records(path.parent, [*read_records(path.parent), record])


def seal_backup(path: Path) -> BackupCheck:
    """Makes a fresh backup a single self-contained file (no WAL) and runs integrity_check."""
    try:
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
            return _check_connection(connection)
        finally:
            connection.close()
    except sqlite3.Error as error:
        return BackupCheck(problem=f"unreadable ({error})", schema=0)


def check_backup(path: Path) -> BackupCheck:
    """Whether ``path`` is a sound Freelance Ghost database this app can use; never writes it.

    Only SQLite opens the file (the live database may be the file asked about, and a plain
    ``open()`` of it would drop this process's locks on it when closed).
    """
    problem = special_file_problem(path)
    if problem is not None:
        return BackupCheck(problem=problem.removeprefix(f"{path} is "), schema=0)
    if not path.exists():
        return BackupCheck(problem="no such file", schema=0)
    if path.stat().st_size == 0:
        return BackupCheck(problem="not an SQLite database (an empty file)", schema=0)
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return _check_connection(connection)
        finally:
            connection.close()
    except sqlite3.Error as error:
        if is_not_sqlite(error):
            return BackupCheck(problem="not an SQLite database", schema=0)
        return BackupCheck(problem=f"damaged or unreadable ({error})", schema=0)


def _check_connection(connection: sqlite3.Connection) -> BackupCheck:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    schema = int(connection.execute("PRAGMA user_version").fetchone()[0])
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    if problems != ["ok"]:
        return BackupCheck(problem=f"damaged (integrity_check: {problems[0]})", schema=schema)
    if application_id != APPLICATION_ID or schema < 1:
        return BackupCheck(problem="not a Freelance Ghost database", schema=schema)
    if schema > SCHEMA_VERSION:
        return BackupCheck(
            problem=f"written by a newer Freelance Ghost (schema {schema})", schema=schema
        )
    return BackupCheck(problem=None, schema=schema)


def read_only_uri(path: Path) -> str:
    """Read-only; ``immutable`` (no -wal/-shm left beside someone's file) unless it has a WAL."""
    has_wal = path.with_name(path.name + "-wal").exists()
    return sqlite_uri(path.resolve(), "mode=ro" if has_wal else "mode=ro&immutable=1")


def _record_to_json(record: BackupRecord) -> dict[str, object]:
    return {
        "file": record.file,
        "taken_at": record.taken_at.isoformat(),
        "reason": record.reason.value,
        "schema": record.schema,
        "size": record.size,
    }


def _record_from_json(entry: dict[str, object]) -> BackupRecord:
    file = str(entry["file"])
    if Path(file).name != file or file in {"", ".", ".."}:
        raise ValueError(f"not a file name: {file!r}")  # never reach outside backups/
    taken_at = datetime.fromisoformat(str(entry["taken_at"]))
    if taken_at.tzinfo is None:
        raise ValueError(f"a time without a zone: {entry['taken_at']!r}")
    return BackupRecord(
        file=file,
        taken_at=taken_at,
        reason=BackupReason(str(entry["reason"])),
        schema=int(str(entry["schema"])),
        size=int(str(entry["size"])),
    )
