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

from freelance_ghost.core.calendar import calendar_events, calendar_ics
from freelance_ghost.services.history_files import HistoryFileError, write_export
from freelance_ghost.store.attention import dated_facts
from freelance_ghost.store.calendar import active_deadlines, unpaid_invoices

CALENDAR_FILE = "freelance-ghost.ics"
logger = logging.getLogger(__name__)


def calendar_text(now: datetime, zone: tzinfo) -> str:
    """The records' calendar as iCalendar text, stamped ``now``."""
    events = calendar_events(dated_facts(), unpaid_invoices(), active_deadlines(), zone)
    return calendar_ics(events, now)


def export_calendar(path: Path, now: datetime, zone: tzinfo) -> None:
    """Writes the calendar to ``path`` the way every export is written (whole or not at all)."""
    export_calendar_text(path, calendar_text(now, zone))


def calendar_file(data_dir: Path) -> Path:
    """The file calendar apps subscribe to."""
    return data_dir / CALENDAR_FILE


def update_calendar_file(data_dir: Path, now: datetime, zone: tzinfo) -> bool:
    """Rewrites the subscribed calendar file if an event changed; whether it was rewritten.

    It follows the records and is never their only copy: a file that cannot be written is
    logged and left, and the change that caused it stands.
    """
    path = calendar_file(data_dir)
    text = calendar_text(now, zone)
    if _same_events(_current_text(path), text):
        return False
    try:
        export_calendar_text(path, text)
    except HistoryFileError as error:
        logger.warning("the calendar file was not updated: %s", error)
        return False
    return True


def export_calendar_text(path: Path, text: str) -> None:
    """Writes calendar ``text`` to ``path`` through :func:`write_export`."""

    def write(out: TextIO, _outcome: str) -> None:
        out.write(text)

    write_export(path, write)


def _current_text(path: Path) -> str | None:
    """The calendar file as it is, if it is a regular file that can be read."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _same_events(old: str | None, new: str) -> bool:
    """Whether two calendar texts differ only in when they were written (DTSTAMP)."""
    return old is not None and _without_stamps(old) == _without_stamps(new)


def _without_stamps(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("DTSTAMP")]
