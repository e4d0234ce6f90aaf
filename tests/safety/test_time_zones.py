"""Check-in due times keep the local wall clock across every DST change 2024-2030 in six zones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from freelance_ghost.core.clock import add_local_days, format_instant, from_micros, to_micros
from freelance_ghost.core.instant_texts import InstantTexts

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Africa/Casablanca",
    "Asia/Tehran",
]


def transitions(zone: ZoneInfo) -> list[datetime]:
    """UTC instants (to the minute) where the zone's offset changes, 2024-2030."""
    found = []
    hour = datetime(2024, 1, 1, tzinfo=UTC)
    end = datetime(2031, 1, 1, tzinfo=UTC)
    while hour < end:
        after = hour + timedelta(hours=1)
        if hour.astimezone(zone).utcoffset() != after.astimezone(zone).utcoffset():
            low, high = hour, after
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
                    low = middle
                else:
                    high = middle
            found.append(high)
        hour = after
    return found


def expected(start: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The documented rule: the same wall clock ``days`` later, read with fold=0.

    A wall time that does not exist that day (in a gap) is read with the offset before the
    change, so it lands later by the size of the shift (02:30 in a one-hour gap is 03:30);
    a wall time that happens twice (an overlap) is its first occurrence.
    """
    wall = start.astimezone(zone).replace(tzinfo=None) + timedelta(days=days)
    offset = wall.replace(tzinfo=zone, fold=0).utcoffset()
    assert offset is not None
    return (wall - offset).replace(tzinfo=UTC)


@pytest.mark.parametrize("name", ZONES)
def test_checkin_due_keeps_the_wall_clock_across_dst(name: str) -> None:
    zone = ZoneInfo(name)
    changes = transitions(zone)
    assert len(changes) >= 4 or name in {"Asia/Tehran"}, changes  # Tehran dropped DST in 2022
    checked = gaps = 0
    for change in changes:
        local_change = change.astimezone(zone)
        for minutes in range(-180, 181, 15):  # wall times around the change, one day before
            wall = (local_change.replace(tzinfo=None) + timedelta(minutes=minutes)).replace(
                tzinfo=zone
            )
            for days in (1, 7):
                start = (wall - timedelta(days=days)).astimezone(UTC)
                start_wall = start.astimezone(zone).replace(tzinfo=None)
                due = add_local_days(start, days, zone)
                assert due == expected(start, days, zone)
                target = start_wall + timedelta(days=days)
                exists = due.astimezone(zone).replace(tzinfo=None) == target
                if exists:
                    checked += 1
                else:  # in a gap: later by exactly the size of the shift
                    shift = (
                        target.replace(tzinfo=zone, fold=1).utcoffset()
                        - target.replace(  # type: ignore[operator]
                            tzinfo=zone, fold=0
                        ).utcoffset()
                    )
                    assert due.astimezone(zone).replace(tzinfo=None) - target == shift
                    gaps += 1
    if name == "Australia/Lord_Howe":
        assert gaps
        assert all(
            abs(
                c.astimezone(zone).utcoffset()
                - (c - timedelta(minutes=1)).astimezone(zone).utcoffset()
            )  # type: ignore[operator]
            == timedelta(minutes=30)
            for c in changes
        )
    print(f"\n{name}: {len(changes)} changes, {checked} wall times kept, {gaps} in gaps")


@pytest.mark.parametrize("name", ZONES)
def test_export_writes_every_instant_around_each_dst_change_exactly(name: str) -> None:
    zone = ZoneInfo(name)
    instants = [
        to_micros(change) + seconds * 1_000_000 + micros
        for change in transitions(zone)
        for seconds in range(-2 * 3600, 2 * 3600 + 1, 59)
        for micros in (0, 1)
    ]
    written = InstantTexts(zone).texts(instants)  # the export's cached offsets, in time order
    assert written == [format_instant(from_micros(micros), zone) for micros in instants]


def _attention_in(zone: str, data: Path, at: str) -> dict[str, object]:
    """``attention --json`` run by a machine set to ``zone`` (TZ), as a fresh process."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "freelance_ghost",
            "attention",
            "--json",
            "--at",
            at,
            "--data-dir",
            str(data),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "TZ": zone},
    )
    return json.loads(result.stdout)


def _zone_free(item: dict[str, object]) -> tuple[object, ...]:
    """What the rules do not make local: who, what, attempts, pace, instants (compared in UTC)."""
    moment = item.get("last_attempt")
    instant = datetime.fromisoformat(moment).astimezone(UTC) if isinstance(moment, str) else None
    suggestion = item.get("suggestion") or {}
    assert isinstance(suggestion, dict)
    return (
        item["client"], item["kind"], item.get("level"), item.get("attempts"),
        item.get("threshold_days"), item.get("typical_reply_days"), instant,
        suggestion.get("action"), suggestion.get("channel"),
        item.get("invoice"), item.get("amount_due"), item.get("days_overdue"),
        item.get("stage"),
    )  # fmt: skip


def test_the_answer_does_not_depend_on_the_machines_zone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    subprocess.run(
        [sys.executable, "-m", "freelance_ghost", "demo", "--data-dir", str(data)],
        capture_output=True,
        check=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )
    # Noon UTC is the same calendar date in Tokyo (21:00) and Los Angeles (04:00), so even the
    # local-date rules (invoice days) agree; silences never depend on the zone.
    noon = (datetime.now(UTC) + timedelta(days=2)).replace(hour=12, minute=0, second=0)
    moment = noon.replace(microsecond=0).isoformat()
    answers = {
        zone: _attention_in(zone, data, moment)
        for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles")
    }
    silences = {
        zone: sorted(
            _zone_free(i) for i in answer["items"] if i["kind"] in ("silence", "invoice_overdue")
        )  # type: ignore[index,union-attr]
        for zone, answer in answers.items()
    }
    assert silences["UTC"]  # the sample year has silences and unpaid invoices
    assert silences["Asia/Tokyo"] == silences["UTC"]
    assert silences["America/Los_Angeles"] == silences["UTC"]
    offsets = {answer["at"][-6:] for answer in answers.values()}  # type: ignore[index]
    assert len(offsets) == 3  # what is meant to be local (the shown times) does follow the zone


def _command_in(tz: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """A command run by a machine whose TZ is ``tz``, as a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "freelance_ghost", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "TZ": tz},
    )


@pytest.mark.parametrize(
    ("rule", "same_as"),
    [
        ("CET-1CEST,M3.5.0,M10.5.0/3", "Europe/Berlin"),
        ("UTC+5", "Etc/GMT+5"),  # POSIX and Etc/ zones count hours west: five behind UTC
        ("<+0530>-5:30", "Asia/Kolkata"),
    ],
)
def test_a_posix_rule_in_tz_works_like_its_named_zone(
    tmp_path: Path, rule: str, same_as: str
) -> None:
    data = tmp_path / "data"
    assert _command_in("UTC", "demo", "--data-dir", data).returncode == 0
    summer_noon = "2026-07-15T12:00:00+00:00"
    assert _attention_in(rule, data, summer_noon) == _attention_in(same_as, data, summer_noon)
    exported = _command_in(rule, "export", "--data-dir", data)
    assert (exported.returncode, exported.stderr) == (0, "")
    assert exported.stdout == _command_in(same_as, "export", "--data-dir", data).stdout


@pytest.mark.parametrize("command", ["attention", "export", "check", "backup"])
@pytest.mark.parametrize("kind", ["not a zone file", "a folder", "no such zone"])
def test_a_tz_that_cannot_be_read_is_one_line(tmp_path: Path, command: str, kind: str) -> None:
    not_a_zone = tmp_path / "passwd"
    not_a_zone.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    tz = {
        "not a zone file": f":{not_a_zone}",
        "a folder": f":{tmp_path}",
        "no such zone": "Nowhere/Land",
    }[kind]
    data = tmp_path / "data"

    refused = _command_in(tz, command, "--data-dir", data)

    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert refused.stderr.startswith(f"freelance-ghost: the time zone TZ={tz!r} cannot be read (")
    assert refused.stderr.endswith(
        "set TZ to a zone such as Europe/Berlin, or unset it to use the system's\n"
    )
    assert not data.exists()  # refused before the data folder was touched
