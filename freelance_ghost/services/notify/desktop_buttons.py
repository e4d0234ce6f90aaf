"""Linux notifications with buttons: one lasting session-bus connection that sends and listens.

Notification services send ActionInvoked and NotificationClosed to the connection that sent
the Notify call (dunst and GNOME address them to its unique name), so the notifications
whose buttons the app wants to hear go out on the same connection that hears them, and
that connection lives as long as the window does. A thread of jeepney's receives; another
of ours hands each signal to the callbacks, which must not block (the window's queue them
to its own thread).
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from jeepney import HeaderFields, MatchRule, Message, MessageType, message_bus
from jeepney.io.common import RouterClosed
from jeepney.io.threading import DBusRouter, open_dbus_connection

from freelance_ghost.services.notify.base import Button
from freelance_ghost.services.notify.freedesktop import (
    APP_NAME,
    AUTH_TIMEOUT,
    NOTIFICATIONS,
    notification_id,
    notify_message,
)
from freelance_ghost.services.notify.session_bus import session_bus_address

logger = logging.getLogger(__name__)
SIGNALS = MatchRule(
    type="signal", interface=NOTIFICATIONS.interface, path=NOTIFICATIONS.object_path
)
Pressed = Callable[[int, str], None]  # (notification id, the button's key)
Closed = Callable[[int], None]  # notification id


class _Router(DBusRouter):  # type: ignore[misc]  # jeepney.io.threading has no types
    """jeepney's router, which ends quietly, and says so, when the bus goes away."""

    alive = True

    def _receiver(self) -> None:
        try:
            super()._receiver()
        except (OSError, ValueError) as error:  # the session ended, or the bus broke the rules
            logger.info("the session bus closed the connection for notifications (%s)", error)
        finally:
            self.alive = False


def _close_router(router: _Router) -> None:
    """Stops the router's receiving thread and closes its socket."""
    router.close()
    router.conn.close()


class DesktopButtons:
    """Sends notifications with buttons to ``org.freedesktop.Notifications`` and hears them.

    The connection opens on the first notification (on the caller's thread, which is never
    the window's) and again after the bus dropped it; ``close`` ends it and its threads for
    good.
    """

    def __init__(
        self,
        on_pressed: Pressed,
        on_closed: Closed,
        *,
        app_name: str = APP_NAME,
        app_icon: Path | None = None,
        timeout: float = 10.0,
        environ: Mapping[str, str] = os.environ,
    ) -> None:
        self.on_pressed = on_pressed
        self.on_closed = on_closed
        self.app_name = app_name
        self.app_icon = app_icon
        self.timeout = timeout
        self.environ = environ
        self._lock = threading.Lock()
        self._router: _Router | None = None
        self._closed = False
        self._signals: queue.Queue[Message | None] = queue.Queue()

    def notify_with_buttons(self, title: str, body: str, buttons: Sequence[Button]) -> int | None:
        """The id the notification service gave it (its buttons report that id); None: not shown."""
        router = self._connected()
        if router is None:
            return None
        message = notify_message(self.app_name, self.app_icon, title, body, buttons)
        try:
            reply: Message | str = router.send_and_get_reply(message, timeout=self.timeout)
        except TimeoutError:
            reply = f"the notification service did not answer within {self.timeout:.0f} s"
        except (OSError, RouterClosed) as error:  # the bus went away: reconnect next time
            reply = f"the session bus dropped the connection ({error or type(error).__name__})"
            with self._lock:
                if self._router is router:
                    self._drop()
        return notification_id(reply)

    def close(self) -> None:
        """Closes the connection and stops listening, for good: the app is quitting, and a
        check still running on its worker thread must not open a new connection."""
        with self._lock:
            self._closed = True
            self._drop()

    def _connected(self) -> _Router | None:
        """The open connection, opened (and subscribed to the signals) when there is none.

        Opening takes up to the authentication and subscription timeouts, so it happens
        outside the lock: ``close`` on the window's thread never waits for it.
        """
        with self._lock:
            if self._closed:
                return None
            if self._router is not None and self._router.alive:
                return self._router
            self._drop()
            signals = self._signals
        router = self._open(signals)
        if router is None:
            return None
        with self._lock:
            # Closed meanwhile (the app quit), or another caller's connection came first.
            installed = not self._closed and self._router is None and self._signals is signals
            if installed:
                self._router = router
        if not installed:
            _close_router(router)
            return None
        threading.Thread(
            target=self._hand_over, args=(signals,), name="notify-buttons", daemon=True
        ).start()
        return router

    def _open(self, signals: queue.Queue[Message | None]) -> _Router | None:
        """A new connection whose signals go to ``signals``; None when the bus is out of reach."""
        address = session_bus_address(self.environ)
        if address is None or not address.startswith("unix:"):
            logger.info("no session bus this app can reach for notifications with buttons")
            return None
        try:
            connection = open_dbus_connection(bus=address, auth_timeout=AUTH_TIMEOUT)
        except (OSError, ValueError, RuntimeError) as error:
            logger.info("the session bus at %s cannot be reached (%s)", address, error)
            return None
        router = _Router(connection)
        router.filter(SIGNALS, queue=signals)
        try:
            router.send_and_get_reply(message_bus.AddMatch(SIGNALS), timeout=self.timeout)
        except (OSError, TimeoutError, RuntimeError) as error:
            logger.info("the session bus did not take the signal subscription (%s)", error)
        return router

    def _drop(self) -> None:
        """Ends the connection and the hand-over thread (called with the lock held)."""
        router, self._router = self._router, None
        self._signals.put(None)  # tells the hand-over thread of this connection to stop
        self._signals = queue.Queue()
        if router is not None:
            _close_router(router)

    def _hand_over(self, signals: queue.Queue[Message | None]) -> None:
        """Passes each ActionInvoked and NotificationClosed to the callbacks, until told to stop."""
        while (signal := signals.get()) is not None:
            try:
                self._dispatch(signal)
            except Exception:  # one bad signal must not end the listening
                logger.warning("a notification's button could not be handled", exc_info=True)

    def _dispatch(self, signal: Message) -> None:
        if signal.header.message_type is not MessageType.signal:
            return
        member = signal.header.fields.get(HeaderFields.member)
        if member == "ActionInvoked" and signal.header.fields.get(HeaderFields.signature) == "us":
            notification, key = signal.body
            self.on_pressed(int(notification), str(key))
        elif member == "NotificationClosed" and len(signal.body) == 2:
            self.on_closed(int(signal.body[0]))
