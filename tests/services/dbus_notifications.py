"""A private session D-Bus with a stand-in notification server, so tests see what the desktop gets.

Run as a script (``python dbus_notifications.py RECORD [silent]``) it is the server: it owns
``org.freedesktop.Notifications``, answers Notify, GetCapabilities, GetServerInformation,
CloseNotification and Introspect, and appends one JSON line per Notify call to RECORD before
replying. A silent server records Notify calls and never answers them, as a hung
notification daemon does.

Like dunst and GNOME, it sends ActionInvoked and NotificationClosed to the connection that
sent the notification. Tests make it do so as a user would, by pressing a button or closing
a notification, through the ``Press`` and ``Dismiss`` methods of a test-only interface.

A bus can also be started whose notification service crashes on start: the name is
activatable through a service file whose program exits at once, as a broken notification
daemon does, so every Notify call gets the bus's error instead of an id.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.tools import require_tool, unavailable

ROOT = Path(__file__).resolve().parents[2]

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
STARTUP_TIMEOUT = 10.0
SILENT = "silent"
TEST_INTERFACE = "org.freelance_ghost.Tests"  # the user's hand: Press and Dismiss
CLOSED_BY_USER = 2  # NotificationClosed's reason when the user dismissed it
CLOSED_BY_CALL = 3  # and when the app called CloseNotification

SESSION_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={socket_dir}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{service_dir}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

INTROSPECTION = """<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg name="app_name" type="s" direction="in"/>
      <arg name="replaces_id" type="u" direction="in"/>
      <arg name="app_icon" type="s" direction="in"/>
      <arg name="summary" type="s" direction="in"/>
      <arg name="body" type="s" direction="in"/>
      <arg name="actions" type="as" direction="in"/>
      <arg name="hints" type="a{sv}" direction="in"/>
      <arg name="expire_timeout" type="i" direction="in"/>
      <arg name="id" type="u" direction="out"/>
    </method>
    <method name="GetCapabilities">
      <arg name="capabilities" type="as" direction="out"/>
    </method>
    <method name="GetServerInformation">
      <arg name="name" type="s" direction="out"/>
      <arg name="vendor" type="s" direction="out"/>
      <arg name="version" type="s" direction="out"/>
      <arg name="spec_version" type="s" direction="out"/>
    </method>
    <method name="CloseNotification">
      <arg name="id" type="u" direction="in"/>
    </method>
    <signal name="NotificationClosed">
      <arg name="id" type="u"/>
      <arg name="reason" type="u"/>
    </signal>
    <signal name="ActionInvoked">
      <arg name="id" type="u"/>
      <arg name="action_key" type="s"/>
    </signal>
  </interface>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect">
      <arg name="data" type="s" direction="out"/>
    </method>
  </interface>
</node>
"""


def require_jeepney() -> None:
    """The stand-in server is written with jeepney."""
    try:
        import jeepney  # noqa: F401
    except ImportError:
        unavailable("jeepney is not installed (pip install jeepney)")


@dataclass(frozen=True)
class Shown:
    """One Notify call the server received; ``actions`` are its buttons' keys and labels."""

    app_name: str
    summary: str
    body: str
    actions: tuple[str, ...] = ()
    id: int = field(default=0, compare=False)  # what the server answered (0: no answer)


@dataclass(frozen=True)
class NotificationServer:
    """A running stand-in server on a private bus, and where it records what it was sent."""

    address: str
    record: Path

    def calls(self) -> list[Shown]:
        """Every Notify call so far, in order (each is written before its reply is sent)."""
        if not self.record.exists():
            return []
        lines = self.record.read_text(encoding="utf-8").splitlines()
        calls = [json.loads(line) for line in lines]
        return [Shown(**{**call, "actions": tuple(call["actions"])}) for call in calls]

    def summaries(self) -> list[str]:
        """The titles of every notification so far."""
        return [call.summary for call in self.calls()]

    def press(self, notification_id: int, key: str) -> None:
        """The user presses a button (``default``: clicks the notification itself)."""
        self._as_user("Press", "us", (notification_id, key))

    def dismiss(self, notification_id: int) -> None:
        """The user closes the notification."""
        self._as_user("Dismiss", "u", (notification_id,))

    def _as_user(self, method: str, signature: str, body: tuple[Any, ...]) -> None:
        """Asks the server to act as the user; its signal is sent before it answers."""
        from jeepney import DBusAddress, MessageType, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        user = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=TEST_INTERFACE)
        with open_dbus_connection(bus=self.address) as connection:
            reply = connection.send_and_get_reply(
                new_method_call(user, method, signature, body), timeout=STARTUP_TIMEOUT
            )
        assert reply.header.message_type is MessageType.method_return, reply.body


@contextlib.contextmanager
def running_notification_server(
    tmp_path: Path, *, silent: bool = False
) -> Iterator[NotificationServer]:
    """A private session bus and the stand-in server on it; both stopped afterwards."""
    require_tool("dbus-daemon")
    require_jeepney()
    with _session_bus() as address:
        record = tmp_path / "notifications.jsonl"
        environment = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
        server_command = [sys.executable, "-m", "tests.services.dbus_notifications", str(record)]
        server_command += [SILENT] if silent else []
        environment["PYTHONPATH"] = str(ROOT)  # the module runs as the server's main
        with _process(server_command, environment) as server:
            _first_line(server, "the notification server")  # "ready": it owns the name
            yield NotificationServer(address, record)


@contextlib.contextmanager
def session_bus_without_notifications() -> Iterator[str]:
    """A private session bus on which no notification server runs; yields its address."""
    require_tool("dbus-daemon")
    with _session_bus() as address:
        yield address


@contextlib.contextmanager
def crashing_notification_service() -> Iterator[str]:
    """A private session bus whose notification service exits as soon as the bus starts it.

    The bus starts ``org.freedesktop.Notifications`` on the first call to it (D-Bus
    activation) and answers that call with its own error when the program dies.
    """
    require_tool("dbus-daemon")
    with _session_bus({BUS_NAME: require_tool("false")}) as address:
        yield address


@contextlib.contextmanager
def notification_service(program: list[str]) -> Iterator[str]:
    """A private session bus on which ``program`` (a real notification daemon) is activatable.

    The bus starts it on the first call to ``org.freedesktop.Notifications`` and holds that
    call until the program owns the name, so no test waits for it to come up.
    """
    require_tool("dbus-daemon")
    with _session_bus({BUS_NAME: " ".join(program)}) as address:
        yield address


@contextlib.contextmanager
def _session_bus(activatable: dict[str, str] | None = None) -> Iterator[str]:
    """A private dbus-daemon; ``activatable`` maps bus names to the program that provides each."""
    # A short folder of its own: unix socket paths must stay under 108 bytes.
    folder = Path(tempfile.mkdtemp(prefix="fg-bus-"))
    try:
        services = folder / "services"
        services.mkdir()
        for number, (name, program) in enumerate((activatable or {}).items()):
            service = f"[D-BUS Service]\nName={name}\nExec={program}\n"
            (services / f"service{number}.service").write_text(service, encoding="utf-8")
        config = folder / "session.conf"
        conf = SESSION_CONF.format(socket_dir=folder, service_dir=services)
        config.write_text(conf, encoding="utf-8")
        command = [
            "dbus-daemon",
            f"--config-file={config}",
            "--print-address",
            "--nofork",
            "--nopidfile",
        ]
        with _process(command, dict(os.environ)) as daemon:
            yield _first_line(daemon, "dbus-daemon")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _process(command: list[str], environment: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=environment,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.communicate(timeout=STARTUP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def _first_line(process: subprocess.Popen[str], what: str) -> str:
    """The first line the process prints, waiting at most STARTUP_TIMEOUT seconds for it."""
    assert process.stdout is not None
    readable, _, _ = select.select([process.stdout], [], [], STARTUP_TIMEOUT)
    line = process.stdout.readline().strip() if readable else ""
    if not line:
        process.kill()
        _, errors = process.communicate()
        pytest.fail(f"{what} did not start: {errors.strip() or 'no output'}")
    return line


# The server side: runs in its own process, with only jeepney and the standard library.


def serve(record: Path, silent: bool = False) -> None:
    """Owns the notification name, then answers calls until terminated (silent: not Notify)."""
    from jeepney import HeaderFields, MessageType, message_bus
    from jeepney.io.blocking import open_dbus_connection

    connection = open_dbus_connection(bus="SESSION")
    reply = connection.send_and_get_reply(message_bus.RequestName(BUS_NAME, 4))  # do not queue
    if reply.body != (1,):  # 1: we are the primary owner
        sys.exit(f"could not own {BUS_NAME}: {reply.body}")
    print("ready", flush=True)
    senders: dict[int, str] = {}  # notification id -> the connection that sent it
    while True:
        message = connection.receive()
        if message.header.message_type is not MessageType.method_call:
            continue
        fields = message.header.fields
        member = fields.get(HeaderFields.member)
        if member == "Notify":
            shown = 0 if silent else len(senders) + 1
            _record(record, message.body, shown)
            if not silent:
                senders[shown] = fields[HeaderFields.sender]
                connection.send(_answer(message, "u", (shown,)))
        elif fields.get(HeaderFields.interface) == TEST_INTERFACE:
            notification, *rest = message.body
            if member == "Press":
                _emit(connection, senders, "ActionInvoked", "us", (notification, rest[0]))
            else:
                _emit(
                    connection, senders, "NotificationClosed", "uu", (notification, CLOSED_BY_USER)
                )
            connection.send(_answer(message, None, ()))
        else:
            if member == "CloseNotification":
                _emit(
                    connection, senders, "NotificationClosed", "uu", (*message.body, CLOSED_BY_CALL)
                )
            connection.send(_answer_other(message, member))


def _emit(
    connection: Any, senders: dict[int, str], member: str, signature: str, body: tuple[Any, ...]
) -> None:
    """Sends a signal about one notification to the connection that sent that notification."""
    from jeepney import DBusAddress, HeaderFields, new_signal

    if body[0] not in senders:
        return
    emitter = DBusAddress(OBJECT_PATH, interface=BUS_NAME)
    signal = new_signal(emitter, member, signature, body)
    signal.header.fields[HeaderFields.destination] = senders[body[0]]
    connection.send(signal)


def _record(record: Path, body: tuple[Any, ...], shown: int) -> None:
    app_name, _, _, summary, text, actions, *_ = body
    call = {"app_name": app_name, "summary": summary, "body": text, "actions": actions}
    with record.open("a", encoding="utf-8") as file:
        file.write(json.dumps({**call, "id": shown}) + "\n")


def _answer(message: Any, signature: str | None, body: tuple[Any, ...]) -> Any:
    from jeepney import new_method_return

    return new_method_return(message, signature, body)


def _answer_other(message: Any, member: str | None) -> Any:
    from jeepney import new_error

    answers: dict[str | None, tuple[str, tuple[Any, ...]]] = {
        "GetCapabilities": ("as", (["body"],)),
        "GetServerInformation": ("ssss", ("stand-in", "Freelance Ghost tests", "1.0", "1.2")),
        "CloseNotification": ("", ()),
        "Introspect": ("s", (INTROSPECTION,)),
        "Ping": ("", ()),
    }
    if member in answers:
        signature, body = answers[member]
        return _answer(message, signature or None, body)
    return new_error(
        message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no method {member}",)
    )


if __name__ == "__main__":
    serve(Path(sys.argv[1]), silent=sys.argv[2:] == [SILENT])
