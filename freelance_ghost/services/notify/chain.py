"""The ordered fallback: plyer, then what the caller adds (the tray), then the log line."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from freelance_ghost.paths import resource_path
from freelance_ghost.services.notify.base import Notifier
from freelance_ghost.services.notify.log_backend import LogNotifier
from freelance_ghost.services.notify.plyer_backend import PlyerNotifier

logger = logging.getLogger(__name__)
APP_ICON = "freelance-ghost.svg"


class FallbackNotifier:
    """Tries each notifier in turn until one shows the notification."""

    def __init__(self, notifiers: Sequence[Notifier]) -> None:
        self.notifiers = tuple(notifiers)

    def notify(self, title: str, body: str) -> bool:
        """Whether any notifier showed it; a notifier that raises counts as one that could not."""
        return any(_attempt(notifier, title, body) for notifier in self.notifiers)


def _attempt(notifier: Notifier, title: str, body: str) -> bool:
    try:
        return notifier.notify(title, body)
    except Exception:  # a notifier must never take reminders down with it
        logger.info("%s failed to notify", type(notifier).__name__, exc_info=True)
        return False


def choose_notifier(fallbacks: Sequence[Notifier] = ()) -> FallbackNotifier:
    """plyer (native on each OS), then ``fallbacks`` in order, then a log line."""
    icon = resource_path(APP_ICON)
    plyer = PlyerNotifier(app_icon=icon if Path(icon).exists() else None)
    return FallbackNotifier([plyer, *fallbacks, LogNotifier()])
