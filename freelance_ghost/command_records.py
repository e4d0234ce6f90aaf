"""Opening the records for a command: for writing, or as they are when only reading can work.

Every command module opens them through here, so a read-only database or data folder is
handled (and said) the same way by each.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from freelance_ghost import PROG
from freelance_ghost.core.clock import SystemClock
from freelance_ghost.paths import data_dir
from freelance_ghost.store.database import open_database, open_read_only
from freelance_ghost.store.inspection import DatabaseRefusedError


def command_folder(args: argparse.Namespace) -> Path:
    """The data folder the command was given (``--data-dir``, the variable, or the default)."""
    return data_dir(getattr(args, "data_dir", None))


def open_records(args: argparse.Namespace) -> Path:
    """Opens (creating or migrating) the records of the command's data folder; its path."""
    folder = command_folder(args)
    open_database(folder, SystemClock().now())
    return folder


def open_records_for_reading(args: argparse.Namespace) -> Path:
    """Like :func:`open_records`; with a read-only database or folder the records are still
    read, unchanged, and stderr says once that nothing will be saved."""
    folder = command_folder(args)
    try:
        open_database(folder, SystemClock().now())
    except DatabaseRefusedError as error:
        if not error.read_only:
            raise
        opened = open_read_only(folder)
        print(f"{PROG}: {opened.read_only} is read-only; nothing will be saved", file=sys.stderr)
    return folder
