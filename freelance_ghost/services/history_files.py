"""History CSV files on disk: read-and-import and export, shared by the command line and window."""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import tzinfo
from pathlib import Path
from typing import TextIO

from freelance_ghost.core.history_csv import (
    HistoryEvent,
    HistoryFormatError,
    decode_history,
)
from freelance_ghost.core.history_file import parse_history
from freelance_ghost.core.history_rows import HistoryRow, OnMoved, write_history_rows
from freelance_ghost.core.money import MoneyError
from freelance_ghost.store.history import ImportReport, Progress, import_history
from freelance_ghost.store.history_export import history_rows


class HistoryFileError(Exception):
    """A history file that cannot be read, imported or written; the message names file and place."""


def read_history_file(path: Path, zone: tzinfo) -> list[HistoryEvent]:
    """Every event in the file, checked; nothing is written."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise HistoryFileError(f"cannot read {path}: {error.strerror}") from None
    try:
        with _collector_paused():
            return parse_history(decode_history(data), zone)
    except HistoryFormatError as error:
        raise HistoryFileError(f"{path}: {error}; nothing was imported") from None


def import_history_file(path: Path, zone: tzinfo, progress: Progress | None = None) -> ImportReport:
    """Imports the whole file or, at the first bad row, nothing."""
    return import_events(path, read_history_file(path, zone), progress)


def import_events(
    path: Path, events: list[HistoryEvent], progress: Progress | None = None
) -> ImportReport:
    """Imports events already read from ``path`` (named in refusals): all, or none."""
    try:
        with _collector_paused():
            return import_history(events, progress=progress)
    except HistoryFormatError as error:
        raise HistoryFileError(f"{path}: {error}; nothing was imported") from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pauses Python's cycle collector while a history file is read or imported.

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
    """Writes the history CSV to ``path``; the file appears only once completely written.

    Rows stream from the database into the file, so whatever stops the writing half-way
    (a full disk, a damaged record) leaves no partial file behind. A stored date outside
    the supported years is written moved inside them and told to ``on_moved``.
    """
    rows = history_rows(client)
    target = path.expanduser()
    try:
        handle, temporary = tempfile.mkstemp(prefix=".export-", dir=target.parent)
    except OSError as error:
        raise HistoryFileError(f"cannot write {path}: {error.strerror}") from None
    try:
        with open(handle, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
            written = write_stored_history(rows, out, zone, "nothing was written", on_moved)
        os.replace(temporary, target)
    except OSError as error:
        raise HistoryFileError(f"cannot write {path}: {error.strerror}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)  # gone already once moved into place
    return written


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
