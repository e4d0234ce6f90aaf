"""Files that appear whole or not at all: the app's one atomic write and its one fsync.

The store owns these because it is the lowest floor that writes the data folder's files (the
backup list); core stays free of disk work, and services (backups, the history export, the
login item) import them from here.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

Written = TypeVar("Written")


def write_atomically(
    path: Path,
    write: Callable[[TextIO], Written],
    *,
    mode: int = 0o600,
    encoding: str = "utf-8",
) -> Written:
    """Writes ``path`` through ``write`` so that it is never seen half written.

    The text goes to a temporary file beside ``path``, reaches the disk, takes ``mode`` and
    then replaces ``path`` in one rename, whose folder is synced so the rename survives a
    power cut. Whatever stops ``write`` leaves ``path`` as it was and no temporary file
    behind. Lines are written as given (no newline translation), so a file reads the same on
    every system. ``path`` must not be a symbolic link: resolve one first to write through it.
    """
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with open(descriptor, "w", encoding=encoding, newline="") as file:
            written = write(file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)  # mkstemp makes it 600 whatever the umask
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_path(path.parent)
    return written


def fsync_path(path: Path) -> None:
    """Flushes a file's contents, or a folder's list of names (to make a rename durable), to
    the disk. Windows has no handle to sync a folder through, so there it does nothing."""
    if os.name != "posix" and path.is_dir():
        return
    # Windows flushes (_commit) only a handle open for writing; POSIX syncs any descriptor,
    # and a folder can only be opened for reading.
    descriptor = os.open(path, os.O_RDONLY if os.name == "posix" else os.O_RDWR)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
