"""The Linux notifications with buttons: once the app quits, no connection is left or made."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from freelance_ghost.services.notify import desktop_buttons
from freelance_ghost.services.notify.base import Button
from freelance_ghost.services.notify.desktop_buttons import DesktopButtons
from tests.services.dbus_notifications import NotificationServer

OPEN = [Button("open", "Open")]
WAIT = 10.0  # seconds before a close that never returns counts as frozen


def ignore(*args: object) -> None:
    """Nobody listens to the buttons here."""


def test_a_check_after_close_opens_no_connection(notifications: NotificationServer) -> None:
    buttons = DesktopButtons(ignore, ignore)
    buttons.close()  # the app quit while a check was still on its way
    assert buttons.notify_with_buttons("Globex has gone quiet", "", OPEN) is None
    assert notifications.calls() == []
    assert buttons._router is None


def test_close_while_the_connection_opens_neither_waits_nor_leaks_it(
    notifications: NotificationServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's close runs while the check's thread is still authenticating."""
    buttons = DesktopButtons(ignore, ignore)
    opened: list[Any] = []
    closes_returned: list[bool] = []
    open_connection = desktop_buttons.open_dbus_connection

    def open_and_quit_meanwhile(**kwargs: Any) -> Any:
        connection = open_connection(**kwargs)
        opened.append(connection)
        closer = threading.Thread(target=buttons.close)
        closer.start()
        closer.join(WAIT)  # bounds a failure only: a close that waits on this opening hangs
        closes_returned.append(not closer.is_alive())
        return connection

    monkeypatch.setattr(desktop_buttons, "open_dbus_connection", open_and_quit_meanwhile)
    assert buttons.notify_with_buttons("Globex has gone quiet", "", OPEN) is None
    assert closes_returned == [True]
    (connection,) = opened
    assert connection.sock.fileno() == -1  # the connection opened meanwhile was closed
    assert buttons._router is None
    assert notifications.calls() == []
