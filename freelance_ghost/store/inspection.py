"""Reading a data folder's database without changing it: is it ours, sound and not too new?

Plain ``sqlite3`` and nothing of Peewee: the window reads its remembered size before its first
frame, and runs the check on a thread while it imports the rest (SQLite releases the GIL while
it checks every page).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path, PurePath
from urllib.parse import quote

from freelance_ghost.core.file_kinds import special_kind

DB_FILENAME = "freelance_ghost.db"
BACKUP_DIRNAME = "backups"


class DatabaseRefusedError(Exception):
    """The database cannot be used as it is; the message says why and what to do.

    ``damaged`` is set when restoring a backup is the remedy (not for a newer version's
    file, another program's file or a read-only folder).
    """

    def __init__(self, message: str, *, damaged: bool = False, read_only: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged
        self.read_only = read_only  # the folder or the file cannot be written: reading may work


def database_path(data_dir: Path) -> Path:
    """Where the records live inside the data folder."""
    return data_dir / DB_FILENAME


def sqlite_uri(absolute: PurePath, query: str) -> str:
    """An SQLite ``file:`` URI for the ``absolute`` path, with ``query`` (``mode=ro`` ...).

    Not ``Path.as_uri()``: for a Windows network path (``\\\\server\\share``) that names the
    server as the URI's host, which SQLite refuses; here the host stays empty and the path
    keeps its leading ``//``, as SQLite reads UNC paths.
    """
    text = absolute.as_posix()
    if not text.startswith("/"):
        text = "/" + text  # a drive letter: file:///C:/...
    return f"file://{quote(text, safe='/:')}?{query}"


def database_lock_path(data_dir: Path) -> Path:
    """The lock held while the database file is created, migrated or replaced by a backup."""
    return data_dir / f"{DB_FILENAME}.lock"


def is_not_sqlite(error: sqlite3.Error) -> bool:
    """Whether SQLite refused a file because it does not start with SQLite's header."""
    return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB


def special_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a database file (a folder, a pipe, a device), or None.

    Asked with ``stat`` before SQLite opens anything: opening a named pipe waits forever.
    """
    try:
        kind = special_kind(path.stat().st_mode)
    except FileNotFoundError:
        return None
    return None if kind is None else f"{path} is {kind}, not a database file"


def inspect_existing(path: Path) -> int:
    """The schema version of the file at ``path`` (0: none yet), read without changing it.

    Only SQLite opens the file, never a plain ``open()``: this runs in processes that already
    hold a connection to it (a backup in the window), and closing a second descriptor of the
    file would drop every lock SQLite holds on it there. SQLite shares one descriptor per file
    between its connections in a process, so a connection of its own is safe.
    """
    problem = special_file_problem(path)
    if problem is not None:
        raise DatabaseRefusedError(f"{problem}; it was left untouched")
    if not path.exists() or path.stat().st_size == 0:
        return 0
    try:
        connection = sqlite3.connect(sqlite_uri(path.resolve(), "mode=ro"), uri=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error as error:
        if is_not_sqlite(error):
            raise DatabaseRefusedError(
                f"{path} is not a Freelance Ghost database (not an SQLite file); it was left untouched",
                damaged=True,
            ) from None
        if "readonly" in str(error) or not os.access(path.parent, os.W_OK):
            raise DatabaseRefusedError(
                f"{path} cannot be opened: its folder is read-only ({error}); "
                "make the folder writable again. The file was left untouched.",
                read_only=True,
            ) from None
        raise DatabaseRefusedError(
            f"{path} is damaged or unreadable ({error}); it was left untouched. "
            f"Restore a backup from {path.parent / BACKUP_DIRNAME}",
            damaged=True,
        ) from None
    if problems != ["ok"]:
        raise DatabaseRefusedError(
            f"{path} is damaged (quick_check: {problems[0]}); it was left untouched. "
            f"Restore a backup from {path.parent / BACKUP_DIRNAME}",
            damaged=True,
        )
    # Imported here: the window peeks at its state before its first frame, and importing
    # the migrations' module, not needed for that, would delay the frame.
    from freelance_ghost.store.migrations import APPLICATION_ID, SCHEMA_VERSION

    if application_id != APPLICATION_ID and (version or tables):
        raise DatabaseRefusedError(
            f"{path} is an SQLite file of another program, not Freelance Ghost's; it was left untouched"
        )
    if version > SCHEMA_VERSION:
        raise DatabaseRefusedError(
            f"{path} was written by a newer Freelance Ghost (schema {version}, this version knows "
            f"up to {SCHEMA_VERSION}); update the app. The file was left untouched."
        )
    return int(version)


UI_STATE_PREFIX = "ui."  # the window's remembered state, among the settings
START_MINIMISED = "start_minimised"  # in that state: the choice to start in the tray


def peek_ui_state(path: Path) -> dict[str, str]:
    """The window's remembered state, read before the file is checked; {} if it can't be read.

    Only the window's size and whether it starts in the tray are taken from this; a file
    that turns out damaged is refused by :func:`inspect_existing` right after.
    """
    if not path.exists():
        return {}
    try:
        # No waiting on another program's lock: the first frame would wait with it.
        connection = sqlite3.connect(sqlite_uri(path.resolve(), "mode=ro"), uri=True, timeout=0)
        try:
            rows = connection.execute(
                "SELECT key, value FROM setting WHERE key LIKE ? || '%'", (UI_STATE_PREFIX,)
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return {}
    return {str(key)[len(UI_STATE_PREFIX) :]: str(value) for key, value in rows}


class BackgroundInspection:
    """:func:`inspect_existing` on a thread of its own, started at once; ask for its answer.

    The window starts it before importing the code it opens the records with: checking a
    large file takes a while, and SQLite does it without holding Python's lock, so the
    check and the imports overlap.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._version: int | None = None
        self._problem: Exception | None = None
        self._thread = threading.Thread(target=self._run, name="inspect-database", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._version = inspect_existing(self._path)
        except Exception as problem:  # handed to the caller of version(), as if it ran there
            self._problem = problem

    def version(self) -> int:
        """The schema version found (0: no database yet); raises what the inspection raised."""
        self._thread.join()
        if self._problem is not None:
            raise self._problem
        assert self._version is not None  # set by a thread that ended without a refusal
        return self._version
