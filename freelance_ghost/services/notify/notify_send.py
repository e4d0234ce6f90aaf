"""libnotify's ``notify-send``: for session buses the direct call cannot reach (a tcp address).

notify-send exits with status 0 only when the notification service took the notification
(libnotify 0.7.8 and later), so its exit status is the answer.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from freelance_ghost.services.notify.session_bus import session_bus_reachable

logger = logging.getLogger(__name__)
APP_NAME = "Freelance Ghost"
PROGRAM = "notify-send"


class NotifySendNotifier:
    """Runs ``notify-send`` when it is installed and a session bus answers."""

    def __init__(
        self,
        *,
        app_name: str = APP_NAME,
        app_icon: Path | None = None,
        timeout: float = 10.0,
        bus_ready: Callable[[], bool] = session_bus_reachable,
    ) -> None:
        self.app_name = app_name
        self.app_icon = app_icon
        self.timeout = timeout
        self._bus_ready = bus_ready

    def notify(self, title: str, body: str) -> bool:
        """Whether notify-send said, by its exit status, that the notification was shown."""
        program = shutil.which(PROGRAM)
        if program is None or not self._bus_ready():
            return False  # without a bus it would fail too, or start a bus of its own
        command = [program, f"--app-name={self.app_name}"]
        if self.app_icon is not None:
            command.append(f"--icon={self.app_icon}")
        try:
            finished = subprocess.run(
                [*command, "--", title, body],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            logger.info("%s could not show it (%s)", PROGRAM, error)
            return False
        if finished.returncode != 0:
            reason = finished.stderr.strip().splitlines()[-1:] or [f"status {finished.returncode}"]
            logger.info("%s could not show it: %s", PROGRAM, reason[0])
        return finished.returncode == 0
