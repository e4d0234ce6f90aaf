"""The window open on a data folder while cron and the command line work on it: nothing lost.

The window (the real app, in its own process) takes its daily backup as it starts; then the
commands run beside it in several orders while it keeps writing through its own connection.
SQLite's ``-wal`` file must survive while the window is open (a command that deletes it
believes it is the last user, and from then on the two processes corrupt the file), restore
must be refused, and afterwards every commit of both is there and the file is sound.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from freelance_ghost.core.history.format import HEADER_LINE
from tests.safety.test_faults import cli, one_clear_line

pytestmark = pytest.mark.slow
DB = "freelance_ghost.db"
DRIVER = Path(__file__).with_name("window_driver.py")
ROOT = DRIVER.parent.parent.parent


class Window:
    """The real app's window in a child process, writing when told."""

    def __init__(self, data: Path) -> None:
        environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        environment.pop("DBUS_SESSION_BUS_ADDRESS", None)  # no desktop notifications here
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER), str(data)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        self.expect("ready")

    def expect(self, wanted: str) -> None:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if line != wanted:
            self.process.kill()
            _, errors = self.process.communicate()
            pytest.fail(f"the window said {line!r}, not {wanted!r}: {errors}")

    def write(self, name: str) -> None:
        self.tell(f"write {name}")
        self.expect(f"wrote {name}")

    def tell(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def quit(self) -> int:
        self.tell("quit")
        _, errors = self.process.communicate(timeout=60)
        assert "Traceback" not in errors, errors
        return self.process.returncode


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A small history file of one client with an interaction."""
    path = tmp_path / "history.csv"
    lines = [
        HEADER_LINE,
        "Imported,2025-01-01T09:00:00Z,client,,,,,,,,,active,,,,,",
        "Imported,2025-01-03T09:00:00Z,interaction,,out,email,,Proposal sent,,,,,,,,,",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def window(tmp_path: Path) -> Iterator[tuple[Window, Path]]:
    data = tmp_path / "data"
    window = Window(data)
    yield window, data
    if window.process.poll() is None:
        window.process.kill()
        window.process.communicate()


def wal_is_there(data: Path) -> bool:
    return (data / f"{DB}-wal").exists()


def client_names(data: Path) -> set[str]:
    connection = sqlite3.connect(data / DB)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        return {name for (name,) in connection.execute("SELECT name FROM client")}
    finally:
        connection.close()


ORDERS = {
    "reading first": ["attention", "export", "check", "import", "backup", "restore"],
    "writing first": ["import", "check", "backup", "attention", "restore", "export"],
    "restore first": ["restore", "backup", "export", "import", "attention", "check"],
}


@pytest.mark.parametrize("order", ORDERS.values(), ids=ORDERS.keys())
def test_commands_beside_the_open_window_lose_nothing(
    window: tuple[Window, Path], history: Path, order: list[str]
) -> None:
    app, data = window
    assert wal_is_there(data), "the window's connection keeps the WAL"
    written = set()
    for number, command in enumerate(order):
        name = f"Window {number}"
        app.write(name)
        written.add(name)
        run_beside(command, data, history)
        assert wal_is_there(data), f"{command} deleted the WAL under the open window"
    app.write("Window last")
    written.add("Window last")

    assert app.quit() == 0
    assert not wal_is_there(data), "the window, closing last, folds the WAL into the file"
    assert client_names(data) == written | {"Imported"}


def run_beside(command: str, data: Path, history: Path) -> None:
    """Runs one command on the window's folder and checks what it said."""
    folder = ("--data-dir", str(data))
    if command == "import":
        result = cli("import", str(history), *folder)
    elif command == "export":
        result = cli("export", *folder)
        assert "Window 0" in result.stdout
    elif command == "attention":
        result = cli("attention", "--json", *folder)
    elif command == "check":
        result = cli("check", *folder)
    elif command == "backup":
        result = cli("backup", *folder)
        assert Path(result.stdout.strip()).exists()
    else:
        result = cli("restore", *folder)
        assert result.returncode == 2
        assert "another program is using" in one_clear_line(result.stderr)
        return
    assert result.returncode == 0, result.stderr
