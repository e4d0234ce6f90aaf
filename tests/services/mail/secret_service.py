"""A real Secret Service for tests: gnome-keyring-daemon, unlocked, on a private session bus.

``dbus-run-session`` starts a bus of its own and runs a small shell script on it, which
starts the keyring daemon with a login keyring unlocked by a throwaway password (the daemon
returns once it serves), prints the bus address and waits for its standard input to close.
The keyring's files live in a private HOME; closing the script's input ends the bus, and the
daemon with it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.tools import require_tool, unavailable

STARTUP_TIMEOUT = 20.0

SCRIPT = """\
printf '%s' 'throwaway-unlock' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
echo "$DBUS_SESSION_BUS_ADDRESS"
cat >/dev/null
"""


@dataclass(frozen=True)
class SecretService:
    """Where the private bus is, and the environment a process needs to use its keyring."""

    address: str
    home: Path

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "DBUS_SESSION_BUS_ADDRESS": self.address,
            "HOME": str(self.home),
            "XDG_RUNTIME_DIR": str(self.home / "run"),
        }


@contextlib.contextmanager
def running_secret_service(folder: Path) -> Iterator[SecretService]:
    """The unlocked keyring daemon on its private bus, for the block."""
    if not sys.platform.startswith("linux"):
        unavailable("the Secret Service over D-Bus is how Linux desktops keep passwords")
    require_tool("dbus-run-session")
    require_tool("gnome-keyring-daemon")
    home = folder / "keyring-home"
    (home / "run").mkdir(parents=True, mode=0o700)
    environment = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(home / "run")}
    environment.pop("DBUS_SESSION_BUS_ADDRESS", None)
    process = subprocess.Popen(
        ["dbus-run-session", "--", "sh", "-c", SCRIPT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    assert process.stdout is not None
    assert process.stdin is not None
    try:
        address = process.stdout.readline().decode().strip()  # after the daemon serves
        if not address:
            raise RuntimeError("the keyring daemon did not start on its private bus")
        yield SecretService(address, home)
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=STARTUP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
