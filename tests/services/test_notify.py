"""The notification chain: plyer first, the caller's fallbacks next, a log line last; never a crash."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from freelance_ghost.services.notify.chain import FallbackNotifier, choose_notifier
from freelance_ghost.services.notify.log_backend import LogNotifier
from freelance_ghost.services.notify.plyer_backend import PlyerNotifier
from freelance_ghost.services.notify.session_bus import session_bus_reachable
from tests.services.dbus_notifications import NotificationServer, Shown


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


def test_plyer_delivers_through_the_session_bus(notifications: NotificationServer) -> None:
    tray = TrayStandIn()
    assert choose_notifier([tray]).notify("Globex has gone quiet", "Send Hank a follow-up.")
    assert notifications.calls() == [
        Shown("Freelance Ghost", "Globex has gone quiet", "Send Hank a follow-up.")
    ]
    assert tray.shown == []  # plyer delivered: the fallback was not needed


def test_without_a_bus_the_callers_fallback_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    tray = TrayStandIn()
    assert choose_notifier([Broken(), tray]).notify("Globex has gone quiet", "Follow up.")
    assert tray.shown == [("Globex has gone quiet", "Follow up.")]


def test_with_nothing_to_show_it_the_chain_logs_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    chain = FallbackNotifier([PlyerNotifier(bus_ready=lambda: False), Broken(), LogNotifier()])
    with caplog.at_level(logging.INFO, logger="freelance_ghost.services.notify"):
        assert chain.notify("Globex has gone quiet", "Follow up.") is False
    assert "not shown (no notification service): Globex has gone quiet: Follow up." in caplog.text


def test_a_stuck_desktop_does_not_block_reminders() -> None:
    release = threading.Event()
    called = threading.Event()

    def stuck(**_: object) -> None:
        called.set()
        release.wait()

    notifier = PlyerNotifier(send=stuck, timeout=0.05, bus_ready=lambda: True)
    try:
        assert notifier.notify("Globex has gone quiet", "Follow up.") is False
        assert called.is_set()
    finally:
        release.set()


def test_a_failing_plyer_counts_as_not_shown() -> None:
    def missing_backend(**_: object) -> None:
        raise NotImplementedError("No usable implementation found!")

    notifier = PlyerNotifier(send=missing_backend, bus_ready=lambda: True)
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
