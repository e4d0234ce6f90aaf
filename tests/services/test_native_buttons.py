"""The Windows and macOS notifications with buttons (desktop-notifier), driven here through
desktop-notifier's own Linux backend against the stand-in notification server.

Only the adapter is tested this way: desktop-notifier's Windows and macOS backends are not
run here. What it proves is the adapter's half: the buttons offered, an answer from the
system counted as shown and an error as not shown, presses and closings reported by number.
"""

from __future__ import annotations

import queue
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from freelance_ghost.services.notify import native_buttons
from freelance_ghost.services.notify.base import Button
from freelance_ghost.services.notify.chain import buttons_desktop, system_notifiers
from freelance_ghost.services.notify.desktop_buttons import DesktopButtons
from freelance_ghost.services.notify.native_buttons import NativeButtons
from freelance_ghost.services.notify.plyer_backend import PlyerNotifier
from tests.services.dbus_notifications import NotificationServer, crashing_notification_service

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="desktop-notifier is installed for tests on Linux, where it speaks D-Bus",
)

SILENCE = [
    Button("default", "Open"),
    Button("open", "Open"),
    Button("snooze-day", "Snooze 1 day"),
    Button("replied", "They replied"),
]
WAIT = 10.0  # seconds for a signal to travel server → bus → loop; the queue returns at once


class Heard:
    """What the adapter reported: presses as (number, key), closings as the number."""

    def __init__(self) -> None:
        self.pressed: queue.Queue[tuple[int, str]] = queue.Queue()
        self.closed: queue.Queue[int] = queue.Queue()

    def on_pressed(self, number: int, key: str) -> None:
        self.pressed.put((number, key))

    def on_closed(self, number: int) -> None:
        self.closed.put(number)


@pytest.fixture
def heard() -> Heard:
    return Heard()


@pytest.fixture
def native(heard: Heard) -> Iterator[NativeButtons]:
    backend = NativeButtons(heard.on_pressed, heard.on_closed, timeout=WAIT)
    yield backend
    backend.close()


def test_the_buttons_are_offered_and_the_answer_counts_as_shown(
    notifications: NotificationServer, native: NativeButtons
) -> None:
    number = native.notify_with_buttons("Globex has gone quiet", "Send a follow-up.", SILENCE)
    assert number is not None
    (shown,) = notifications.calls()
    assert (shown.app_name, shown.summary, shown.body) == (
        "Freelance Ghost",
        "Globex has gone quiet",
        "Send a follow-up.",
    )
    # desktop-notifier offers the click on the notification itself as the "default" action
    assert shown.actions == (
        *("default", ""),
        *("open", "Open"),
        *("snooze-day", "Snooze 1 day"),
        *("replied", "They replied"),
    )


def test_a_plain_notification_has_no_buttons(
    notifications: NotificationServer, native: NativeButtons
) -> None:
    assert native.notify("Globex has gone quiet", "Send a follow-up.")
    assert [call.actions for call in notifications.calls()] == [("default", "")]


@pytest.mark.parametrize("key", ["open", "snooze-day", "replied", "default"])
def test_a_pressed_button_is_reported_with_the_notifications_number(
    key: str, notifications: NotificationServer, native: NativeButtons, heard: Heard
) -> None:
    native.notify_with_buttons("Initech has gone quiet", "", SILENCE[:2])
    number = native.notify_with_buttons("Globex has gone quiet", "", SILENCE)
    globex = notifications.calls()[1].id
    notifications.press(globex, key)
    assert heard.pressed.get(timeout=WAIT) == (number, key)


def test_a_dismissed_notification_is_reported_closed(
    notifications: NotificationServer, native: NativeButtons, heard: Heard
) -> None:
    number = native.notify_with_buttons("Globex has gone quiet", "", SILENCE)
    notifications.dismiss(notifications.calls()[0].id)
    assert heard.closed.get(timeout=WAIT) == number


def test_a_service_that_errors_counts_as_not_shown(
    monkeypatch: pytest.MonkeyPatch, native: NativeButtons
) -> None:
    with crashing_notification_service() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        assert native.notify_with_buttons("Globex has gone quiet", "", SILENCE) is None
        assert not native.notify("Globex has gone quiet", "")


def test_without_a_notification_centre_nothing_counts_as_shown(
    monkeypatch: pytest.MonkeyPatch, notifications: NotificationServer, native: NativeButtons
) -> None:
    """macOS outside an app bundle: desktop-notifier would pretend to send."""
    from desktop_notifier.backends.dummy import DummyNotificationCenter

    monkeypatch.setattr(native_buttons, "get_backend_class", lambda: DummyNotificationCenter)
    assert not native.notify("Globex has gone quiet", "")
    assert native.notify_with_buttons("Globex has gone quiet", "", SILENCE) is None
    assert notifications.calls() == []


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_try_desktop_notifier_before_plyer(platform: str) -> None:
    chain = system_notifiers(None, platform)
    assert [type(notifier) for notifier in chain] == [NativeButtons, PlyerNotifier]
    desktop = buttons_desktop(print, print, platform)
    assert isinstance(desktop, NativeButtons)


def test_linux_keeps_its_own_buttons_and_other_systems_have_none() -> None:
    assert isinstance(buttons_desktop(print, print, "linux"), DesktopButtons)
    assert buttons_desktop(print, print, "freebsd14") is None
    assert [type(notifier) for notifier in system_notifiers(None, "freebsd14")] == [PlyerNotifier]


def test_a_close_while_a_notification_is_on_its_way_counts_it_not_shown(
    monkeypatch: pytest.MonkeyPatch, notifications: NotificationServer, native: NativeButtons
) -> None:
    """The app quits (the window's thread) just as a check (its worker) sends one."""
    from desktop_notifier import DesktopNotifier

    send = DesktopNotifier.send_notification

    def quit_meanwhile(notifier: DesktopNotifier, notification: Any) -> Any:
        native.close()
        return send(notifier, notification)

    monkeypatch.setattr(DesktopNotifier, "send_notification", quit_meanwhile)
    assert native.notify_with_buttons("Globex has gone quiet", "", SILENCE) is None
    assert notifications.calls() == []
