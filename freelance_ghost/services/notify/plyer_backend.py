"""Native notifications on Windows and macOS through plyer, bounded in time and never raising."""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Callable
from pathlib import Path

from freelance_ghost.services.notify.bounded import shown_within

logger = logging.getLogger(__name__)
APP_NAME = "Freelance Ghost"
Send = Callable[..., object]


class PlyerNotifier:
    """plyer's ``notification.notify``: Windows' balloon, or macOS's notification centre.

    These system calls give no answer, so a call that returns without raising counts as
    shown. Linux does not use plyer: its notify-send path cannot tell whether anything was
    shown (``freedesktop.py`` asks the notification service itself).
    """

    def __init__(
        self,
        *,
        app_name: str = APP_NAME,
        app_icon: Path | None = None,
        timeout: float = 10.0,
        send: Send | None = None,
    ) -> None:
        self.app_name = app_name
        self.app_icon = app_icon
        self.timeout = timeout
        self._send = send

    def notify(self, title: str, body: str) -> bool:
        """Whether the system's notification call returned within the time allowed."""
        try:
            send = self._send or plyer_send()
        except Exception:
            logger.info("the system's notifications could not be loaded", exc_info=True)
            return False

        def show() -> bool:
            try:
                send(
                    title=title,
                    message=body,
                    app_name=self.app_name,
                    app_icon=str(self.app_icon or ""),
                )
            except NotImplementedError:  # no backend for this system
                logger.info("this system offers no native notifications")
                return False
            return True

        return shown_within(self.timeout, show, "the system's notification call")


def plyer_send() -> Send:
    """plyer's notify for this platform; what plyer says about missing backends goes to the log.

    plyer warns, and prints a traceback to stderr, when a backend is missing; the command line
    promises one line on stderr, so both are caught here.
    """
    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(printed):
        warnings.simplefilter("always")
        from plyer import notification

        send: Send = notification.notify  # choosing the backend happens on first access
    for warning in caught:
        logger.info("notifications: %s", str(warning.message).splitlines()[0])
    if printed.getvalue():
        logger.info("notifications: %s", printed.getvalue().strip())
    return send
