"""A real notification daemon, dunst under Xvfb, shows the app's notification with its buttons."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from freelance_ghost.services.notification_buttons import LABELS, Answer
from freelance_ghost.services.notify.base import Button
from freelance_ghost.services.notify.desktop_buttons import DesktopButtons
from tests.services.dbus_notifications import notification_service, require_jeepney
from tests.tools import require_tool

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="dunst is a Linux notification daemon"
)
# Notifications stay until closed, so the test's own pace never matters.
DUNSTRC = (
    "[urgency_low]\ntimeout = 0\n[urgency_normal]\ntimeout = 0\n[urgency_critical]\ntimeout = 0\n"
)


@pytest.fixture
def dunst(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private X display and session bus, with dunst as the bus's notification service."""
    xvfb = require_tool("Xvfb")
    program = require_tool("dunst")
    require_tool("dunstctl")
    require_jeepney()
    config = tmp_path / "dunstrc"
    config.write_text(DUNSTRC, encoding="utf-8")
    server = subprocess.Popen(
        [xvfb, "-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    monkeypatch.setenv("DISPLAY", f":{server.stdout.readline().strip()}")  # once it accepts
    try:
        with notification_service([program, "-config", str(config)]) as address:
            monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
            yield address
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()


def dunstctl(*args: str) -> str:
    """What dunst's own control program says; it talks to dunst over the session bus."""
    done = subprocess.run(
        ["dunstctl", *args], capture_output=True, text=True, env=dict(os.environ), timeout=30
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_dunst_shows_the_notification_with_its_buttons_and_reports_them(dunst: str) -> None:
    pressed: queue.Queue[tuple[int, str]] = queue.Queue()
    closed: queue.Queue[int] = queue.Queue()
    desktop = DesktopButtons(
        lambda shown, key: pressed.put((shown, key)),
        closed.put,
        environ={"DBUS_SESSION_BUS_ADDRESS": dunst},
    )
    buttons = [Button(answer, LABELS.get(answer, "Open")) for answer in Answer]
    try:
        shown = desktop.notify_with_buttons("Globex has gone quiet", "Follow up.", buttons)
        assert shown is not None  # dunst answered with its id: it shows the notification
        assert shown > 0
        assert "Currently displayed: 1" in dunstctl("count")
        dunstctl("action", "0")  # the user clicks it: dunst invokes its default action
        assert pressed.get(timeout=30) == (shown, "default")
        dunstctl("close")
        assert closed.get(timeout=30) == shown
    finally:
        desktop.close()
    (entry,) = json.loads(dunstctl("history"))["data"][0]
    assert entry["id"]["data"] == shown
    assert entry["summary"]["data"] == "Globex has gone quiet"
    assert entry["default_action_name"]["data"] == "default"  # it took the actions we sent
