"""What a path is when it is not a plain file: the words for refusing folders, pipes and devices."""

from __future__ import annotations

import stat

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def special_kind(mode: int) -> str | None:
    """What a file of this ``st_mode`` is, in words, unless it is a regular file (then None).

    Reading a pipe or a device never ends (or never starts), and replacing one by a file
    destroys it, so every reader and writer of the app's files asks this first.
    """
    if stat.S_ISREG(mode):
        return None
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")
