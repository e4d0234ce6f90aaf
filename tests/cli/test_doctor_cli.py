"""``doctor``: the right sentence for each problem, the exit status, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services.dbus_notifications import (
    running_notification_server,
    session_bus_without_notifications,
)

# Root ignores file modes; dropping every capability makes it obey them like any user.
NO_CAPABILITIES = ("setpriv", "--bounding-set=-all", "--inh-caps=-all")
NO_BUS = {"DBUS_SESSION_BUS_ADDRESS": "", "XDG_RUNTIME_DIR": ""}


def doctor(
    data: Path, *args: str, prefix: tuple[str, ...] = (), **environment: str
) -> subprocess.CompletedProcess[str]:
    """``freelance-ghost doctor`` on ``data`` with a clean home and extra variables."""
    home = data.parent / "home"
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "freelance_ghost", "doctor", *args, "--data-dir", data],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "TZ": "Europe/Berlin",
            **NO_BUS,
            **environment,
        },
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


def line(result: subprocess.CompletedProcess[str], name: str) -> str:
    """The text of one check's line."""
    found = [row for row in result.stdout.splitlines() if row.startswith(name + " ")]
    assert len(found) == 1, result.stdout
    return found[0][len(name) :].strip()


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A data folder the demo filled."""
    data = tmp_path / "data"
    demo = subprocess.run(
        [sys.executable, "-m", "freelance_ghost", "demo", "--data-dir", data],
        capture_output=True,
        text=True,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    return data


def test_a_sound_folder_can_work(filled: Path) -> None:
    result = doctor(filled)
    assert result.returncode == 0, result.stdout
    assert line(result, "Database").startswith("schema ")
    assert line(result, "Database").endswith("integrity ok")
    assert line(result, "Data folder") == f"{filled} (writable)"
    assert line(result, "Time zone") == "Europe/Berlin"
    assert line(result, "Start at login") == "off (Settings, Start at login)"
    assert result.stdout.endswith("The app can work.\n")


def test_without_a_session_bus_it_says_how_cron_finds_one(filled: Path) -> None:
    result = doctor(filled)
    assert line(result, "Notifications") == (
        "none answers: there is no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    )
    assert "- Notifications: run the app inside your desktop session" in result.stdout
    assert result.returncode == 0  # reminders still show in the window's tray


def test_a_bus_without_a_notification_server(filled: Path) -> None:
    with session_bus_without_notifications() as address:
        result = doctor(filled, DBUS_SESSION_BUS_ADDRESS=address)
    assert line(result, "Notifications").startswith("none answers: no notification server")
    assert "org.freedesktop.DBus.Error.ServiceUnknown" in line(result, "Notifications")


def test_a_notification_server_that_answers_is_named(filled: Path, tmp_path: Path) -> None:
    with running_notification_server(tmp_path) as server:
        result = doctor(filled, DBUS_SESSION_BUS_ADDRESS=server.address)
        assert server.calls() == []  # asked who it is; nothing was shown
    assert line(result, "Notifications") == (
        "desktop notifications over D-Bus, shown by stand-in 1.0 (Freelance Ghost tests)"
    )
    assert "- Notifications:" not in result.stdout


def test_a_damaged_database_says_restore_and_exits_1(filled: Path) -> None:
    database = filled / "freelance_ghost.db"
    database.write_bytes(b"not a database at all" * 100)  # no app process holds it here
    result = doctor(filled)
    assert result.returncode == 1
    assert line(result, "Database").startswith(f"unusable: {database} is not a Freelance Ghost")
    assert "- Database: restore the newest good backup: freelance-ghost restore" in result.stdout
    assert result.stdout.endswith("The app cannot work until fixed.\n")


def test_a_read_only_database_file_is_no_working_setup(filled: Path) -> None:
    """The app would say "nothing will be saved": doctor must not call it sound."""
    database = filled / "freelance_ghost.db"
    database.chmod(0o400)
    try:
        result = doctor(filled)
    finally:
        database.chmod(0o600)
    assert result.returncode == 1
    assert line(result, "Database").startswith(f"read-only: {database} is read-only")
    assert "- Database: make the data folder and its database writable again" in result.stdout


@pytest.fixture
def read_only(filled: Path) -> Iterator[Path]:
    """The data folder made read-only by its owner."""
    if shutil.which("setpriv") is None:
        pytest.fail("setpriv (util-linux) is needed to drop root's capabilities")
    filled.chmod(0o500)
    yield filled
    filled.chmod(0o700)


def test_an_unwritable_data_folder_says_make_it_writable(read_only: Path) -> None:
    result = doctor(read_only, prefix=NO_CAPABILITIES)
    assert result.returncode == 1
    assert line(result, "Data folder") == f"{read_only} is read-only"
    assert f"- Data folder: make it writable again (chmod u+rwx {read_only})" in result.stdout


def test_an_unreadable_time_zone_is_reported_not_refused(filled: Path) -> None:
    result = doctor(filled, TZ="Nowhere/Land")
    assert result.returncode == 1
    assert line(result, "Time zone").startswith("the time zone TZ='Nowhere/Land' cannot be read")
    assert "- Time zone: set TZ to a zone such as Europe/Berlin" in result.stdout


def test_json_has_every_check_and_the_verdict(filled: Path) -> None:
    result = doctor(filled, "--json")
    report = json.loads(result.stdout)
    assert report["can_work"] is True
    names = [check["name"] for check in report["checks"]]
    assert names == [
        "Version",
        "Data folder",
        "Database",
        "Last backup",
        "Notifications",
        "Tray",
        "Start at login",
        "Time zone",
        "Keyring",
    ]
    notifications = report["checks"][names.index("Notifications")]
    assert (notifications["problem"], notifications["essential"]) == (True, False)
    assert notifications["fix"].startswith("run the app inside your desktop session")
