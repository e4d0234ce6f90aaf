"""Service fixtures: a private session D-Bus with a stand-in notification server on it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services.dbus_notifications import NotificationServer, running_notification_server


@pytest.fixture
def notifications(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[NotificationServer]:
    """The stand-in server; the code under test finds it through DBUS_SESSION_BUS_ADDRESS."""
    if not sys.platform.startswith("linux"):
        pytest.skip("freedesktop notifications over D-Bus are how Linux desktops notify")
    with running_notification_server(tmp_path) as server:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", server.address)
        yield server
