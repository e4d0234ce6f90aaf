"""The Linux bundle, built once with PyInstaller from the spec, then run as a user would run it."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from freelance_ghost.core.history.format import HEADER_LINE
from tests.packaging.built import Bundle
from tests.services.dbus_notifications import running_notification_server
from tests.services.mail.mail_servers import PASSWORD, USER, running_mail_server
from tests.services.mail.secret_service import running_secret_service
from tests.tools import require_tool, unavailable

ROOT = Path(__file__).resolve().parents[2]
SIZE_LIMIT_MB = 150
STAYS_UP_SECONDS = 4.0
ZONE = "Europe/Berlin"
MONDAY_MORNING = "2026-11-23T10:00+01:00"
HISTORY = (
    "\r\n".join(
        [
            HEADER_LINE,
            "Globex,2026-09-01T09:00:00+02:00,client,,,,,Met at a fair,,,,active,,,,,",
            "Globex,2026-09-01T09:10:00+02:00,contact,Hank,,email,hank@globex.example,CEO,,,,,,,,,",
            "Globex,2026-09-02T10:00:00+02:00,interaction,Hank,out,email,,Proposal,,,Website,,,,,,",
            "Globex,2026-09-03T10:00:00+02:00,interaction,Hank,in,email,,Looks good,,,Website,,,,,,",
            "Globex,2026-09-10T10:00:00+02:00,invoice,,,,,,,,Website,,INV-1,1250.00,EUR,2026-10-10,",
            "Initech,2026-10-01T09:00:00+02:00,client,,,,,,,,,active,,,,,",
            "Initech,2026-10-01T09:05:00+02:00,contact,Peter,,email,peter@initech.example,,,,,,,,,,",
            "Initech,2026-10-02T10:00:00+02:00,interaction,Peter,out,email,,Kick-off notes,,,,,,,,,",
            "Initech,2026-10-02T15:00:00+02:00,interaction,Peter,in,email,,Thanks,,,,,,,,,",
            "Initech,2026-10-20T10:00:00+02:00,interaction,Peter,out,email,,Draft ready,,,,,,,,,",
        ]
    )
    + "\r\n"
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CI builds the Linux bundle"),
]


def test_the_readme_builds_with_this_spec() -> None:
    readme = (ROOT / "packaging" / "README.md").read_text(encoding="utf-8")
    assert "\npyinstaller packaging/freelance_ghost.spec --noconfirm\n" in readme


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A small client history: an overdue invoice at Globex, a silent Initech."""
    path = tmp_path / "history.csv"
    path.write_text(HISTORY, encoding="utf-8", newline="")
    return path


@pytest.fixture
def filled(bundle: Bundle, history: Path, tmp_path: Path) -> Path:
    """A data folder the bundle's own ``import`` filled with the history."""
    data = tmp_path / "data"
    imported = run(bundle.program, "import", history, "--data-dir", data)
    assert (imported.returncode, imported.stderr) == (0, "")
    assert imported.stdout.startswith("Imported history.csv: 10 rows, 10 added")
    return data


def run(program: Path | str, *args: object, **environment: str) -> subprocess.CompletedProcess[str]:
    """Runs a program to completion, in Berlin, with extra environment variables."""
    return subprocess.run(
        [str(program), *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": ZONE, **environment},
        timeout=120,
        check=False,
    )


def test_attention_lists_what_the_imported_history_calls_for(bundle: Bundle, filled: Path) -> None:
    frozen = run(
        bundle.program, "attention", "--json", "--at", MONDAY_MORNING, "--data-dir", filled
    )
    assert (frozen.returncode, frozen.stderr) == (0, "")
    items = json.loads(frozen.stdout)["items"]
    assert [(item["client"], item["kind"]) for item in items] == [
        ("Globex", "invoice_overdue"),
        ("Initech", "silence"),
    ]
    assert (items[0]["invoice"], items[0]["amount_due"], items[0]["days_overdue"]) == (
        "INV-1",
        "1250.00",
        44,
    )
    installed = run(
        sys.executable,
        "-m",
        "freelance_ghost",
        "attention",
        "--json",
        "--at",
        MONDAY_MORNING,
        "--data-dir",
        filled,
    )
    assert frozen.stdout == installed.stdout  # the same command as the installed one


@pytest.mark.parametrize("platform", ["offscreen", "xcb"])
def test_the_window_starts_and_stays_up(bundle: Bundle, filled: Path, platform: str) -> None:
    with display_for(platform) as environment, started(bundle.program, filled, environment) as app:
        deadline = time.monotonic() + STAYS_UP_SECONDS
        while time.monotonic() < deadline:  # a liveness check: poll, do not time anything
            assert app.poll() is None, f"the window exited: {app.communicate()[1][-2000:]}"
            time.sleep(0.2)


def test_a_check_notification_reaches_the_session_bus(
    bundle: Bundle, filled: Path, tmp_path: Path
) -> None:
    with running_notification_server(tmp_path) as server:
        checked = run(
            bundle.program,
            "check",
            "--at",
            MONDAY_MORNING,
            "--data-dir",
            filled,
            DBUS_SESSION_BUS_ADDRESS=server.address,
        )
        calls = server.calls()
    assert (checked.returncode, checked.stderr) == (0, "")
    sent = re.fullmatch(r"Sent (\d+) notifications? about 2 new items\.\n", checked.stdout)
    assert sent is not None, checked.stdout
    assert len(calls) == int(sent.group(1))  # how many is the reminders' business, not ours
    assert {call.app_name for call in calls} == {"Freelance Ghost"}
    assert "INV-1" in " ".join(call.summary + call.body for call in calls)


def test_programs_it_starts_get_the_users_library_path(
    bundle: Bundle, filled: Path, tmp_path: Path
) -> None:
    """notify-send must load the system's GLib, not the bundle's: the runtime hook's job."""
    seen = tmp_path / "seen"
    fake = tmp_path / "bin" / "notify-send"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "${{LD_LIBRARY_PATH-unset}}" > "{seen}"\n', encoding="utf-8")
    fake.chmod(0o755)
    # A socket that accepts but speaks no D-Bus: the direct call fails, so notify-send runs.
    with listening_socket(tmp_path / "bus") as bus:
        checked = run(
            bundle.program,
            "check",
            "--at",
            MONDAY_MORNING,
            "--data-dir",
            filled,
            PATH=f"{fake.parent}{os.pathsep}{os.environ['PATH']}",
            DBUS_SESSION_BUS_ADDRESS=f"unix:path={bus}",
            LD_LIBRARY_PATH="/opt/users-own-libraries",
        )
    assert (checked.returncode, checked.stderr) == (0, "")
    assert seen.read_text(encoding="utf-8") == "/opt/users-own-libraries\n"


def test_data_goes_to_the_users_data_folder_never_into_the_bundle(
    bundle: Bundle, history: Path, tmp_path: Path
) -> None:
    before = snapshot(bundle.folder)
    home = tmp_path / "home"
    imported = run(
        bundle.program,
        "import",
        history,
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        FREELANCE_GHOST_DATA_DIR="",
    )
    assert (imported.returncode, imported.stderr) == (0, "")
    assert any((home / "data" / "FreelanceGhost").iterdir())
    assert snapshot(bundle.folder) == before


def test_the_notification_backends_are_inside_the_bundle(bundle: Bundle) -> None:
    from PyInstaller.archive.readers import CArchiveReader  # type: ignore[import-untyped]

    modules = CArchiveReader(str(bundle.program)).open_embedded_archive("PYZ.pyz").toc
    assert "freelance_ghost.services.notify.freedesktop" in modules  # imported when chosen
    assert "jeepney.io.blocking" in modules
    assert "freelance_ghost.ui.app" in modules  # the window, which the CLI imports lazily


def test_the_bundle_keeps_a_mail_password_in_the_keyring_and_syncs(
    bundle: Bundle, tmp_path: Path
) -> None:
    """imapclient, TLS and the keyring's backends (found by entry points) work frozen."""
    data = tmp_path / "data"
    with running_mail_server() as server, running_secret_service(tmp_path) as keyring:
        bus = {
            "DBUS_SESSION_BUS_ADDRESS": keyring.address,
            "HOME": str(keyring.home),
            "XDG_RUNTIME_DIR": str(keyring.home / "run"),
        }
        added = run(
            bundle.program,
            *("mail", "add", "work", "--host", "127.0.0.1", "--port", server.imaps_port),
            *("--user", USER, "--cafile", server.cafile, "--data-dir", data),
            FREELANCE_GHOST_MAIL_PASSWORD=PASSWORD,
            **bus,
        )
        assert (added.returncode, added.stderr) == (0, "")
        assert "Its password is kept in the system keyring." in added.stdout
        # No password variable from here: only the keyring has it.
        synced = run(bundle.program, "mail", "sync", "--data-dir", data, **bus)
        assert (synced.returncode, synced.stderr) == (0, "")
        assert synced.stdout.startswith("work: 0 new messages read")


def test_resources_are_where_resource_path_looks(bundle: Bundle) -> None:
    shipped = sorted(path.name for path in (ROOT / "resources").iterdir() if path.is_file())
    assert sorted(path.name for path in (bundle.contents / "resources").iterdir()) == shipped


def test_unused_qt_is_left_out_and_what_stays_finds_its_libraries(bundle: Bundle) -> None:
    qt = bundle.contents / "PySide6" / "Qt"
    assert not (qt / "translations").exists()
    assert not list(qt.glob("lib/libQt6Quick*")) + list(qt.glob("lib/libQt6Qml*"))
    assert (qt / "plugins" / "platforms" / "libqxcb.so").is_file()
    assert not (qt / "plugins" / "platformthemes" / "libqgtk3.so").exists()
    assert [
        link for link in bundle.contents.iterdir() if link.is_symlink() and not link.exists()
    ] == []
    missing = {
        f"{library.relative_to(bundle.contents)}: {line.split()[0]}"
        for library in bundle.contents.rglob("*.so*")
        for line in ldd(library, bundle.contents).splitlines()
        if "not found" in line
        and line.split()[0].startswith(("libQt6", "libpyside", "libshiboken"))
    }
    assert missing == set()


def test_the_bundle_is_small_enough(bundle: Bundle, capsys: pytest.CaptureFixture[str]) -> None:
    files = [path for path in bundle.folder.rglob("*") if not path.is_dir() or path.is_symlink()]
    size = sum(path.lstat().st_size for path in files)
    with capsys.disabled():  # shown in CI's log: the figures the packaging issue asks for
        print(
            f"\nLinux bundle: {size / 1e6:.0f} MB ({size / 2**20:.0f} MiB) in {len(files)} files, "
            f"built in {bundle.build_seconds:.0f} s"
        )
    assert size < SIZE_LIMIT_MB * 1e6


@contextlib.contextmanager
def display_for(platform: str) -> Iterator[dict[str, str]]:
    """Environment for a Qt platform: offscreen needs nothing, xcb a private Xvfb server."""
    if platform == "offscreen":
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    xvfb = require_tool("Xvfb")
    read_end, write_end = os.pipe()
    command = [
        xvfb,
        "-displayfd",
        str(write_end),
        "-screen",
        "0",
        "1280x800x24",
        "-nolisten",
        "tcp",
    ]
    server = subprocess.Popen(command, pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            display = announced.readline().strip()  # Xvfb writes its number once it is ready
        if not display:
            pytest.fail("Xvfb did not start")
        yield {"QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{display}"}
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextlib.contextmanager
def started(
    program: Path, data: Path, environment: dict[str, str]
) -> Iterator[subprocess.Popen[str]]:
    """The program with no command (the window), stopped afterwards."""
    app = subprocess.Popen(
        [str(program), "--data-dir", str(data)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TZ": ZONE, **environment},
    )
    try:
        yield app
    finally:
        app.terminate()
        try:
            app.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
            app.communicate()


@contextlib.contextmanager
def listening_socket(path: Path) -> Iterator[Path]:
    """A unix socket that accepts connections and says nothing."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(path))
        listener.listen(8)
        yield path


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file's size and modification time under ``folder``."""
    return {
        str(path.relative_to(folder)): (path.lstat().st_size, path.lstat().st_mtime_ns)
        for path in folder.rglob("*")
    }


def ldd(library: Path, contents: Path) -> str:
    """What the dynamic loader makes of a library, with the bundle's folder searched first."""
    environment = {**os.environ, "LD_LIBRARY_PATH": str(contents)}
    ldd_path = shutil.which("ldd")
    if ldd_path is None:
        unavailable("ldd is not installed")
    result = subprocess.run(
        [ldd_path, str(library)], capture_output=True, text=True, env=environment, check=False
    )
    return result.stdout
