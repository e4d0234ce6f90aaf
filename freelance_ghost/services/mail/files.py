"""Mail files into the records: ``.mbox`` files (Thunderbird, Gmail Takeout), Maildir folders
and ``.eml`` files, read with the standard library, headers only.

A file is read up to the blank line after each message's headers; bodies are skipped, never
kept. The arrival time that stands in for a missing Date is the mbox ``From`` line's date, a
Maildir message's delivery time (its file name starts with it), or an ``.eml`` file's
modification time. An import is all or nothing: a path that is none of these, or a file that
cannot be read, refuses the whole run with one line naming it; a single message with no usable
date is skipped and counted.
"""

from __future__ import annotations

import mailbox
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from itertools import islice
from pathlib import Path
from typing import Protocol

from freelance_ghost.core.mail.message import MailMessage, MailMessageError, read_message
from freelance_ghost.services.history_files import HistoryFileError, refuse_to_read
from freelance_ghost.store.mail import (
    FILE_SOURCE,
    NOTHING,
    MailBatchResult,
    record_mail,
)
from freelance_ghost.store.models import database

BATCH = 500  # messages per record_mail call: the size a sync uses too
_MBOX_START = b"From "

Unreadable = Callable[[str], None]  # hears "PATH: why" of each message skipped


class _Lines(Protocol):
    """A message's file as mailbox opens it: read line by line."""

    def readline(self) -> bytes:
        """The next line, b"" at the end."""
        ...


class MailFileError(ValueError):
    """A path that is no mail file, or a file that cannot be read: one line naming it."""


def read_mail_files(
    paths: Sequence[Path], on_unreadable: Unreadable | None = None
) -> Iterator[MailMessage]:
    """Every message of these files and folders, in order; one with no usable date is
    skipped (``on_unreadable`` hears where and why). MailFileError for a path that is no
    mail file or cannot be read."""
    for path in paths:
        try:
            for where, headers, arrived in _raw_messages(path):
                try:
                    yield read_message(headers, arrived)
                except MailMessageError as error:
                    if on_unreadable is not None:
                        on_unreadable(f"{where}: {error}")
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise MailFileError(f"{path}: cannot be read ({reason})") from None
        except (mailbox.Error, UnicodeDecodeError) as error:
            raise MailFileError(f"{path}: not a mail file ({error})") from None


def import_mail_files(
    paths: Sequence[Path], own: frozenset[str], on_unreadable: Unreadable | None = None
) -> MailBatchResult:
    """Logs the messages of these files as a sync would (same mapping, same dedupe), all
    or nothing: the batches are written inside one transaction, which any refusal rolls
    back. ``unreadable`` of the result counts the messages skipped for want of a date."""
    skipped: list[str] = []

    def unreadable(where: str) -> None:
        skipped.append(where)
        if on_unreadable is not None:
            on_unreadable(where)

    messages = read_mail_files(paths, unreadable)
    total = NOTHING
    with database.atomic():
        while batch := list(islice(messages, BATCH)):
            total += record_mail(batch, own, FILE_SOURCE)
    return total + MailBatchResult(len(skipped), 0, 0, 0, 0, unreadable=len(skipped))


def _raw_messages(path: Path) -> Iterator[tuple[str, bytes, datetime | None]]:
    """Each message's place (for a refusal), header bytes and arrival time."""
    if path.is_dir():
        if not (path / "cur").is_dir() or not (path / "new").is_dir():
            raise MailFileError(f"{path}: a folder, but not a Maildir (no cur and new inside)")
        yield from _maildir(path)
    elif not path.exists():
        raise MailFileError(f"{path}: no such file or folder")
    else:
        yield from _mail_file(path)


def _mail_file(path: Path) -> Iterator[tuple[str, bytes, datetime | None]]:
    """The messages of an .eml or mbox file, refused unopened when it is a device, a named
    pipe or the open database (closing a plain descriptor of it drops this process's locks)."""
    try:
        refuse_to_read(path)
    except HistoryFileError as error:
        reason = str(error).removeprefix(f"cannot read {path}: ")
        raise MailFileError(f"{path}: cannot be read ({reason})") from None
    if path.suffix.lower() == ".eml":
        with path.open("rb") as file:
            arrived = datetime.fromtimestamp(os.fstat(file.fileno()).st_mtime, UTC)
            yield str(path), _headers(file), arrived
    elif _starts_like_mbox(path):
        yield from _mbox(path)
    else:
        raise MailFileError(
            f"{path}: not an .mbox file, a Maildir folder or an .eml file "
            "(an mbox file starts with a 'From ' line)"
        )


def _starts_like_mbox(path: Path) -> bool:
    """Whether the file is an mbox: it starts with a ``From`` line, or is an empty ``.mbox``
    (a folder with no mail)."""
    with path.open("rb") as file:
        start = file.read(len(_MBOX_START))
    return start == _MBOX_START or (start == b"" and path.suffix.lower() == ".mbox")


def _mbox(path: Path) -> Iterator[tuple[str, bytes, datetime | None]]:
    """The messages of an mbox file, with their ``From`` line's date."""
    box = mailbox.mbox(path, create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            file = box.get_file(key, from_=True)
            try:
                arrived = _from_line_date(file.readline())
                yield f"{path}: message {number}", _headers(file), arrived
            finally:
                file.close()
    finally:
        box.close()


def _from_line_date(line: bytes) -> datetime | None:
    """The date of an mbox ``From sender date`` line (asctime, sometimes with a zone; a
    date without one is taken as UTC), or None if it has none readable."""
    parts = line.decode("latin-1").split(None, 2)
    if len(parts) < 3:
        return None
    try:
        instant = parsedate_to_datetime(parts[2])
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


def _maildir(path: Path) -> Iterator[tuple[str, bytes, datetime | None]]:
    """The messages of a Maildir folder, with their delivery time (the number their file
    name starts with, as Maildir writers name them)."""
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in sorted(box.iterkeys()):
        file = box.get_file(key)
        try:
            yield f"{path}: message {key}", _headers(file), _delivered(key)
        finally:
            file.close()


def _delivered(key: str) -> datetime | None:
    """A Maildir message's delivery time from its name (``1709374500.M1P2.host``)."""
    seconds = key.split(".", 1)[0]
    if not seconds.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(seconds), UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _headers(file: _Lines) -> bytes:
    """A message's header lines, read up to the blank line that ends them; the body is
    never read."""
    lines = []
    for line in iter(file.readline, b""):
        if line in (b"\n", b"\r\n"):
            break
        lines.append(line)
    return b"".join(lines)
