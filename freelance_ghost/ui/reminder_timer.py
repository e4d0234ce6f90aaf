"""Background checks: every minute, by the wall clock, so sleep and clock changes catch up at once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from freelance_ghost.core.clock import Clock
from freelance_ghost.services.reminders import CheckResult, Reminders
from freelance_ghost.store.models import database

logger = logging.getLogger(__name__)
MINUTE_MS = 60_000


class ReminderTimer(QObject):
    """Runs ``Reminders.check`` off the window's thread once a minute (never one long timer).

    Each tick asks the clock for the time, so whatever fell due while the laptop slept is
    found on the first tick after waking, and notified once (the record sees to that).
    """

    checked = Signal(object)  # CheckResult
    _finished = Signal(object)  # CheckResult | None, from the worker thread

    def __init__(
        self,
        reminders: Reminders,
        clock: Clock,
        interval_ms: int = MINUTE_MS,
        chores: Sequence[Callable[[datetime], object]] = (),
    ) -> None:
        super().__init__()
        self.reminders = reminders
        self.chores = tuple(chores)  # other work due by the clock, e.g. the daily backup
        self.clock = clock
        self.busy = False
        self.held = False  # while an import's transaction is open: nothing to check yet
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self._finished.connect(self._on_finished)

    def start(self) -> None:
        """Checks now, then every interval."""
        self.timer.start()
        self.tick()

    def hold(self, held: bool) -> None:
        """Skips ticks while ``held``: an import in the window holds SQLite's write lock for
        its whole transaction, and a check's writes would wait on it, then fail as locked."""
        self.held = held

    def tick(self) -> None:
        """One check at the clock's current time; skipped while the previous one still runs."""
        if self.busy or self.held:
            return
        self.busy = True
        threading.Thread(target=self._work, args=(self.clock.now(),), daemon=True).start()

    def _work(self, now: datetime) -> None:
        result: CheckResult | None = None
        try:
            result = self.reminders.check(now)
            for chore in self.chores:
                chore(now)
        except Exception:  # a failed check must never take the app down
            logger.exception("the reminder check failed")
        finally:
            database.close()  # this thread's own connection
            self._finished.emit(result)

    def _on_finished(self, result: CheckResult | None) -> None:
        self.busy = False
        if result is not None:
            self.checked.emit(result)
