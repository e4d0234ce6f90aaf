"""The insights computed off the window's thread: at a million interactions it takes a while."""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QObject, Signal

from freelance_ghost.services.insights import insights_at
from freelance_ghost.store.models import database

logger = logging.getLogger(__name__)


class InsightsWorker(QObject):
    """Runs ``insights_at`` on a thread of its own, one run at a time.

    A request made while a run is under way is kept (only the latest) and run next, so the
    figures shown always answer the last question asked, and two runs never pile up.
    """

    computed = Signal(object)  # the insights object, or None when the run failed
    _finished = Signal(object)  # from the worker thread

    def __init__(self, zone: tzinfo) -> None:
        super().__init__()
        self._zone = zone
        self.busy = False
        self._pending: tuple[datetime, date | None] | None = None
        self._finished.connect(self._on_finished)

    def compute(self, now: datetime, since: date | None) -> None:
        """Starts a run for this moment and start date (or queues it behind the current one)."""
        if self.busy:
            self._pending = (now, since)
            return
        self.busy = True
        threading.Thread(target=self._work, args=(now, since), daemon=True).start()

    def _work(self, now: datetime, since: date | None) -> None:
        figures: dict[str, Any] | None = None
        try:
            figures = insights_at(now, self._zone, since)
        except Exception:  # a failed run must never take the window down
            logger.exception("the insights could not be computed")
        finally:
            database.close()  # this thread's own connection
            self._finished.emit(figures)

    def _on_finished(self, figures: dict[str, Any] | None) -> None:
        self.busy = False
        if self._pending is not None:
            now, since = self._pending
            self._pending = None
            self.compute(now, since)  # the answer to an older question is not shown
            return
        self.computed.emit(figures)
