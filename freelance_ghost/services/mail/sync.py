"""Syncing an account: each folder's new messages read in batches, each batch stored with its place.

Incremental per folder: the stored UIDVALIDITY and last UID say where the last sync stopped.
A batch and the position it reaches commit in one transaction (store.mail.record_mail), so a
sync cut off anywhere (the server gone, the process killed) resumes after the last stored
batch and logs nothing twice. When a folder's UIDVALIDITY changes its UIDs mean nothing any
more: the folder is read again from the start, and the message keys already stored keep
every message from being logged twice. One sync per account at a time, across processes:
the window's background sync and ``mail sync`` share a lock file in the data folder.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from freelance_ghost.core.mail.message import MailMessage, MailMessageError, read_message
from freelance_ghost.services.mail.errors import MailError
from freelance_ghost.services.mail.imap import FetchedMessage, FolderState, Mailbox, connected
from freelance_ghost.store.file_lock import holding_if_free
from freelance_ghost.store.mail import NOTHING, FolderPosition, MailBatchResult, record_mail
from freelance_ghost.store.mail_accounts import Account, folder_position

BATCH_SIZE = 500  # messages per fetch and per transaction


class SyncBusyError(MailError):
    """Another sync of the same account is running (in this process or another)."""


@dataclass(frozen=True)
class SyncProgress:
    """Where a sync is: the folder (n of m), messages read in it so far, and its size."""

    account: str
    folder: str
    folder_number: int
    folders: int
    read: int
    folder_size: int


@dataclass(frozen=True)
class FolderReport:
    """What one folder's sync did; ``reread`` when its UIDVALIDITY had changed."""

    folder: str
    result: MailBatchResult
    reread: bool


@dataclass(frozen=True)
class SyncReport:
    """What a sync of one account did, folder by folder."""

    account: str
    folders: tuple[FolderReport, ...]

    @property
    def total(self) -> MailBatchResult:
        return sum((report.result for report in self.folders), NOTHING)


def sync_lock_path(data_dir: Path, account: Account) -> Path:
    """The lock file every sync of the account holds (the window's and the command line's)."""
    return data_dir / f"mail-{account.id}.lock"


def sync_account(
    account: Account,
    password: str,
    data_dir: Path,
    progress: Callable[[SyncProgress], None] | None = None,
    *,
    batch_size: int = BATCH_SIZE,
) -> SyncReport:
    """Reads the account's folders' new messages into the records; MailError on failure,
    with every batch stored before it kept (the next sync resumes there)."""
    with holding_if_free(sync_lock_path(data_dir, account)) as free:
        if not free:
            raise SyncBusyError(f"a sync of {account.name} is already running")
        with connected(account, password) as mailbox:
            folders = mailbox.folders_to_read(account)
            reports = [
                _sync_folder(mailbox, account, folder, (number, len(folders)), progress, batch_size)
                for number, folder in enumerate(folders, start=1)
            ]
    return SyncReport(account.name, tuple(reports))


def _sync_folder(
    mailbox: Mailbox,
    account: Account,
    folder: str,
    place: tuple[int, int],
    progress: Callable[[SyncProgress], None] | None,
    batch_size: int,
) -> FolderReport:
    """One folder from where it was left (from its start after a UIDVALIDITY change)."""
    state = mailbox.examine(folder)
    stored = folder_position(account.id, folder)
    reread = stored is not None and stored[0] != state.uidvalidity
    after = stored[1] if stored is not None and not reread else 0
    done = NOTHING
    for batch in mailbox.new_messages(folder, after, batch_size):
        if not batch:
            continue
        messages, unreadable = _read(batch)
        position = FolderPosition(account.id, folder, state.uidvalidity, batch[-1].uid)
        result = record_mail(messages, account.own(), account.name, position)
        done += dataclasses.replace(result, read=len(batch), unreadable=unreadable)
        if progress is not None:
            progress(_progress(account, folder, place, done.read, state))
    if stored != (state.uidvalidity, after) and done.read == 0:
        # Nothing new, but a folder seen for the first time or renumbered: remember it so.
        position = FolderPosition(account.id, folder, state.uidvalidity, after)
        record_mail([], account.own(), account.name, position)
    return FolderReport(folder, done, reread)


def _read(batch: list[FetchedMessage]) -> tuple[list[MailMessage], int]:
    """The batch's readable messages, and how many had no usable date at all."""
    messages: list[MailMessage] = []
    for fetched in batch:
        try:
            messages.append(read_message(fetched.headers, fetched.internal_date))
        except MailMessageError:
            continue  # counted, not stored: one bad message must not stop a mailbox
    return messages, len(batch) - len(messages)


def _progress(
    account: Account, folder: str, place: tuple[int, int], read: int, state: FolderState
) -> SyncProgress:
    return SyncProgress(account.name, folder, place[0], place[1], read, state.messages)
