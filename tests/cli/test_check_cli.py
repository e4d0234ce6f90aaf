"""``freelance-ghost check`` as cron runs it: what the desktop is sent, and exit 0 without one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from freelance_ghost.core.clock import format_instant
from freelance_ghost.services.attention import attention_at
from freelance_ghost.services.demo import load_demo
from freelance_ghost.services.reminders import title
from freelance_ghost.store.database import close_database, open_database
from tests.conftest import BERLIN, NOW
from tests.services.dbus_notifications import (
    NotificationServer,
    require_tool,
    running_notification_server,
)

AN_HOUR_LATER = format_instant(NOW + timedelta(hours=1), BERLIN)


@pytest.fixture
def notifications(tmp_path: Path) -> Iterator[NotificationServer]:
    """The stand-in notification server on a private session bus."""
    if not sys.platform.startswith("linux"):
        pytest.skip("freedesktop notifications over D-Bus are how Linux desktops notify")
    require_tool("notify-send")
    with running_notification_server(tmp_path) as server:
        yield server


@pytest.fixture
def demo_dir(data_dir: Path) -> Path:
    """A data folder holding the demo year, ending on Monday 23 November 2026, 10:00 Berlin."""
    open_database(data_dir, NOW)
    load_demo(NOW, BERLIN)
    close_database()
    return data_dir


def check(
    data_dir: Path, at: str, bus: str, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Runs ``check --at`` in a fresh process, as cron would, in Berlin."""
    environment = {**os.environ, "TZ": "Europe/Berlin", "DBUS_SESSION_BUS_ADDRESS": bus}
    if path is not None:
        environment["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "freelance_ghost", "check", "--data-dir", str(data_dir), "--at", at],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def items_at(data_dir: Path, hours_after: float) -> list[str]:
    """Titles of the demo's items at NOW + ``hours_after``, most urgent first."""
    open_database(data_dir, NOW)
    try:
        return [title(r.item) for r in attention_at(NOW + timedelta(hours=hours_after), BERLIN)]
    finally:
        close_database()


def test_check_sends_one_digest_then_nothing_again(
    demo_dir: Path, notifications: NotificationServer
) -> None:
    titles = items_at(demo_dir, 1)
    assert len(titles) > 3

    first = check(demo_dir, AN_HOUR_LATER, notifications.address)
    again = check(demo_dir, format_instant(NOW + timedelta(hours=2), BERLIN), notifications.address)

    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout == f"Sent 1 notification about {len(titles)} new items.\n"
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    [digest] = notifications.calls()
    assert digest.summary == f"{titles[0]}, and {len(titles) - 1} more things need you"
    assert digest.app_name == "Freelance Ghost"


def test_check_holds_what_is_new_in_quiet_hours_until_eight(
    demo_dir: Path, notifications: NotificationServer
) -> None:
    evening = check(demo_dir, "2026-11-23T22:00", notifications.address)
    night = check(demo_dir, "2026-11-24T03:00", notifications.address)
    assert notifications.calls() == []
    new = len(items_at(demo_dir, 13))  # 22:00 Berlin
    assert evening.stdout == f"Quiet hours until 08:00: {new} new items will be notified then.\n"
    assert night.returncode == 0
    assert night.stdout.startswith("Quiet hours until 08:00:")

    morning = check(demo_dir, "2026-11-24T08:00", notifications.address)
    assert morning.stdout.startswith("Sent 1 notification about ")
    assert len(notifications.calls()) == 1


def test_check_without_any_notification_service_exits_0_and_keeps_them_for_later(
    demo_dir: Path, notifications: NotificationServer, tmp_path: Path
) -> None:
    empty_path = tmp_path / "bin"
    empty_path.mkdir()  # no notify-send anywhere on PATH
    dead_bus = f"unix:path={tmp_path / 'no-bus'}"
    new = len(items_at(demo_dir, 1))

    alone = check(demo_dir, AN_HOUR_LATER, dead_bus, path=str(empty_path))

    assert alone.returncode == 0
    assert alone.stdout == ""
    assert alone.stderr == (
        f"freelance-ghost: no notification service is available, so {new} new items could not "
        "be shown; a later check will show them\n"
    )
    later = check(demo_dir, format_instant(NOW + timedelta(hours=2), BERLIN), notifications.address)
    assert later.stdout == f"Sent 1 notification about {new} new items.\n"
    assert len(notifications.calls()) == 1


def test_check_refuses_a_moment_that_does_not_exist(demo_dir: Path, tmp_path: Path) -> None:
    refused = check(demo_dir, "2026-13-40", f"unix:path={tmp_path / 'no-bus'}")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("freelance-ghost: --at: '2026-13-40' is not a real date")
