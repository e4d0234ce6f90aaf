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
    crashing_notification_service,
    require_tool,
    running_notification_server,
)

AN_HOUR_LATER = format_instant(NOW + timedelta(hours=1), BERLIN)


@pytest.fixture
def notifications(tmp_path: Path) -> Iterator[NotificationServer]:
    """The stand-in notification server on a private session bus."""
    if not sys.platform.startswith("linux"):
        pytest.skip("freedesktop notifications over D-Bus are how Linux desktops notify")
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
    data_dir: Path, at: str, bus: str | None, path: str | None = None, verbose: bool = False
) -> subprocess.CompletedProcess[str]:
    """Runs ``check --at`` in a fresh process in Berlin; with no ``bus``, as cron does: no bus."""
    hidden = ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR")
    environment = {key: value for key, value in os.environ.items() if key not in hidden}
    environment["TZ"] = "Europe/Berlin"
    if bus is not None:
        environment["DBUS_SESSION_BUS_ADDRESS"] = bus
    if path is not None:
        environment["PATH"] = path
    options = ["-v"] if verbose else []
    command = ["check", "--data-dir", str(data_dir), "--at", at]
    return subprocess.run(
        [sys.executable, "-m", "freelance_ghost", *options, *command],
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


def test_check_from_cron_without_a_bus_says_where_to_look_once_and_keeps_the_items(
    demo_dir: Path, notifications: NotificationServer
) -> None:
    new = len(items_at(demo_dir, 1))

    alone = check(demo_dir, AN_HOUR_LATER, bus=None)
    again = check(demo_dir, format_instant(NOW + timedelta(hours=1.5), BERLIN), bus=None)

    assert (alone.returncode, alone.stdout) == (0, "")
    assert alone.stderr == (
        f"freelance-ghost: no notification service could show {new} new items; a later check "
        "will show them. From cron, give it the session bus: DBUS_SESSION_BUS_ADDRESS="
        f"unix:path=/run/user/{os.getuid()}/bus freelance-ghost check. "
        "(Said once: checks stay quiet until one gets through.)\n"
    )
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    later = check(demo_dir, format_instant(NOW + timedelta(hours=2), BERLIN), notifications.address)
    assert later.stdout == f"Sent 1 notification about {new} new items.\n"
    assert len(notifications.calls()) == 1


def test_check_says_it_again_once_a_notification_got_through_in_between(
    demo_dir: Path, notifications: NotificationServer, tmp_path: Path
) -> None:
    dead_bus = f"unix:path={tmp_path / 'no-bus'}"
    assert check(demo_dir, AN_HOUR_LATER, dead_bus).stderr != ""
    assert check(demo_dir, AN_HOUR_LATER, notifications.address).stdout.startswith("Sent ")
    week_later = NOW + timedelta(days=8)  # invoices reach their next reminder stage
    assert set(items_at(demo_dir, 8 * 24)) - set(items_at(demo_dir, 1))

    lost_again = check(demo_dir, format_instant(week_later, BERLIN), dead_bus)

    assert lost_again.stderr.startswith("freelance-ghost: no notification service could show ")
    assert lost_again.stderr.endswith(
        "Run freelance-ghost -v check to see why. "
        "(Said once: checks stay quiet until one gets through.)\n"
    )


def test_check_v_says_why_nothing_was_shown_in_the_users_words(demo_dir: Path) -> None:
    verbose = check(demo_dir, AN_HOUR_LATER, bus=None, verbose=True)
    assert verbose.returncode == 0
    assert "freelance-ghost: no session bus to send desktop notifications to" in verbose.stderr
    for library in ("plyer", "jeepney", "Notifier"):
        assert library not in verbose.stderr


def test_a_notification_service_that_crashes_on_start_shows_nothing_and_keeps_them(
    demo_dir: Path, notifications: NotificationServer
) -> None:
    require_tool("notify-send")  # tried after the direct call: it must not claim success either
    new = len(items_at(demo_dir, 1))
    with crashing_notification_service() as broken_bus:
        crashed = check(demo_dir, AN_HOUR_LATER, broken_bus)

    assert (crashed.returncode, crashed.stdout) == (0, "")
    assert f"no notification service could show {new} new items" in crashed.stderr
    later = check(demo_dir, format_instant(NOW + timedelta(hours=2), BERLIN), notifications.address)
    assert later.stdout == f"Sent 1 notification about {new} new items.\n"
    assert len(notifications.calls()) == 1


def test_check_refuses_a_moment_that_does_not_exist(demo_dir: Path, tmp_path: Path) -> None:
    refused = check(demo_dir, "2026-13-40", f"unix:path={tmp_path / 'no-bus'}")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("freelance-ghost: --at: '2026-13-40' is not a real date")
