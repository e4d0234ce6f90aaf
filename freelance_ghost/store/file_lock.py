"""Locks shared by the app's processes (window, cron's check, commands) over what SQLite does not guard.

SQLite serialises writes inside the database, but not what happens around the file: creating
and migrating it, replacing it by a backup, or rewriting the list of backups. Each of those
holds a lock on a small file of its own (never the database file: a second descriptor of that
would drop SQLite's locks when closed). The lock is the operating system's (``flock`` on
POSIX, ``msvcrt.locking`` on Windows), so it is released when its holder dies.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

if sys.platform == "win32":  # pragma: no cover - tested on Windows only
    import msvcrt
    import time

    _RETRY_SECONDS = 0.05

    def _take(descriptor: int, wait: bool) -> bool:
        """Locks the lock file's first byte; False when ``wait`` is off and it is held."""
        while True:
            try:
                msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not wait:
                    return False
                time.sleep(_RETRY_SECONDS)  # Windows has no waiting lock without a time limit

    def _give(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _take(descriptor: int, wait: bool) -> bool:
        """``flock``s the lock file; False when ``wait`` is off and another holder has it."""
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _give(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


class LockError(Exception):
    """The lock file could not be created; the message names it and says why."""


class _Lock:
    """One lock file as this process sees it: reentrant for a thread, exclusive across threads.

    The operating system's lock is taken by the outermost hold only, so a function that holds
    it may call another that holds it too (a restore takes a backup; a migration records one).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.thread_lock = threading.RLock()
        self.depth = 0
        self.descriptor: int | None = None

    def acquire(self, wait: bool) -> bool:
        if not self.thread_lock.acquire(blocking=wait):
            return False
        if self.depth == 0:
            try:
                taken = self._take_file(wait)
            except BaseException:
                self.thread_lock.release()
                raise
            if not taken:
                self.thread_lock.release()
                return False
        self.depth += 1
        return True

    def release(self) -> None:
        self.depth -= 1
        if self.depth == 0 and self.descriptor is not None:
            try:
                _give(self.descriptor)
            finally:
                os.close(self.descriptor)
                self.descriptor = None
        self.thread_lock.release()

    def _take_file(self, wait: bool) -> bool:
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise LockError(f"cannot create the lock file {self.path}: {error.strerror}") from None
        try:
            taken = _take(descriptor, wait)
        except BaseException:
            os.close(descriptor)
            raise
        if not taken:
            os.close(descriptor)
            return False
        self.descriptor = descriptor
        return True


_locks: dict[Path, _Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(path: Path) -> _Lock:
    key = Path(os.path.abspath(path))
    with _locks_guard:
        return _locks.setdefault(key, _Lock(key))


@contextmanager
def holding(path: Path) -> Iterator[None]:
    """Holds the lock file at ``path`` for the block, waiting while anyone else holds it.

    Raises :class:`LockError` when the lock file cannot be created.
    """
    lock = _lock_for(path)
    lock.acquire(wait=True)
    try:
        yield
    finally:
        lock.release()


@contextmanager
def holding_if_free(path: Path) -> Iterator[bool]:
    """Holds the lock file at ``path`` for the block if nobody else does; yields whether it did."""
    lock = _lock_for(path)
    taken = lock.acquire(wait=False)
    try:
        yield taken
    finally:
        if taken:
            lock.release()
