"""Opening the database safely: refuse what is damaged or newer, back up, migrate, then use."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from freelance_ghost.store.backup_manifest import BackupReason, record_backup
from freelance_ghost.store.file_lock import LockError, holding
from freelance_ghost.store.inspection import (
    BACKUP_DIRNAME,
    DatabaseRefusedError,
    database_lock_path,
    database_path,
    inspect_existing,
    sqlite_uri,
)
from freelance_ghost.store.migrations import (
    SCHEMA_VERSION,
    apply_pending,
    pending,
)
from freelance_ghost.store.models import database

logger = logging.getLogger(__name__)
BUSY_TIMEOUT_SECONDS = 5
_RESTORING = ".restoring-"  # in the name of a restore's copy, until it replaces the database
_PRAGMAS = {"journal_mode": "wal", "synchronous": "full", "foreign_keys": 1}


@dataclass(frozen=True)
class OpenedDatabase:
    """What opening did: the file, the migration steps applied and the backup taken first."""

    path: Path
    migrated: list[str]
    backup: Path | None
    read_only: str | None = None  # opened read-only: what cannot be written, in words


def open_database(data_dir: Path, now: datetime, inspected: int | None = None) -> OpenedDatabase:
    """Checks, backs up, migrates and opens the database in ``data_dir`` for the models.

    A damaged file, a file that is not ours, or one written by a newer version is refused
    before anything writes to it. ``inspected`` is the version an :func:`inspect_existing`
    of this folder has just returned (the window runs it while Qt loads).

    Creating, migrating and restoring the file happen under the data folder's lock, so a
    command started beside the window never backs up or migrates a half-built schema, and
    never opens a file that a restore is replacing.
    """
    path = database_path(data_dir)
    version = inspect_existing(path) if inspected is None else inspected
    refuse_read_only_file(path)
    _create_folder(data_dir, path)
    try:
        with database_lock(data_dir):
            if version < SCHEMA_VERSION:  # another process may have created or migrated it
                version = inspect_existing(path)
            _remove_restore_leftovers(path)
            return _open_checked(data_dir, path, version, now)
    except LockError as error:
        raise DatabaseRefusedError(str(error)) from None


def _open_checked(data_dir: Path, path: Path, version: int, now: datetime) -> OpenedDatabase:
    """Opens the inspected file at ``version``: backs it up and migrates it if it is older."""
    _create_database_file(path)
    database.init(str(path), pragmas=_PRAGMAS, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        connection = database.connection()
    except sqlite3.Error as error:
        raise DatabaseRefusedError(f"cannot open {path}: {error}") from None
    _make_private(path)
    backup = None
    if 0 < version < SCHEMA_VERSION:
        backup = online_backup(connection, backup_path(data_dir, version, now))
        checked = record_backup(backup, now, BackupReason.MIGRATION)
        if not checked.ok:
            database.close()
            raise DatabaseRefusedError(
                f"the backup taken before updating {path} failed its check ({checked.problem}); "
                "nothing was changed"
            )
    try:
        migrated = apply_pending(connection) if pending(version) else []
    except sqlite3.Error as error:
        database.close()
        raise DatabaseRefusedError(
            f"cannot update {path} to the current version: {error}"
        ) from None
    return OpenedDatabase(path=path, migrated=migrated, backup=backup)


def database_lock(data_dir: Path) -> contextlib.AbstractContextManager[object]:
    """The data folder's lock, held while the database file is created, migrated or replaced.

    In a folder nobody can write none is needed (and its file could not be created): no
    process can create, migrate or replace the database there either.
    """
    lock = database_lock_path(data_dir)
    if lock.exists() or os.access(data_dir, os.W_OK):
        return holding(lock)
    return contextlib.nullcontext()


def restore_copy_path(live: Path, stamp: str) -> Path:
    """Where a restore puts its checked copy of a backup: beside the file it will replace."""
    return live.with_name(f".{live.name}{_RESTORING}{stamp}")


def restore_leftovers(path: Path) -> list[Path]:
    """Copies a restore was making beside the database when it was killed, with their journals.

    Only safe to delete under the data folder's lock, which a running restore holds.
    """
    real = path.resolve()
    return sorted(real.parent.glob(f".{real.name}{_RESTORING}*"))


def _remove_restore_leftovers(path: Path) -> None:
    for leftover in restore_leftovers(path):
        with contextlib.suppress(OSError):  # tidying up must never stop the records opening
            leftover.unlink()


def open_read_only(data_dir: Path) -> OpenedDatabase:
    """The database exactly as it is, for reading commands when it or its folder is read-only.

    SQLite's immutable mode never writes, not even the ``-shm`` file a WAL database needs, so
    it is used only for a file that was closed cleanly (no writes left in a ``-wal`` beside
    it) and is current.
    """
    path = database_path(data_dir)
    what = "the data folder" if not os.access(data_dir, os.W_OK) else "the database file"
    if _unfinished_writes(path):
        raise DatabaseRefusedError(
            f"{path} was not closed cleanly and {what} is read-only; make it "
            "writable so Freelance Ghost can finish its last write",
            read_only=True,
        )
    uri = sqlite_uri(path.resolve(), "mode=ro&immutable=1")
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise DatabaseRefusedError(f"{path} cannot be read ({error})", damaged=True) from None
    if problems != ["ok"] or version != SCHEMA_VERSION:
        raise DatabaseRefusedError(
            f"{path} needs repair or an update, which is not possible while {what} is read-only",
            read_only=True,
        )
    database.init(uri, uri=True, pragmas={"foreign_keys": 1}, timeout=BUSY_TIMEOUT_SECONDS)
    return OpenedDatabase(path=path, migrated=[], backup=None, read_only=what)


def _unfinished_writes(path: Path) -> bool:
    """Whether a ``-wal`` beside the database holds anything (a read-only look leaves it empty)."""
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except FileNotFoundError:
        return False


def refuse_read_only_file(path: Path) -> None:
    """A database file made read-only (its mode, or an immutable attribute) is left as it is.

    Its owner's write bit decides even for root, who could write anyway: that bit is how a
    user says "read-only". Reading commands then open it read-only instead.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise DatabaseRefusedError(f"cannot read {path}: {error.strerror}") from None
    if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise DatabaseRefusedError(
            f"{path} is read-only, so nothing can be saved; make the file writable again "
            "to change your records. It was left untouched.",
            read_only=True,
        )


def close_database() -> None:
    """Closes the connection; the WAL is checkpointed into the main file by SQLite."""
    if not database.is_closed():
        database.close()


def backup_path(data_dir: Path, version: int, now: datetime) -> Path:
    """A backup's file name says the schema it holds and when it was taken."""
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    return data_dir / BACKUP_DIRNAME / f"freelance_ghost-schema{version}-{stamp}.db"


def online_backup(source: sqlite3.Connection, target: Path) -> Path:
    """Copies the live database with SQLite's online backup API (WAL content included)."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _create_private_file(target)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
    return target


def _create_folder(data_dir: Path, path: Path) -> None:
    """The data folder, readable by its owner only (mode 700)."""
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseRefusedError(f"cannot create {path}: {error.strerror}") from None


def _create_database_file(path: Path) -> None:
    """The database file, readable by its owner only (mode 600), unless it exists."""
    try:
        _create_private_file(path)
    except OSError as error:
        raise DatabaseRefusedError(f"cannot create {path}: {error.strerror}") from None


def _create_private_file(path: Path) -> None:
    """Creates ``path`` with mode 600 unless it exists.

    An existing file is not even tried: a refused O_EXCL open is harmless, but this way no
    descriptor of a database this process may hold open is ever asked for.
    """
    if path.exists():
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _make_private(path: Path) -> None:
    """Takes every permission from group and others: the database and its WAL files.

    The owner's own bits on the database are the owner's choice and stay as they are; its
    ``-wal`` and ``-shm`` are SQLite's working files, which it must write: mode 600.
    """
    if os.name != "posix":
        return
    _set_mode(path, lambda mode: mode & 0o700)
    for working in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        _set_mode(working, lambda _: 0o600)


def _set_mode(path: Path, private: Callable[[int], int]) -> None:
    """Gives ``path`` the mode ``private`` makes of its own; a file whose mode cannot be
    changed (another user's) keeps it, since its owner chose it."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if private(mode) == mode:
        return
    try:
        path.chmod(private(mode))
    except OSError as error:
        logger.info("%s keeps its mode %o: %s", path, mode, error.strerror)
