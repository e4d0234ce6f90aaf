"""Restoring a backup: checked first, the current database kept aside, then swapped in whole."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from freelance_ghost.services.backups import (
    BackupError,
    BackupReason,
    backup_now,
    file_errors_said,
)
from freelance_ghost.store.atomic_files import fsync_path
from freelance_ghost.store.backup_manifest import check_backup, read_only_uri
from freelance_ghost.store.database import (
    BUSY_TIMEOUT_SECONDS,
    OpenedDatabase,
    close_database,
    database_lock,
    online_backup,
    open_database,
    restore_copy_path,
)
from freelance_ghost.store.inspection import (
    DatabaseRefusedError,
    database_path,
    inspect_existing,
    special_file_problem,
)


@dataclass(frozen=True)
class RestoreResult:
    """What restoring did; the restored database is left open for the models."""

    restored_from: Path
    safety_backup: Path | None  # the database as it was, backed up first
    set_aside: Path | None  # the damaged database, moved aside untouched
    opened: OpenedDatabase


def restore(
    data_dir: Path, backup: Path, now: datetime, zone: tzinfo | None = None
) -> RestoreResult:
    """Replaces the database by ``backup``, after backing up (or setting aside) the current one.

    A file that is not a sound Freelance Ghost database is refused before anything changes,
    and so is a database another program (the window, a running check) still has open.
    The whole replacement holds the data folder's lock, so nothing opens the database
    half-way through. A database reached through a symbolic link is replaced where the link
    points, and the link stays.
    """
    checked = check_backup(backup)
    if not checked.ok:
        raise BackupError(f"{backup} cannot be restored: {checked.problem}; nothing was changed")
    close_database()
    with file_errors_said(f"cannot restore {backup} into {data_dir}"), database_lock(data_dir):
        return _restore_locked(data_dir, backup, now, zone)


def _restore_locked(
    data_dir: Path, backup: Path, now: datetime, zone: tzinfo | None
) -> RestoreResult:
    live = database_path(data_dir).resolve()
    _refuse_if_in_use(live)
    temporary = _copy_beside(backup, live, now)
    try:
        safety, set_aside = _secure_current(data_dir, live, now, zone)
        _swap_in(temporary, live)
    finally:
        _remove_with_companions(temporary)
    try:
        opened = open_database(data_dir, now)
    except DatabaseRefusedError as error:
        raise BackupError(f"the restored database does not open: {error}") from None
    return RestoreResult(
        restored_from=backup, safety_backup=safety, set_aside=set_aside, opened=opened
    )


def _secure_current(
    data_dir: Path, live: Path, now: datetime, zone: tzinfo | None
) -> tuple[Path | None, Path | None]:
    """(safety backup, set-aside file): the current database is backed up, or moved if damaged."""
    if not live.exists():
        return None, None
    try:
        inspect_existing(live)
        safety = backup_now(data_dir, now, BackupReason.RESTORE, zone).path
    except (DatabaseRefusedError, BackupError):
        return None, _set_aside(live, now)
    return safety, None


def _set_aside(live: Path, now: datetime) -> Path:
    """Moves a damaged database, with its -wal and -shm, to ``<name>.corrupt-<time>``."""
    aside = _unused(live.with_name(f"{live.name}.corrupt-{_stamp(now)}"))
    os.replace(live, aside)
    for suffix in ("-wal", "-shm"):
        companion = live.with_name(live.name + suffix)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + suffix))
    return aside


def _refuse_if_in_use(live: Path) -> None:
    """Refuses while another program has the database open: the window, a check, an import.

    SQLite deletes the ``-wal`` file when the last connection closes; if it is still there
    once this one has folded it into the file and closed, someone else has the file open.
    """
    if special_file_problem(live) is not None or not live.exists():
        return  # nothing SQLite could have open; checking the file comes later
    try:
        connection = sqlite3.connect(live, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        if "locked" in str(error):
            raise _in_use(live) from None
        return  # a damaged file: it is set aside below
    except sqlite3.DatabaseError:
        return  # not a database at all: set aside below
    if live.with_name(live.name + "-wal").exists():
        raise _in_use(live)


def _in_use(live: Path) -> BackupError:
    return BackupError(
        f"another program is using {live} (the Freelance Ghost window, or a command still "
        "running); close it and restore again. Nothing was changed"
    )


def _copy_beside(backup: Path, live: Path, now: datetime) -> Path:
    """Copies ``backup`` next to the database with the backup API and checks the copy."""
    temporary = restore_copy_path(live, _stamp(now))
    _remove_with_companions(temporary)
    try:
        source = sqlite3.connect(read_only_uri(backup), uri=True)
        try:
            online_backup(source, temporary)
        finally:
            source.close()
        checked = check_backup(temporary)
    except sqlite3.Error as error:
        _remove_with_companions(temporary)
        raise BackupError(f"cannot copy {backup}: {error}; nothing was changed") from None
    if not checked.ok:
        _remove_with_companions(temporary)
        raise BackupError(f"the copy of {backup} failed its check ({checked.problem})")
    fsync_path(temporary)
    return temporary


def _swap_in(temporary: Path, live: Path) -> None:
    """Renames the checked copy over the database, first removing the old file's -wal/-shm."""
    _remove_with_companions(live, keep_main=True)
    os.replace(temporary, live)
    fsync_path(live.parent)


def _remove_with_companions(path: Path, keep_main: bool = False) -> None:
    names: Iterable[str] = ("-wal", "-shm") if keep_main else ("", "-wal", "-shm")
    for suffix in names:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _unused(path: Path) -> Path:
    """``path``, or the same name with -2, -3 ... if a file already has it."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
