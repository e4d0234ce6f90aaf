"""Where the D-Bus session bus is, and whether it answers: cron jobs are told neither."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote

ADDRESS_ENV = "DBUS_SESSION_BUS_ADDRESS"


def session_bus_address(environ: Mapping[str, str] = os.environ) -> str | None:
    """The session bus's address as D-Bus clients find it; None when there is none to try.

    ``$DBUS_SESSION_BUS_ADDRESS`` first; without it, ``$XDG_RUNTIME_DIR/bus`` is the default
    bus (cron jobs have neither, which is why they so often notify nobody).
    """
    address = environ.get(ADDRESS_ENV, "")
    if address:
        return address
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if runtime and Path(runtime, "bus").exists():
        return f"unix:path={Path(runtime, 'bus')}"
    return None


def session_bus_reachable(environ: Mapping[str, str] = os.environ, timeout: float = 1.0) -> bool:
    """Whether a session bus accepts a connection, as D-Bus clients would look for one.

    Unix-socket addresses are tried; other transports (tcp, launchd) are assumed to work and
    left to the program that uses them.
    """
    address = session_bus_address(environ)
    if address is None:
        return False
    return any(_entry_reachable(entry, timeout) for entry in address.split(";") if entry)


def _entry_reachable(entry: str, timeout: float) -> bool:
    transport, _, params = entry.partition(":")
    if transport != "unix":
        return True
    values = dict(
        (key, unquote(value))
        for key, _, value in (pair.partition("=") for pair in params.split(","))
    )
    if "path" in values:
        return _connects(values["path"], timeout)
    if "abstract" in values:
        return _connects("\0" + values["abstract"], timeout)
    return True


def _connects(target: str, timeout: float) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(timeout)
        try:
            probe.connect(target)
        except OSError:
            return False
    return True
