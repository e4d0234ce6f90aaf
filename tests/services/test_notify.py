"""The notification chain: the system's notifications first, the caller's fallbacks next, a log
line last; shown only when the system said so, and never a crash."""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from freelance_ghost.services.notify.chain import FallbackNotifier, choose_notifier
from freelance_ghost.services.notify.freedesktop import FreedesktopNotifier
from freelance_ghost.services.notify.log_backend import LogNotifier
from freelance_ghost.services.notify.notify_send import NotifySendNotifier
from freelance_ghost.services.notify.plyer_backend import PlyerNotifier
from freelance_ghost.services.notify.session_bus import session_bus_address, session_bus_reachable
from tests.services.dbus_notifications import (
    NotificationServer,
    Shown,
    crashing_notification_service,
    require_tool,
    running_notification_server,
)

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the freedesktop notification service is Linux's"
)


@dataclass
class TrayStandIn:
    """A fallback such as the tray's message balloon: records what it was asked to show."""

    shown: list[tuple[str, str]] = field(default_factory=list)

    def notify(self, title: str, body: str) -> bool:
        self.shown.append((title, body))
        return True


class Broken:
    """A notifier with a bug in it."""

    def notify(self, title: str, body: str) -> bool:
        raise RuntimeError("the tray went away")


def test_the_desktop_is_sent_it_over_the_session_bus(notifications: NotificationServer) -> None:
    tray = TrayStandIn()
    assert choose_notifier([tray]).notify("Globex has gone quiet", "Send Hank a follow-up.")
    assert notifications.calls() == [
        Shown("Freelance Ghost", "Globex has gone quiet", "Send Hank a follow-up.")
    ]
    assert tray.shown == []  # the desktop answered: the fallback was not needed


def test_without_a_bus_the_callers_fallback_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    tray = TrayStandIn()
    assert choose_notifier([Broken(), tray]).notify("Globex has gone quiet", "Follow up.")
    assert tray.shown == [("Globex has gone quiet", "Follow up.")]


@linux_only
def test_a_service_that_crashes_on_start_shows_nothing_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with crashing_notification_service() as address:
        desktop = FreedesktopNotifier(environ={"DBUS_SESSION_BUS_ADDRESS": address})
        with caplog.at_level(logging.INFO, logger="freelance_ghost.services.notify"):
            assert desktop.notify("Globex has gone quiet", "Follow up.") is False
    assert "org.freedesktop.DBus.Error.Spawn.ChildExited" in caplog.text


@linux_only
def test_notify_send_counts_only_what_the_service_took(
    notifications: NotificationServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tool("notify-send")
    notify_send = NotifySendNotifier(timeout=30)
    assert notify_send.notify("Globex has gone quiet", "Follow up.") is True
    assert notifications.summaries() == ["Globex has gone quiet"]
    with crashing_notification_service() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        assert notify_send.notify("Initech has gone quiet", "Follow up.") is False


@linux_only
def test_a_crashed_service_leaves_it_to_the_callers_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tray = TrayStandIn()
    with crashing_notification_service() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        assert choose_notifier([tray]).notify("Globex has gone quiet", "Follow up.")
    assert tray.shown == [("Globex has gone quiet", "Follow up.")]


@linux_only
def test_a_service_that_never_answers_counts_as_not_shown(tmp_path: Path) -> None:
    with running_notification_server(tmp_path, silent=True) as hung:
        desktop = FreedesktopNotifier(
            environ={"DBUS_SESSION_BUS_ADDRESS": hung.address}, timeout=0.5
        )
        assert desktop.notify("Globex has gone quiet", "Follow up.") is False
        assert hung.summaries() == ["Globex has gone quiet"]  # it was asked, and said nothing


def test_with_nothing_to_show_it_the_chain_logs_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    chain = FallbackNotifier([FreedesktopNotifier(environ={}), Broken(), LogNotifier()])
    with caplog.at_level(logging.INFO, logger="freelance_ghost.services.notify"):
        assert chain.notify("Globex has gone quiet", "Follow up.") is False
    assert "no session bus to send desktop notifications to" in caplog.text
    assert "not shown (no notification service): Globex has gone quiet: Follow up." in caplog.text


def test_a_stuck_desktop_does_not_block_reminders() -> None:
    release = threading.Event()
    called = threading.Event()

    def stuck(**_: object) -> None:
        called.set()
        release.wait()

    notifier = PlyerNotifier(send=stuck, timeout=0.05)
    try:
        assert notifier.notify("Globex has gone quiet", "Follow up.") is False
        assert called.is_set()
    finally:
        release.set()


def test_a_failing_plyer_counts_as_not_shown() -> None:
    def missing_backend(**_: object) -> None:
        raise NotImplementedError("No usable implementation found!")

    notifier = PlyerNotifier(send=missing_backend)
    assert notifier.notify("Globex has gone quiet", "Follow up.") is False


def test_the_session_bus_is_found_where_dbus_clients_look(
    notifications: NotificationServer, tmp_path: Path
) -> None:
    assert session_bus_reachable({"DBUS_SESSION_BUS_ADDRESS": notifications.address})
    dead = f"unix:path={tmp_path / 'gone'}"
    assert not session_bus_reachable({"DBUS_SESSION_BUS_ADDRESS": dead})
    either = f"{dead};{notifications.address}"
    assert session_bus_reachable({"DBUS_SESSION_BUS_ADDRESS": either})
    assert not session_bus_reachable({})  # cron: no address, no runtime folder
    assert not session_bus_reachable({"XDG_RUNTIME_DIR": str(tmp_path)})  # no bus socket there
    assert session_bus_reachable({"DBUS_SESSION_BUS_ADDRESS": "tcp:host=localhost,port=1"})


def test_without_an_address_the_bus_is_the_runtime_folders(tmp_path: Path) -> None:
    assert session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)}) is None
    (tmp_path / "bus").touch()
    assert session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)}) == f"unix:path={tmp_path}/bus"


@linux_only
def test_the_stand_in_server_announces_the_button_signals(
    notifications: NotificationServer,
) -> None:
    from xml.etree import ElementTree

    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    server = DBusAddress(
        "/org/freedesktop/Notifications",
        bus_name="org.freedesktop.Notifications",
        interface="org.freedesktop.DBus.Introspectable",
    )
    with open_dbus_connection(bus=notifications.address) as connection:
        reply = connection.send_and_get_reply(new_method_call(server, "Introspect"), timeout=10)
    interface = ElementTree.fromstring(reply.body[0]).find(
        "interface[@name='org.freedesktop.Notifications']"
    )
    assert interface is not None
    signals = {
        signal.get("name"): "".join(arg.get("type", "") for arg in signal.iter("arg"))
        for signal in interface.iter("signal")
    }
    assert signals == {"ActionInvoked": "us", "NotificationClosed": "uu"}
