"""The ordered fallback: the system's notifications, then what the caller adds, then a log line."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from freelance_ghost.paths import resource_path
from freelance_ghost.services.notify.base import Notifier
from freelance_ghost.services.notify.log_backend import LogNotifier

if TYPE_CHECKING:
    from freelance_ghost.services.notification_buttons import ButtonsDesktop

logger = logging.getLogger(__name__)
APP_ICON = "freelance-ghost.svg"
NATIVE_BUTTON_PLATFORMS = ("win32", "darwin")  # where desktop-notifier is installed


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
    """The system's own notifications, then ``fallbacks`` in order, then a log line."""
    return FallbackNotifier([*system_notifiers(_app_icon()), *fallbacks, LogNotifier()])


def buttons_desktop(
    on_pressed: Callable[[int, str], None],
    on_closed: Callable[[int], None],
    platform: str = sys.platform,
) -> ButtonsDesktop | None:
    """Where notifications can carry buttons and report them pressed.

    Linux: the session bus; Windows and macOS: desktop-notifier. Elsewhere None: plyer
    shows notifications without buttons there.
    """
    if platform.startswith("linux"):
        from freelance_ghost.services.notify.desktop_buttons import DesktopButtons

        return DesktopButtons(on_pressed, on_closed, app_icon=_app_icon())
    if platform in NATIVE_BUTTON_PLATFORMS:
        from freelance_ghost.services.notify.native_buttons import NativeButtons

        return NativeButtons(on_pressed, on_closed, app_icon=_app_icon())
    return None


def _app_icon() -> Path | None:
    icon = resource_path(APP_ICON)
    return icon if icon.exists() else None


def system_notifiers(icon: Path | None, platform: str = sys.platform) -> list[Notifier]:
    """Linux: the notification service over D-Bus, then notify-send; Windows and macOS:
    desktop-notifier, then plyer; elsewhere plyer.

    Each counts a notification as shown only when the system said so, where it can say so.
    These notifications are plain: the command line's process is gone before anyone could
    press a button.
    """
    if platform.startswith("linux"):
        from freelance_ghost.services.notify.freedesktop import FreedesktopNotifier
        from freelance_ghost.services.notify.notify_send import NotifySendNotifier

        return [FreedesktopNotifier(app_icon=icon), NotifySendNotifier(app_icon=icon)]
    from freelance_ghost.services.notify.plyer_backend import PlyerNotifier

    plyer: list[Notifier] = [PlyerNotifier(app_icon=icon)]
    if platform not in NATIVE_BUTTON_PLATFORMS:
        return plyer
    from freelance_ghost.services.notify.native_buttons import NativeButtons

    return [NativeButtons(app_icon=icon), *plyer]
