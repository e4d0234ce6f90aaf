"""Windows and macOS notifications with buttons, through desktop-notifier.

desktop-notifier is asyncio-based: its calls are coroutines, and on Windows its button
events come back through the event loop that sent the notification. So this backend owns
one event loop on a daemon thread of its own, started on first use; callers (the reminder
check's worker thread, never the window's) wait for each call's outcome for a bounded time.

desktop-notifier does not raise when a notification fails: it logs and goes on. What says
the system took the notification is its ``on_dispatched`` callback, which it calls only after
the system accepted it; that call is the proof of delivery here, as the notification
service's id is on Linux. Where it has no real notification centre (macOS outside an app
bundle, Windows before 10) it would pretend to send: nothing counts as shown there.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import logging
import threading
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from desktop_notifier import Button as NativeButton
from desktop_notifier import DesktopNotifier, Icon, Notification
from desktop_notifier.backends.dummy import DummyNotificationCenter
from desktop_notifier.main import get_backend_class

from freelance_ghost.services.notify.base import DEFAULT_ACTION, Button

logger = logging.getLogger(__name__)
# desktop-notifier logs a failed notification as a warning with its traceback; Python prints
# such lines on stderr when logging is not set up (the command line without -v), which
# promises one line there. Its lines still reach the log when the user asks for it (-v).
logging.getLogger("desktop_notifier").addHandler(logging.NullHandler())
APP_NAME = "Freelance Ghost"
Pressed = Callable[[int, str], None]  # (notification id, the button's key)
Closed = Callable[[int], None]  # notification id


def _ignore_pressed(notification: int, key: str) -> None:
    """Plain notifications (the command line's) have nobody to hear their buttons."""


def _ignore_closed(notification: int) -> None:
    """See ``_ignore_pressed``."""


async def _disconnect(notifier: DesktopNotifier | None) -> None:
    """Closes the D-Bus connection desktop-notifier's Linux backend keeps (it offers no call
    for it); the Windows and macOS backends hold no connection of their own."""
    bus = getattr(getattr(notifier, "_backend", None), "bus", None)
    if bus is not None and bus.connected:
        bus.disconnect()
        await bus.wait_for_disconnect()


class NativeButtons:
    """Sends notifications through desktop-notifier and reports their buttons pressed.

    ``notify`` shows a plain notification (the fallback chain's, and the command line's);
    ``notify_with_buttons`` shows one with buttons, whose presses reach ``on_pressed`` and
    whose dismissal reaches ``on_closed``, on the loop's thread on Windows and the main thread
    on macOS, so the callbacks must not block (the window's queue them to its own thread).
    desktop-notifier names notifications by a string; the app's buttons know them by number,
    so each shown one gets the next number.
    """

    def __init__(
        self,
        on_pressed: Pressed = _ignore_pressed,
        on_closed: Closed = _ignore_closed,
        *,
        app_name: str = APP_NAME,
        app_icon: Path | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.on_pressed = on_pressed
        self.on_closed = on_closed
        self.app_name = app_name
        self.app_icon = app_icon
        self.timeout = timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._notifier: DesktopNotifier | None = None
        self._numbers: dict[str, int] = {}
        self._counter = itertools.count(1)

    def notify(self, title: str, body: str) -> bool:
        """Whether the system took the notification (shown without buttons)."""
        return self._send(title, body, ()) is not None

    def notify_with_buttons(self, title: str, body: str, buttons: Sequence[Button]) -> int | None:
        """The number the notification's buttons will report; None: it was not shown."""
        return self._send(title, body, buttons)

    def close(self) -> None:
        """Stops the event loop and its thread; the next notification starts them again."""
        with self._lock:
            loop, thread, notifier = self._loop, self._thread, self._notifier
            self._loop = self._thread = self._notifier = None
        if loop is None or thread is None:
            return
        with contextlib.suppress(Exception):  # the loop ends whatever the bus does
            asyncio.run_coroutine_threadsafe(_disconnect(notifier), loop).result(self.timeout)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(self.timeout)
        if not thread.is_alive():
            loop.close()

    def _send(self, title: str, body: str, buttons: Sequence[Button]) -> int | None:
        """Sends one notification on the loop; its number once the system took it."""
        if get_backend_class() is DummyNotificationCenter:
            logger.info("desktop-notifier has no notification centre to use on this system")
            return None
        dispatched = threading.Event()
        notification = Notification(
            title=title,
            message=body,
            buttons=tuple(
                NativeButton(title=button.label, identifier=button.key)
                for button in buttons
                if button.key != DEFAULT_ACTION  # a click on it is on_clicked, not a button
            ),
            on_dispatched=dispatched.set,
        )
        notifier, loop = self._started()
        try:
            self._run(notifier.send_notification(notification), loop)
        except TimeoutError:
            logger.info("the system's notifications did not answer within %.0f s", self.timeout)
            return None
        if not dispatched.is_set():
            logger.info("the system's notifications did not take it (desktop-notifier)")
            return None
        with self._lock:
            number = self._numbers[notification.identifier] = next(self._counter)
        return number

    def _run(self, call: Coroutine[Any, Any, str], loop: asyncio.AbstractEventLoop) -> str | None:
        """The coroutine's result, run on ``loop``; None when ``close`` ended the loop
        meanwhile (the app is quitting); TimeoutError when it took too long."""
        try:
            future = asyncio.run_coroutine_threadsafe(call, loop)
        except RuntimeError:  # the loop is closed: nothing will run it
            call.close()
            return None
        try:
            return future.result(self.timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError from None

    def _started(self) -> tuple[DesktopNotifier, asyncio.AbstractEventLoop]:
        """The notifier and the event loop it runs on (started on its own thread), read
        together under the lock so a ``close`` on another thread cannot split them."""
        with self._lock:
            if self._notifier is not None and self._loop is not None:
                return self._notifier, self._loop
            loop = asyncio.new_event_loop()
            thread = threading.Thread(
                target=loop.run_forever, name="native-notifications", daemon=True
            )
            thread.start()
            icon = Icon(path=self.app_icon) if self.app_icon is not None else None
            notifier = DesktopNotifier(app_name=self.app_name, app_icon=icon)
            notifier.on_clicked = self._clicked
            notifier.on_button_pressed = self._pressed
            notifier.on_dismissed = self._dismissed
            self._loop, self._thread, self._notifier = loop, thread, notifier
            return notifier, loop

    def _number(self, identifier: str, forget: bool = False) -> int | None:
        with self._lock:
            return self._numbers.pop(identifier, None) if forget else self._numbers.get(identifier)

    def _clicked(self, identifier: str) -> None:
        self._report(identifier, DEFAULT_ACTION)

    def _pressed(self, identifier: str, key: str) -> None:
        self._report(identifier, key)

    def _report(self, identifier: str, key: str) -> None:
        number = self._number(identifier)
        if number is not None:
            self.on_pressed(number, key)

    def _dismissed(self, identifier: str) -> None:
        number = self._number(identifier, forget=True)
        if number is not None:
            self.on_closed(number)
