"""The do-nothing end of the chain: a quiet log line where no notification service exists."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


class LogNotifier:
    """Writes the notification to the log; returns False because no person saw it."""

    def notify(self, title: str, body: str) -> bool:
        """Logs the notification at INFO level; never delivered."""
        logger.info("not shown (no notification service): %s: %s", title, body)
        return False
