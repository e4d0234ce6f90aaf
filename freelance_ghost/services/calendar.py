"""The calendar on disk: the ``calendar`` export and the always-current file in the data folder.

Calendar apps subscribe to ``freelance-ghost.ics`` in the data folder as a local file. It is
rewritten (whole, atomically) after every change the window, ``check``, ``import`` and
``mail sync`` make, and only when an event changed, so a calendar app reloads it only then.
"""

from __future__ import annotations

import logging
import os
import stat
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TextIO

from freelance_ghost.core.calendar import (
    DIGEST_PROPERTY,
    CalendarEvent,
    calendar_events,
    calendar_ics,
    events_digest,
)
from freelance_ghost.core.file_kinds import special_kind
from freelance_ghost.services.history_files import (
    HistoryFileError,
    refuse_the_records,
    write_export,
)
from freelance_ghost.store.attention import dated_facts
from freelance_ghost.store.calendar import active_deadlines, unpaid_invoices

CALENDAR_FILE = "freelance-ghost.ics"
logger = logging.getLogger(__name__)


def dated_events(zone: tzinfo) -> list[CalendarEvent]:
    """Every dated promise in the records, as calendar events."""
    return calendar_events(dated_facts(), unpaid_invoices(), active_deadlines(), zone)


def calendar_text(now: datetime, zone: tzinfo) -> str:
    """The records' calendar as iCalendar text, stamped ``now``."""
    return calendar_ics(dated_events(zone), now)


def export_calendar(path: Path, now: datetime, zone: tzinfo) -> None:
    """Writes the calendar to ``path`` the way every export is written (whole or not at all)."""
    export_calendar_text(path, calendar_text(now, zone))


def export_calendar_text(path: Path, text: str) -> None:
    """Writes calendar ``text`` to ``path`` through :func:`write_export`."""

    def write(out: TextIO, _outcome: str) -> None:
        out.write(text)

    write_export(path, write)


def calendar_file(data_dir: Path) -> Path:
    """The file calendar apps subscribe to."""
    return data_dir / CALENDAR_FILE


def update_calendar_file(data_dir: Path, now: datetime, zone: tzinfo) -> bool:
    """Rewrites the subscribed calendar file if an event changed; whether it was rewritten.

    It follows the records and is never their only copy: a file that cannot be written is
    logged and left, and the change that caused it stands.
    """
    path = calendar_file(data_dir)
    problem = _not_a_calendar_file(path)
    if problem is not None:
        logger.warning("the calendar file was not updated: %s", problem)
        return False
    events = dated_events(zone)
    if _written_digest(path) == events_digest(events):
        return False
    try:
        export_calendar_text(path, calendar_ics(events, now))
    except HistoryFileError as error:
        logger.warning("the calendar file was not updated: %s", error)
        return False
    return True


def _not_a_calendar_file(path: Path) -> str | None:
    """Why ``path`` is left alone (None: a regular file, or none yet), asked before reading.

    The subscribed file is written often and by every process, so what stands at its name
    must be a plain file: a named pipe would make the writer wait for a reader forever, and
    a link to the database would have it opened (dropping this process's SQLite locks).
    """
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"{path} cannot be read ({error.strerror})"
    kind = special_kind(found.st_mode)
    if kind is not None:
        return f"{path} is {kind}, not a calendar file"
    try:
        refuse_the_records(path)
    except HistoryFileError as error:
        return str(error)
    return None


def _written_digest(path: Path) -> str | None:
    """The events' fingerprint the calendar file carries, if it is a regular file that has one."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                name, _, value = line.rstrip("\r\n").partition(":")
                if name == DIGEST_PROPERTY:
                    return value
                if name == "BEGIN" and value == "VEVENT":
                    return None
    except (OSError, UnicodeDecodeError):
        return None
    return None
