"""A notification attempt with a time limit: a stuck desktop never holds reminders up."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)


def shown_within(timeout: float, show: Callable[[], bool], what: str) -> bool:
    """Runs ``show`` on a daemon thread; its answer if it came within ``timeout`` seconds.

    An attempt still running then counts as not shown and is left to finish in the
    background; one that raises counts as not shown too. ``what`` names it in the log.
    """
    outcome: list[bool] = []

    def run() -> None:
        try:
            outcome.append(show())
        except Exception:  # a bug in one way of notifying must not take reminders down
            logger.info("%s failed", what, exc_info=True)

    worker = threading.Thread(target=run, name="notify", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        logger.info("%s did not answer within %.0f s; counted as not shown", what, timeout)
        return False
    return outcome == [True]
