"""The window's mail sync: every few minutes and on "Sync now", in a worker thread.

The window stays responsive while a mailbox is read: the sync runs on a thread of its own
and says where it is by signals (shown in the status bar). One sync at a time in the window;
the lock file of services/mail/sync.py keeps the command line's from running beside it.
The mail libraries (imapclient, keyring) are imported on the worker thread, when a sync first
runs, so opening the window never pays for them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from freelance_ghost.core.plurals import counted
from freelance_ghost.store.errors import DatabaseWriteError, database_refusals
from freelance_ghost.store.mail_accounts import Account, list_accounts
from freelance_ghost.store.models import database
from freelance_ghost.store.settings import MAIL_SYNC_MINUTES, load

if TYPE_CHECKING:
    from freelance_ghost.services.mail.sync import SyncProgress

logger = logging.getLogger(__name__)
MINUTE_MS = 60_000

# Asks the person for an account's password (None: they declined); runs on the GUI thread.
PasswordAsker = Callable[[Account], "str | None"]


class PasswordBook:
    """Where the window finds an account's password: the system keyring, or, on a system
    without one, what the person typed this session (kept in memory only, never written)."""

    def __init__(self) -> None:
        self._typed: dict[str, str] = {}
        self._declined: set[str] = set()  # asked this session and declined: not asked again

    def keyring_works(self) -> bool:
        """Whether the system has a keyring that keeps passwords safely."""
        from freelance_ghost.services.mail.passwords import system_keyring

        return system_keyring() is not None

    def keep(self, account: str, password: str) -> bool:
        """Keeps the password: in the keyring (True), else in memory for this session (False).
        MailError when the keyring refuses it."""
        from freelance_ghost.services.mail.passwords import store_password

        self._declined.discard(account)
        if store_password(account, password):
            self._typed.pop(account, None)
            return True
        self._typed[account] = password
        return False

    def typed(self, account: str) -> str | None:
        """The password typed this session, if any."""
        return self._typed.get(account)

    def stored(self, account: str) -> str | None:
        """The keyring's password for the account (it may ask the system: call it off the
        GUI thread), else the one typed this session. MailError when the keyring fails."""
        from freelance_ghost.services.mail.passwords import get_password

        return self._typed.get(account) or get_password(account)

    def forget(self, account: str) -> None:
        """Forgets the account's password, in memory and in the keyring."""
        from freelance_ghost.services.mail.passwords import forget_password

        self._typed.pop(account, None)
        self._declined.discard(account)
        forget_password(account)

    def needs_asking(self, account: str, asked_by_person: bool) -> bool:
        """Whether to ask for the password now: only without a keyring, when none was typed,
        and (for a sync nobody asked for) only if the person did not decline it already."""
        if account in self._typed or self.keyring_works():
            return False
        return asked_by_person or account not in self._declined

    def declined(self, account: str) -> None:
        """The person closed the question: the background sync stops asking this session."""
        self._declined.add(account)


@dataclass(frozen=True)
class SyncOutcome:
    """What one run did over every account: new interactions, messages read, and the one
    line for each account that failed (a busy account among them)."""

    logged: int
    read: int
    failures: tuple[str, ...]
    asked_by_person: bool

    def summary(self) -> str:
        """The status bar's line after the run."""
        if self.failures:
            return "Mail: " + "; ".join(self.failures)
        if self.read == 0:
            return "Mail synced: nothing new"
        new = counted(self.logged, "new interaction", "new interactions")
        return f"Mail synced: {new} from {counted(self.read, 'message', 'messages')}"


def progress_line(progress: SyncProgress) -> str:
    """'Mail: Work, INBOX (1 of 2): 500 of 1200 messages read'."""
    where = f"{progress.account}, {progress.folder}"
    if progress.folders > 1:
        where += f" ({progress.folder_number} of {progress.folders})"
    size = f" of {progress.folder_size}" if progress.folder_size >= progress.read else ""
    return f"Mail: {where}: {progress.read}{size} messages read…"


class MailSync(QObject):
    """Syncs every mail account off the GUI thread, on a timer and on request."""

    progressed = Signal(str)  # where the sync is, for the status bar
    finished = Signal(object)  # SyncOutcome
    _progress = Signal(object)  # SyncProgress, from the worker thread
    _done = Signal(object)  # SyncOutcome, from the worker thread

    def __init__(
        self, data_dir: Path, passwords: PasswordBook, ask: PasswordAsker | None = None
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.passwords = passwords
        self.ask = ask  # None: accounts without a password are skipped with a word
        self.busy = False
        self.held = False  # while an import's transaction holds the database
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_timer_timeout)
        self._progress.connect(self._on_worker_progress)
        self._done.connect(self._on_worker_done)

    def start(self) -> None:
        """Syncs every few minutes (the Mail setting); the first sync waits one interval so
        the window's start stays quick."""
        self.set_interval(load(MAIL_SYNC_MINUTES))
        self.timer.start()

    def set_interval(self, minutes: int) -> None:
        """Syncs every ``minutes`` from now on."""
        self.timer.setInterval(minutes * MINUTE_MS)

    def hold(self, held: bool) -> None:
        """Skips timed syncs while ``held`` (an import in the window holds the write lock)."""
        self.held = held

    def sync_now(self, asked_by_person: bool = True) -> bool:
        """Starts a sync of every account; False (and a word why) when one is running or
        there is nothing to sync."""
        if self.busy:
            self.progressed.emit("Mail: a sync is already running")
            return False
        accounts = list_accounts()
        if not accounts:
            if asked_by_person:
                self.progressed.emit("Mail: no account yet (Mail → Mail accounts…)")
            return False
        wanted = [a for a in accounts if self._password_ready(a, asked_by_person)]
        skipped = tuple(
            f"{a.name} was skipped: no password this session" for a in accounts if a not in wanted
        )
        if not wanted:
            self.finished.emit(SyncOutcome(0, 0, skipped, asked_by_person))
            return False
        self.busy = True
        self.progressed.emit("Mail: syncing…")
        threading.Thread(
            target=self._work, args=(wanted, skipped, asked_by_person), daemon=True
        ).start()
        return True

    def _password_ready(self, account: Account, asked_by_person: bool) -> bool:
        """Asks for the password where there is no keyring and none was typed; False when
        the account must be skipped."""
        if not self.passwords.needs_asking(account.name, asked_by_person):
            return self.passwords.typed(account.name) is not None or self.passwords.keyring_works()
        password = self.ask(account) if self.ask is not None else None
        if not password:
            self.passwords.declined(account.name)
            return False
        self.passwords.keep(account.name, password)
        return True

    def _on_timer_timeout(self) -> None:
        if not self.held:
            self.sync_now(asked_by_person=False)

    def _work(self, accounts: Sequence[Account], skipped: tuple[str, ...], by_person: bool) -> None:
        """The worker thread: each account in turn; a failure is one line, never a crash."""
        logged = read = 0
        failures = list(skipped)
        try:
            for account in accounts:
                try:
                    done = self._sync_one(account)
                except Exception as error:  # a bug must not kill the thread unseen
                    logger.exception("the sync of %s failed unexpectedly", account.name)
                    failures.append(f"the sync of {account.name} stopped: {error}")
                    continue
                if isinstance(done, str):
                    failures.append(done)
                else:
                    logged, read = logged + done[0], read + done[1]
        finally:
            database.close()  # this thread's own connection
            self._done.emit(SyncOutcome(logged, read, tuple(failures), by_person))

    def _sync_one(self, account: Account) -> tuple[int, int] | str:
        """(interactions logged, messages read), or the one line saying why not."""
        from freelance_ghost.services.mail.errors import MailError
        from freelance_ghost.services.mail.sync import sync_account

        try:
            password = self.passwords.stored(account.name)
            if not password:
                return (
                    f"no password for {account.name} in the system keyring "
                    "(set it in Mail → Mail accounts…)"
                )
            with database_refusals():
                report = sync_account(account, password, self.data_dir, self._progress.emit)
        except (MailError, DatabaseWriteError) as error:
            return str(error)
        total = report.total
        return total.logged, total.read

    def _on_worker_progress(self, progress: SyncProgress) -> None:
        self.progressed.emit(progress_line(progress))

    def _on_worker_done(self, outcome: SyncOutcome) -> None:
        self.busy = False
        self.finished.emit(outcome)
