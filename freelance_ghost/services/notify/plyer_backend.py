"""Native notifications through plyer, bounded in time and never raising, whatever the desktop."""

from __future__ import annotations

import contextlib
import io
import logging
import sys
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

from freelance_ghost.services.notify.session_bus import session_bus_reachable

logger = logging.getLogger(__name__)
APP_NAME = "Freelance Ghost"
Send = Callable[..., object]


class PlyerNotifier:
    """plyer's ``notification.notify``; on Linux that is dbus-python, else ``notify-send``.

    plyer cannot tell whether ``notify-send`` reached anyone, so on Linux a session bus must
    answer first. A call that has not returned within ``timeout`` seconds counts as not shown
    and is left to finish in the background: reminders never wait on a stuck desktop.
    """

    def __init__(
        self,
        *,
        app_name: str = APP_NAME,
        app_icon: Path | None = None,
        timeout: float = 10.0,
        send: Send | None = None,
        bus_ready: Callable[[], bool] | None = None,
    ) -> None:
        self.app_name = app_name
        self.app_icon = app_icon
        self.timeout = timeout
        self._send = send
        self._bus_ready = bus_ready or _bus_ready_for_plyer

    def notify(self, title: str, body: str) -> bool:
        """Whether plyer showed the notification within the time allowed."""
        if not self._bus_ready():
            logger.info("no D-Bus session bus answers, so plyer cannot notify")
            return False
        try:
            send = self._send or plyer_send()
        except Exception:
            logger.info("plyer could not load a notification backend", exc_info=True)
            return False
        return finishes_within(
            self.timeout,
            lambda: send(
                title=title,
                message=body,
                app_name=self.app_name,
                app_icon=str(self.app_icon or ""),
            ),
        )


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
        logger.info("plyer: %s", str(warning.message).splitlines()[0])
    if printed.getvalue():
        logger.info("plyer: %s", printed.getvalue().strip())
    return send


def finishes_within(timeout: float, call: Callable[[], object]) -> bool:
    """Runs ``call`` on a daemon thread; whether it returned without raising within ``timeout``."""
    outcome: list[bool] = []

    def run() -> None:
        try:
            call()
        except NotImplementedError:  # plyer found no backend on this system
            logger.info("plyer has no notification backend here")
            outcome.append(False)
        except Exception:
            logger.info("plyer failed to notify", exc_info=True)
            outcome.append(False)
        else:
            outcome.append(True)

    worker = threading.Thread(target=run, name="plyer-notify", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        logger.info("plyer did not return within %.1f s; counted as not shown", timeout)
        return False
    return outcome == [True]


def _bus_ready_for_plyer() -> bool:
    """On Linux plyer needs the session bus; elsewhere it talks to the OS directly."""
    return not sys.platform.startswith("linux") or session_bus_reachable()
