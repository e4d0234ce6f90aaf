"""History CSV files on disk: read-and-import and export, shared by the command line and window."""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import tzinfo
from itertools import chain
from pathlib import Path
from typing import BinaryIO, TextIO, TypeVar

from freelance_ghost.core.file_kinds import special_kind
from freelance_ghost.core.history.format import HistoryEvent, HistoryFormatError
from freelance_ghost.core.history.reading import decoded_pieces, read_history
from freelance_ghost.core.history.rows import HistoryRow, OnMoved, write_history_rows
from freelance_ghost.core.money import MoneyError
from freelance_ghost.store.atomic_files import write_atomically
from freelance_ghost.store.history import ImportReport, import_history
from freelance_ghost.store.history_export import history_rows
from freelance_ghost.store.models import database

# Rows applied so far, and how much of the file is read behind them (1.0 once it all is).
ImportProgress = Callable[[int, float], None]
Written = TypeVar("Written")
_READ_SIZE = 1 << 20  # bytes per read: what is held of a file stays near this, whatever its size
# Opening a named pipe does not wait for a writer (POSIX; Windows has no such files), and the
# bytes come as they are stored (Windows would otherwise turn \r\n into \n).
_NO_WAIT = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class HistoryFileError(Exception):
    """A history file that cannot be read, imported or written; the message names file and place."""


@dataclass
class HistoryReading:
    """A history file open for import: its events, read as they are taken, and how far it is."""

    path: Path
    events: Iterator[HistoryEvent]
    chunks: _Chunks

    def fraction_read(self) -> float:
        """How much of the file lies before the part being read now (below 1 until the end)."""
        return self.chunks.before / max(self.chunks.size, self.chunks.read, 1)


class _Chunks:
    """The bytes of an open file, read a bounded chunk at a time, counted as they go."""

    def __init__(self, path: Path, handle: BinaryIO, size: int) -> None:
        self.path, self.handle, self.size = path, handle, size
        self.before = 0  # bytes before the chunk read last
        self.read = 0  # bytes read so far

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self._next_chunk():
            self.before, self.read = self.read, self.read + len(chunk)
            yield chunk

    def _next_chunk(self) -> bytes:
        try:
            return self.handle.read(_READ_SIZE)
        except OSError as error:
            raise HistoryFileError(
                f"cannot read {self.path}: {error.strerror}; nothing was imported"
            ) from None


@contextmanager
def read_history_file(path: Path, zone: tzinfo) -> Iterator[HistoryReading]:
    """``path`` open for import, its start read and checked; nothing is written.

    A path that is not a regular file (a device, a named pipe, a folder), a missing file, an
    empty one or a wrong header is refused here, before the records are touched. The rest is
    read, a chunk at a time, as :func:`import_reading` takes its events.
    """
    with _regular_file(path) as (handle, size):
        chunks = _Chunks(path, handle, size)
        try:
            batches = read_history(decoded_pieces(chunks), zone)
        except HistoryFormatError as error:
            raise HistoryFileError(f"{path}: {error}; nothing was imported") from None
        yield HistoryReading(path, chain.from_iterable(batches), chunks)


def import_history_file(
    path: Path, zone: tzinfo, progress: ImportProgress | None = None
) -> ImportReport:
    """Imports the whole file or, at the first bad row, nothing."""
    with read_history_file(path, zone) as reading:
        return import_reading(reading, progress)


def import_reading(reading: HistoryReading, progress: ImportProgress | None = None) -> ImportReport:
    """Imports the events of an open history file as they are read: all, or none.

    A bad row anywhere, or a file that cannot be read to its end, rolls back every row
    before it.
    """

    def report(rows: int, last: bool) -> None:
        if progress is not None:
            progress(rows, 1.0 if last else reading.fraction_read())

    try:
        with _collector_paused():
            return import_history(reading.events, progress=report)
    except HistoryFormatError as error:
        raise HistoryFileError(f"{reading.path}: {error}; nothing was imported") from None


@contextmanager
def _regular_file(path: Path) -> Iterator[tuple[BinaryIO, int]]:
    """``path`` open for reading and its size, or a refusal saying what it is instead.

    What is not a regular file is refused before it is opened: a device never ends, and
    opening a named pipe waits for a writer. Opening without waiting, then checking what was
    opened, also refuses one that took the path's place in between.
    """
    refuse_to_read(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | _NO_WAIT | _BINARY)
    except OSError as error:
        raise HistoryFileError(f"cannot read {path}: {error.strerror}") from None
    with open(descriptor, "rb", buffering=0) as handle:
        opened = os.fstat(descriptor)
        _refuse_special(path, opened.st_mode)
        if _NO_WAIT:
            os.set_blocking(descriptor, True)
        yield handle, opened.st_size


def read_whole_file(path: Path) -> bytes:
    """A small file read whole, with the refusals of a history file: a device, a named pipe,
    a folder, and the open database's own files (HistoryFileError)."""
    with _regular_file(path) as (handle, _size):
        return handle.read()


def refuse_to_read(path: Path) -> None:
    """Refuses, before anything opens it, what a reader must not open (HistoryFileError): a
    device or named pipe (opening one may never end) and the open database's own files."""
    try:
        found = os.stat(path)
    except OSError as error:
        raise HistoryFileError(f"cannot read {path}: {error.strerror}") from None
    _refuse_special(path, found.st_mode)
    _refuse_the_records(path, found, "read")


def refuse_the_records(path: Path) -> None:
    """Refuses writing over the open database's own files (HistoryFileError); a missing
    path is a new file."""
    with suppress(FileNotFoundError):
        _refuse_the_records(path, os.stat(path), "write")


def _refuse_special(path: Path, mode: int) -> None:
    """Refuses a path that is not a regular file, naming what it is."""
    kind = special_kind(mode)
    if kind is not None:
        raise HistoryFileError(f"cannot read {path}: it is {kind}")


def _refuse_the_records(path: Path, found: os.stat_result, doing: str) -> None:
    """Refuses the open database's own files as a history file to read or write.

    Writing would replace the records; reading opens a second descriptor of the database,
    and closing it drops every SQLite lock this process holds on it (POSIX locks belong to
    the process), so another program could then delete its WAL under it.
    """
    if (found.st_dev, found.st_ino) in _open_database_files():
        raise HistoryFileError(
            f"cannot {doing} {path}: it is the database that holds your records, not a history file"
        )


def _open_database_files() -> set[tuple[int, int]]:
    """The device and inode of each file of the open database: itself, its -wal and -shm."""
    if database.is_closed():
        return set()
    name = database.execute_sql("PRAGMA database_list").fetchone()[2]
    if not name:  # in memory
        return set()
    found = set()
    for file in (name, f"{name}-wal", f"{name}-shm", f"{name}-journal"):
        with suppress(OSError):
            info = os.stat(file)
            found.add((info.st_dev, info.st_ino))
    return found


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pauses Python's cycle collector while a history file is read and imported.

    Both make a million small objects that hold no cycles, and every full collection walks
    all of them again: a fifth of the time. Reference counting still frees them as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def export_history_file(
    path: Path,
    zone: tzinfo,
    client: str | None = None,
    bom: bool = False,
    on_moved: OnMoved | None = None,
) -> int:
    """Writes the history CSV to ``path`` as :func:`write_export` writes any export.

    A stored date outside the supported years is written moved inside them and told to
    ``on_moved``.
    """
    rows = history_rows(client)  # an unknown client is refused before anything is written

    def write(out: TextIO, outcome: str) -> int:
        return write_stored_history(rows, out, zone, outcome, on_moved)

    return write_export(path, write, encoding="utf-8-sig" if bom else "utf-8")


def write_export(
    path: Path, write: Callable[[TextIO, str], Written], encoding: str = "utf-8"
) -> Written:
    """Writes an export to ``path``; a file appears only once completely written.

    ``write`` gets the open file and what a failure half-way means, for its refusals. The
    text goes into a temporary file beside the target, which then takes its place, so
    whatever stops the writing half-way (a full disk, a damaged record) leaves no partial
    file behind. A symbolic link is written through: its target is replaced and the link
    kept. A character device (``/dev/null``) or a named pipe is written directly, as it
    stands: replacing it would put a plain file in its place. The records' own files are
    refused.
    """
    target = path.expanduser()
    try:
        found = os.stat(target)
        mode = found.st_mode
        _refuse_the_records(path, found, "write")
    except FileNotFoundError:  # a new file, or a link to one
        mode = stat.S_IFREG
    except OSError as error:
        raise HistoryFileError(f"cannot write {path}: {error.strerror}") from None
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return _write_in_place(path, target, write, encoding)
    kind = special_kind(mode)
    if kind is not None:
        raise HistoryFileError(f"cannot write {path}: it is {kind}")
    whole = Path(os.path.realpath(target))
    try:
        return write_atomically(
            whole, lambda out: write(out, "nothing was written"), mode=0o600, encoding=encoding
        )
    except OSError as error:
        raise HistoryFileError(f"cannot write {path}: {error.strerror}") from None


def _write_in_place(
    path: Path, target: Path, write: Callable[[TextIO, str], Written], encoding: str
) -> Written:
    """Writes straight into a device or named pipe (opening a pipe waits for its reader);
    whatever stops the writing leaves what was written so far."""
    try:
        with open(target, "w", encoding=encoding, newline="") as out:
            return write(out, "the export stops there")
    except OSError as error:
        raise HistoryFileError(f"cannot write {path}: {error.strerror}") from None


def write_stored_history(
    rows: Iterable[HistoryRow],
    out: TextIO,
    zone: tzinfo,
    outcome: str,
    on_moved: OnMoved | None = None,
) -> int:
    """Writes stored rows as the history CSV; a stored amount this version cannot write (its
    currency unknown, say, from a damaged or newer database) is a refusal naming ``outcome``.
    A stored date outside the supported years is written moved and told to ``on_moved``."""
    try:
        return write_history_rows(rows, out, zone, on_moved)
    except MoneyError as error:
        raise HistoryFileError(f"cannot export a stored amount: {error}; {outcome}") from None
