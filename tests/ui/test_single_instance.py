"""One app per data folder: a second launch hands over to the first and exits."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from freelance_ghost.ui.single_instance import SingleInstance, instance_key


def test_the_guard_hands_over_within_one_folder(qtbot: QtBot, tmp_path: Path) -> None:
    first = SingleInstance(instance_key(tmp_path / "a"))
    assert not first.hand_over()  # nobody runs yet
    assert first.listen()
    second = SingleInstance(instance_key(tmp_path / "a"))
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert second.hand_over()
    other_folder = SingleInstance(instance_key(tmp_path / "b"))
    assert not other_folder.hand_over()
    first.server.close()  # type: ignore[union-attr]


def test_a_stale_socket_does_not_block_the_next_start(tmp_path: Path) -> None:
    key = instance_key(tmp_path)
    crashed = SingleInstance(key)
    assert crashed.listen()
    crashed.server.close()  # type: ignore[union-attr]
    assert SingleInstance(key).listen()


@pytest.fixture
def running_app(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """The real app on a fresh data folder, offscreen, with its log on stderr."""
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DBUS_SESSION_BUS_ADDRESS": "disabled:"}
    first = subprocess.Popen(
        [sys.executable, "-m", "freelance_ghost", "-v", "--data-dir", str(data)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    yield first, data
    first.terminate()
    first.wait(timeout=30)
    assert first.stderr is not None
    first.stderr.close()


def read_until(process: subprocess.Popen[str], words: str) -> str:
    """Reads the process's log until a line says ``words``."""
    assert process.stderr is not None
    for line in process.stderr:
        if words in line:
            return line
    raise AssertionError(f"the app ended without saying {words!r}")


def test_a_second_launch_hands_over_and_exits(
    running_app: tuple[subprocess.Popen[str], Path],
) -> None:
    first, data = running_app
    read_until(first, "running for")
    second = subprocess.run(
        [sys.executable, "-m", "freelance_ghost", "-v", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert second.returncode == 0
    assert "already running" in second.stderr
    read_until(first, "another launch asked to show the window")
    assert first.poll() is None  # the first one carries on
