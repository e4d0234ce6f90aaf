"""``freelance-ghost calendar`` read by a real calendar program (khal), across a clock change."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction, ProjectStatus
from freelance_ghost.services.calendar import CALENDAR_FILE
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.store.projects import add_project
from freelance_ghost.store.schedules import set_schedule
from tests.conftest import NOW
from tests.tools import require_tool

# Tuesday 20 October 2026, 09:30 in Berlin (summer time); clocks go back on Sunday the 25th.
SET_AT = datetime(2026, 10, 20, 7, 30, tzinfo=UTC)
BERLIN_ENV = {"TZ": "Europe/Berlin"}


@pytest.fixture
def records(data_dir: Path) -> Path:
    """Two check-ins at 09:30 Berlin time, one before the clock change and one after, and a
    project due on the day after it."""
    open_database(data_dir, NOW)
    before = create_client("Before Ltd", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, SET_AT)
    set_schedule(before.id, 1, Channel.PHONE, SET_AT)
    after = create_client("After Ltd", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, SET_AT)
    set_schedule(after.id, 7, Channel.EMAIL, SET_AT)
    add_project(after.id, "Shop", ProjectStatus.ACTIVE, date(2026, 10, 26), SET_AT)
    close_database()
    return data_dir


def run(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A program in a fresh process, in Berlin."""
    return subprocess.run(
        list(arguments),
        capture_output=True,
        text=True,
        env={**os.environ, **BERLIN_ENV, **(env or {})},
        timeout=120,
        check=False,
    )


def calendar(data_dir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return run(
        sys.executable, "-m", "freelance_ghost", "calendar", "--data-dir", str(data_dir), *options
    )


class Khal:
    """khal with a private configuration and calendar folder, its local time zone Berlin's."""

    def __init__(self, home: Path) -> None:
        self.program = require_tool("khal")
        folder = home / "calendars" / "freelance"
        folder.mkdir(parents=True)
        self.config = home / "khal.conf"
        self.config.write_text(
            "[calendars]\n[[freelance]]\n"
            f"path = {folder}\ntype = calendar\n"
            "[locale]\nlocal_timezone = Europe/Berlin\ndefault_timezone = Europe/Berlin\n"
            "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            f"[sqlite]\npath = {home / 'khal.db'}\n",
            encoding="utf-8",
        )
        self.env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home)}

    def run(self, *arguments: str) -> str:
        done = run(self.program, "-c", str(self.config), *arguments, env=self.env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def events(self, first: str, last: str) -> list[str]:
        """``khal list``'s event lines (not its day headings) from ``first`` to ``last``."""
        listed = self.run("list", "--format", "{start} {title}", first, last)
        return [line for line in listed.splitlines() if line[:4].isdigit()]


def test_khal_shows_checkins_at_their_local_time_across_the_clock_change(
    records: Path, tmp_path: Path
) -> None:
    khal = Khal(tmp_path / "khal")
    ics = tmp_path / "out.ics"
    done = calendar(records, "-o", str(ics))
    assert done.returncode == 0, done.stderr
    khal.run("import", "--batch", str(ics))
    assert khal.events("2026-10-20", "2026-10-30") == [
        "2026-10-21 09:30 Check in with Before Ltd by phone",
        "2026-10-26 Deadline: Shop for After Ltd",
        "2026-10-27 09:30 Check in with After Ltd by email",
    ]


def test_a_newer_export_updates_khal_instead_of_doubling(records: Path, tmp_path: Path) -> None:
    khal = Khal(tmp_path / "khal")
    ics = tmp_path / "out.ics"
    assert calendar(records, "-o", str(ics)).returncode == 0
    khal.run("import", "--batch", str(ics))
    open_database(records, NOW)
    # The call is made on Thursday at 14:00: the next one falls due a day later, at 14:00.
    log_interaction(1, Direction.OUT, Channel.PHONE, datetime(2026, 10, 22, 12, tzinfo=UTC))
    close_database()
    assert calendar(records, "-o", str(ics)).returncode == 0
    khal.run("import", "--batch", str(ics))
    assert [line for line in khal.events("2026-10-20", "2026-10-30") if "Before" in line] == [
        "2026-10-23 14:00 Check in with Before Ltd by phone"
    ]


def test_stdout_without_o_and_the_same_uids_each_time(records: Path) -> None:
    first, second = calendar(records), calendar(records)
    assert first.returncode == second.returncode == 0

    def uids(text: str) -> list[str]:
        return sorted(str(e["UID"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT"))

    assert uids(first.stdout) == uids(second.stdout)
    assert uids(first.stdout) == [
        "checkin-1@freelance-ghost",
        "checkin-2@freelance-ghost",
        "deadline-1@freelance-ghost",
    ]


def test_a_folder_as_output_is_one_line_and_exit_2(records: Path, tmp_path: Path) -> None:
    done = calendar(records, "-o", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == f"freelance-ghost: cannot write {tmp_path}: it is a folder\n"


def test_import_and_check_keep_the_subscribed_file_current(records: Path, tmp_path: Path) -> None:
    subscribed = records / CALENDAR_FILE
    history = tmp_path / "history.csv"
    done = run(
        sys.executable, "-m", "freelance_ghost", "export", "--data-dir", str(records), "-o",
        str(history),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    fresh = tmp_path / "fresh"
    done = run(
        sys.executable, "-m", "freelance_ghost", "import", "--data-dir", str(fresh), str(history)
    )
    assert done.returncode == 0, done.stderr
    assert "Check in with After Ltd" in (fresh / CALENDAR_FILE).read_text(encoding="utf-8")
    assert not subscribed.exists()
    at = (SET_AT + timedelta(days=30)).isoformat()
    done = run(
        sys.executable, "-m", "freelance_ghost", "check", "--data-dir", str(records), "--at", at,
        env={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Check in with Before Ltd" in subscribed.read_text(encoding="utf-8")
