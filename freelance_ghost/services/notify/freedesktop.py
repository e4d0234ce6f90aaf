"""Linux desktop notifications: the freedesktop Notify call on the session bus, and its answer.

The notification service answers Notify with the id of the notification it shows, so that
answer is the proof the user was shown it. Anything else (no bus, no service, a service that
crashes on start, an error, no answer in time) counts as not shown.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from jeepney import DBusAddress, HeaderFields, Message, MessageType, new_method_call
from jeepney.io.blocking import open_dbus_connection

from freelance_ghost.services.notify.base import Button
from freelance_ghost.services.notify.bounded import shown_within
from freelance_ghost.services.notify.session_bus import session_bus_address

logger = logging.getLogger(__name__)
APP_NAME = "Freelance Ghost"
DESKTOP_ENTRY = "freelance-ghost"  # the .desktop file's name, so the desktop shows our icon
NOTIFICATIONS = DBusAddress(
    "/org/freedesktop/Notifications",
    bus_name="org.freedesktop.Notifications",
    interface="org.freedesktop.Notifications",
)
SERVER_DEFAULT_EXPIRY = -1
AUTH_TIMEOUT = 2.0  # a working bus authenticates in well under a millisecond


class FreedesktopNotifier:
    """Sends Notify to ``org.freedesktop.Notifications`` and counts it shown on an id back.

    A call with no answer within ``timeout`` seconds counts as not shown (the bus gives an
    activated service 25 s to start; reminders do not wait that long).
    """

    def __init__(
        self,
        *,
        app_name: str = APP_NAME,
        app_icon: Path | None = None,
        timeout: float = 10.0,
        environ: Mapping[str, str] = os.environ,
    ) -> None:
        self.app_name = app_name
        self.app_icon = app_icon
        self.timeout = timeout
        self.environ = environ

    def notify(self, title: str, body: str) -> bool:
        """Whether the desktop's notification service said it shows the notification."""
        address = session_bus_address(self.environ)
        if address is None:
            logger.info(
                "no session bus to send desktop notifications to "
                "(DBUS_SESSION_BUS_ADDRESS is not set)"
            )
            return False
        message = notify_message(self.app_name, self.app_icon, title, body)
        return shown_within(
            self.timeout,
            lambda: notification_id(_call(address, message, self.timeout)) is not None,
            "the desktop's notification service",
        )


def notify_message(
    app_name: str, app_icon: Path | None, title: str, body: str, buttons: Sequence[Button] = ()
) -> Message:
    """The Notify call of the Desktop Notifications Specification, version 1.2.

    ``buttons`` become its actions: key and label in turn, as the specification lists them.
    """
    icon = app_icon.as_uri() if app_icon is not None and app_icon.is_absolute() else ""
    hints = {"desktop-entry": ("s", DESKTOP_ENTRY)}
    actions = [text for button in buttons for text in (button.key, button.label)]
    return new_method_call(
        NOTIFICATIONS,
        "Notify",
        "susssasa{sv}i",
        (app_name, 0, icon, title, body, actions, hints, SERVER_DEFAULT_EXPIRY),
    )


def _call(address: str, message: Message, timeout: float) -> Message | str:
    """The reply to ``message`` on the bus at ``address``, or why there was none."""
    if not any(entry.startswith("unix:") for entry in address.split(";")):
        return f"the session bus at {address} is not a local socket this app can reach"
    try:
        with open_dbus_connection(bus=address, auth_timeout=AUTH_TIMEOUT) as connection:
            return connection.send_and_get_reply(message, timeout=timeout)
    except OSError as error:  # no such socket, refused, or no answer in time
        return f"the session bus at {address} cannot be reached ({error.strerror or error})"
    except (ValueError, RuntimeError) as error:  # a malformed address, or not a D-Bus bus
        return f"the session bus at {address} did not answer as a bus ({error})"


def notification_id(reply: Message | str) -> int | None:
    """The service's id for the notification in ``reply``; None, and why in the log, if none."""
    if isinstance(reply, str):
        logger.info("%s, so no desktop notification was shown", reply)
        return None
    if reply.header.message_type is MessageType.error:
        name = reply.header.fields.get(HeaderFields.error_name, "an error")
        detail = reply.body[0] if reply.body and isinstance(reply.body[0], str) else ""
        logger.info(
            "the desktop's notification service did not show it: %s%s",
            name,
            f" ({detail})" if detail else "",
        )
        return None
    body = reply.body
    returned = reply.header.message_type is MessageType.method_return
    if returned and len(body) == 1 and isinstance(body[0], int):
        return body[0]
    logger.info("the desktop's notification service gave no notification id: %r", body)
    return None


def notification_server(environ: Mapping[str, str] = os.environ, timeout: float = 2.0) -> str:
    """Which notification server answers on the session bus ("GNOME Shell 46.0").

    Asked with GetServerInformation, which shows nothing on screen, so a diagnosis can ask.
    Raises ``LookupError`` with the reason when no server answers.
    """
    address = session_bus_address(environ)
    if address is None:
        raise LookupError("there is no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
    asked = new_method_call(NOTIFICATIONS, "GetServerInformation")
    reply = _call(address, asked, timeout)
    if isinstance(reply, str):
        raise LookupError(reply)
    if reply.header.message_type is not MessageType.method_return or len(reply.body) < 3:
        name = reply.header.fields.get(HeaderFields.error_name, "an error")
        raise LookupError(f"no notification server answers on the session bus ({name})")
    name, vendor, version = (str(part) for part in reply.body[:3])
    return f"{name} {version} ({vendor})"
