"""The tray under a real X server (Xvfb) with a real tray host (trayer)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tools import require_tool

DRIVER = Path(__file__).with_name("tray_driver.py")


@pytest.fixture
def display() -> Iterator[str]:
    """A private X display with trayer holding the system tray."""
    xvfb = require_tool("Xvfb")
    trayer = require_tool("trayer")
    server = subprocess.Popen(
        [xvfb, "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    name = f":{server.stdout.readline().strip()}"  # Xvfb prints it once it accepts clients
    host = subprocess.Popen(
        [trayer, "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "200"],
        env={**os.environ, "DISPLAY": name},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield name
    for process in (host, server):
        process.terminate()
        process.wait(timeout=30)
    server.stdout.close()


def test_tray_icon_menu_and_close_to_tray(display: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "DBUS_SESSION_BUS_ADDRESS": "disabled:",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    result = subprocess.run(
        [sys.executable, str(DRIVER), str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["tray_available"] is True
    assert facts["has_tray"] is True
    assert facts["icon_visible"] is True
    assert facts["tooltip"].startswith("Freelance Ghost: ")
    assert "need" in facts["tooltip"]
    assert facts["menu"][0] == "Open Freelance Ghost"
    for entry in ("Check now", "Snooze all for an hour", "Pause notifications", "Quit"):
        assert entry in facts["menu"]
    assert len(facts["menu"]) >= 5 + 4  # the top items are listed too
    assert facts["menu_enabled_while_importing"] is False
    assert facts["menu_enabled_after_import"] is True
    assert facts["hidden_after_close"] is True  # closing keeps the app in the tray
    assert facts["shown_after_open"] is True
    assert facts["paused"] is True
    assert facts["exited_cleanly"] is True
