"""History CSV files on disk: read-and-import and export, shared by the command line and window."""

from __future__ import annotations

import os
import tempfile
from datetime import tzinfo
from pathlib import Path

from freelance_ghost.core.history_csv import (
    HistoryEvent,
    HistoryFormatError,
    decode_history,
    parse_history,
    write_history,
)
from freelance_ghost.store.history import ImportReport, Progress, export_history, import_history


class HistoryFileError(Exception):
    """A history file that cannot be read, imported or written; the message names file and place."""


def read_history_file(path: Path, zone: tzinfo) -> list[HistoryEvent]:
    """Every event in the file, checked; nothing is written."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise HistoryFileError(f"cannot read {path}: {error.strerror}") from None
    try:
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
        return import_history(events, progress=progress)
    except HistoryFormatError as error:
        raise HistoryFileError(f"{path}: {error}; nothing was imported") from None


def export_history_file(
    path: Path, zone: tzinfo, client: str | None = None, bom: bool = False
) -> int:
    """Writes the history CSV to ``path``; the file appears only once completely written."""
    events = export_history(client)
    target = path.expanduser()
    try:
        handle, temporary = tempfile.mkstemp(prefix=".export-", dir=target.parent)
    except OSError as error:
        raise HistoryFileError(f"cannot write {path}: {error.strerror}") from None
    try:
        with open(handle, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
            rows = write_history(events, out, zone)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise HistoryFileError(f"cannot write {path}: {error.strerror}") from None
    return rows
