"""Every worked example of docs/rules.md, run through the command line as a user would.

Each test writes the example's history as a CSV, imports it into a fresh data folder, asks
``attention --json --at <the example's moment>`` and checks what the doc says, sentences included.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import freelance_ghost.commands
from freelance_ghost.cli import main
from freelance_ghost.core.attention import AttentionSettings, Stage
from freelance_ghost.core.kinds import Channel, Direction
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.interactions import log_interaction, set_silence_overrides
from freelance_ghost.store.models import Client, Contact
from freelance_ghost.store.settings import save_attention_settings

HEADER = (
    "client,timestamp,event,contact,direction,channel,address,summary,next_step,next_step_due,"
    "project,status,invoice,amount,currency,due_date,cadence_days"
)
COLUMNS = HEADER.split(",")
UTC_ZONE = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
OPENED_AT = datetime(2026, 3, 1, tzinfo=UTC)

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

# Every sentence docs/rules.md quotes, in the doc's order; each test below checks its own.
QUOTED = {
    "northwind": "Northwind usually replies within 3 days; your email has gone unanswered for 6 "
    "days. Send Dana a short, friendly follow-up by email (dana@northwind.example).",
    "acme": "Acme usually replies within 3 hours; your email has gone unanswered for 3 days. "
    "Send Ana a short, friendly follow-up by email (ana@acme.example).",
    "stark": "Stark has not replied often enough yet to know their pace; your email has gone "
    "unanswered for 3 days. Send them a short, friendly follow-up by email.",
    "tyrell": "Tyrell usually replies within 2 hours; your email has gone unanswered for 3 days. "
    "Send them a short, friendly follow-up by email.",
    "globex": "Globex has not replied often enough yet to know their pace; your 2 emails have "
    "gone unanswered for 7 days. Try calling Hank on 030 555 0142.",
    "umbrella": "Umbrella has not replied often enough yet to know their pace; your 2 emails "
    "have gone unanswered for 7 days. Try another time of day: around 11:00, when Umbrella "
    "usually writes.",
    "hooli": "Hooli usually replies within 6 hours; your 3 emails have gone unanswered for 9 "
    "days. Try another time of day: around 16:00, when Hooli usually writes.",
    "stark_no_reply": "Stark has not replied often enough yet to know their pace; your 3 emails "
    "have gone unanswered for 10 days. Try another time of day: around 10:00.",
    "final_message": "Vandelay has not replied often enough yet to know their pace; your 4 "
    "messages have gone unanswered for 14 days. Send Art one last, friendly message saying you "
    "remain available whenever they are ready.",
    "let_go": "Vandelay has not replied often enough yet to know their pace; your 5 messages "
    "have gone unanswered for 21 days. Time to let go: mark Vandelay as ghosted and move on; "
    "you can pick up if they return.",
    "wayne_checkin": "Time to check in with Wayne: your 14-day check-in was due today. Reach "
    "Bruce by phone (030 555 0177).",
    "massive": "Time to check in with Massive: your 7-day check-in was due today.",
    "wayne_silence": "Wayne has not replied often enough yet to know their pace; your call has "
    "gone unanswered for 13 days. Send Bruce a short, friendly follow-up by phone (030 555 0177).",
    "cyberdyne": "You agreed a next step with Miles at Cyberdyne: “Send the revised quote”, due "
    "today.",
    "invoice": "Invoice INV-7 to Pied Piper is 7 days overdue with 1000.00 EUR outstanding: time "
    "for a second reminder.",
    "deadline_near": "Your project “Website redesign” for Acme is due in 2 days.",
    "deadline_late": "Your project “Website redesign” for Acme was due 3 days ago.",
    "window_shopper": "Globex has had 14 exchanges without committing; your clients usually "
    "commit within 6. Send a clear proposal with a deadline, or let them go.",
    "came_back": "You agreed a next step with Art at Vandelay: “Call Art about the spring "
    "catalogue”, due today.",
}

Row = dict[str, str]
Items = list[dict[str, Any]]
Load = Callable[[list[Row]], Path]
Ask = Callable[[Path, str], Items]
Capsys = pytest.CaptureFixture[str]


# ---------------------------------------------------------------- helpers


def row(client: str, timestamp: str, event: str, **cells: str) -> Row:
    """One CSV row; the cells not named stay empty."""
    return {"client": client, "timestamp": timestamp, "event": event, **cells}


def said(client: str, timestamp: str, direction: str, channel: str = "email", **cells: str) -> Row:
    """An interaction row."""
    return row(client, timestamp, "interaction", direction=direction, channel=channel, **cells)


def conversation(client: str, *touches: tuple[str, str], contact: str = "") -> list[Row]:
    """(timestamp, direction) pairs by email; ``contact`` signs the client's messages."""
    return [
        said(client, at, direction, contact=contact if direction == "in" else "")
        for at, direction in touches
    ]


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples are in UTC unless they say otherwise."""
    monkeypatch.setattr(freelance_ghost.commands, "system_zone", lambda: UTC_ZONE)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    """For the examples that happen in a Berlin user's local time."""
    monkeypatch.setattr(freelance_ghost.commands, "system_zone", lambda: BERLIN)


@pytest.fixture
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table wraps to the terminal; a wide one keeps each sentence on one line."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture
def history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Load]:
    """Imports rows into a fresh data folder and returns the folder."""

    def load(rows: list[Row]) -> Path:
        source = tmp_path / "history.csv"
        with source.open("w", encoding="utf-8", newline="") as file:
            file.write(HEADER + "\r\n")
            writer = csv.DictWriter(file, COLUMNS, restval="", lineterminator="\r\n")
            writer.writerows(rows)
        data = tmp_path / "data"
        assert main(["import", str(source), "--data-dir", str(data)]) == 0
        capsys.readouterr()
        return data

    yield load
    close_database()


@pytest.fixture
def ask(capsys: Capsys) -> Ask:
    """``attention --json --at AT``: the items."""

    def attention(data: Path, at: str) -> Items:
        assert main(["attention", "--data-dir", str(data), "--at", at, "--json"]) == 0
        captured = capsys.readouterr()
        assert captured.err == ""
        return json.loads(captured.out)["items"]

    return attention


def only(items: Items) -> dict[str, Any]:
    """The one item of a list that must hold exactly one."""
    assert len(items) == 1, items
    return items[0]


def client_id(name: str) -> int:
    return int(Client.get(Client.name == name).get_id())


def change_settings(data: Path, **changes: Any) -> None:
    """What the Settings dialog saves."""
    open_database(data, OPENED_AT)
    save_attention_settings(replace(AttentionSettings(), **changes))
    close_database()


def override(
    data: Path, name: str, min_silence_hours: int | None, multiplier: float | None
) -> None:
    """A client's own minimum silence and multiplier."""
    open_database(data, OPENED_AT)
    set_silence_overrides(client_id(name), min_silence_hours, multiplier)
    close_database()


# ---------------------------------------------------------------- 1. silence and pace

NORTHWIND = [
    row("Northwind", "2026-03-02T08:00:00+00:00", "client", status="active"),
    row(
        "Northwind",
        "2026-03-02T08:00:00+00:00",
        "contact",
        contact="Dana",
        channel="email",
        address="dana@northwind.example",
    ),
    *conversation(
        "Northwind",
        ("2026-03-02T09:00:00+00:00", "out"),
        ("2026-03-04T09:00:00+00:00", "in"),
        ("2026-03-09T09:00:00+00:00", "out"),
        ("2026-03-10T09:00:00+00:00", "out"),
        ("2026-03-12T09:00:00+00:00", "in"),
        ("2026-03-16T09:00:00+00:00", "out"),
        ("2026-03-20T09:00:00+00:00", "in"),
        ("2026-03-23T09:00:00+00:00", "out"),
        contact="Dana",
    ),
]
NORTHWIND_ITEM = {
    "client": "Northwind",
    "kind": "silence",
    "level": "silent",
    "attempts": 1,
    "last_attempt": "2026-03-23T09:00:00+00:00",
    "threshold_days": 6.0,
    "typical_reply_days": 3.0,
    "suggestion": {"action": "follow_up", "channel": "email"},
    "sentence": QUOTED["northwind"],
}


def test_slow_client_waits_twice_its_pace_and_never_sooner(history: Load, ask: Ask) -> None:
    data = history(NORTHWIND)
    assert ask(data, "2026-03-29T08:59:00+00:00") == []
    assert ask(data, "2026-03-29T09:00:00+00:00") == [NORTHWIND_ITEM]


ACME = [
    row("Acme", "2026-03-02T08:00:00+00:00", "client", status="active"),
    row(
        "Acme",
        "2026-03-02T08:00:00+00:00",
        "contact",
        contact="Ana",
        channel="email",
        address="ana@acme.example",
    ),
    *conversation(
        "Acme",
        ("2026-03-02T09:00:00+00:00", "out"),
        ("2026-03-02T11:00:00+00:00", "in"),
        ("2026-03-04T09:00:00+00:00", "out"),
        ("2026-03-04T12:00:00+00:00", "in"),
        ("2026-03-09T09:00:00+00:00", "out"),
        ("2026-03-09T14:00:00+00:00", "in"),
        ("2026-03-16T10:00:00+00:00", "out"),
        contact="Ana",
    ),
]


def test_fast_client_still_gets_the_minimum_silence(history: Load, ask: Ask) -> None:
    data = history(ACME)
    assert ask(data, "2026-03-19T09:59:00+00:00") == []
    item = only(ask(data, "2026-03-19T10:00:00+00:00"))
    assert item["typical_reply_days"] == 0.125
    assert item["threshold_days"] == 3.0
    assert item["attempts"] == 1
    assert item["suggestion"] == {"action": "follow_up", "channel": "email"}
    assert item["sentence"] == QUOTED["acme"]


STARK = [
    row("Stark", "2026-03-02T08:00:00+00:00", "client", status="lead"),
    said("Stark", "2026-03-02T14:00:00+00:00", "out"),
]


def test_new_client_uses_the_default_pace(history: Load, ask: Ask) -> None:
    data = history(STARK)
    assert ask(data, "2026-03-05T13:59:00+00:00") == []
    item = only(ask(data, "2026-03-05T14:00:00+00:00"))
    assert (item["typical_reply_days"], item["threshold_days"]) == (1.0, 3.0)
    assert item["suggestion"] == {"action": "follow_up", "channel": "email"}
    assert item["sentence"] == QUOTED["stark"]


def tyrell() -> list[Row]:
    """14 replies a week apart from 5 January: 8 took 4 days, the latest 6 took 2 hours."""
    rows = [row("Tyrell", "2026-01-05T08:00:00+00:00", "client", status="active")]
    sent = datetime(2026, 1, 5, 9, tzinfo=UTC)
    for week in range(14):
        delay = timedelta(days=4) if week < 8 else timedelta(hours=2)
        rows += conversation(
            "Tyrell", (sent.isoformat(), "out"), ((sent + delay).isoformat(), "in")
        )
        sent += timedelta(days=7)
    assert sent == datetime(2026, 4, 13, 9, tzinfo=UTC)
    return [*rows, said("Tyrell", sent.isoformat(), "out")]


def test_only_the_latest_ten_replies_count(history: Load, ask: Ask) -> None:
    data = history(tyrell())
    assert ask(data, "2026-04-16T08:59:00+00:00") == []
    item = only(ask(data, "2026-04-16T09:00:00+00:00"))
    assert (item["typical_reply_days"], item["threshold_days"]) == (0.083, 3.0)
    assert item["sentence"] == QUOTED["tyrell"]


# ---------------------------------------------------------------- 2. the ladder


def with_two_ways(client: str, contact: str, email: str, channel: str, address: str) -> list[Row]:
    return [
        row(client, "2026-03-02T08:00:00+00:00", "client", status="active"),
        row(
            client,
            "2026-03-02T08:00:00+00:00",
            "contact",
            contact=contact,
            channel="email",
            address=email,
        ),
        row(
            client,
            "2026-03-02T08:00:00+00:00",
            "contact",
            contact=contact,
            channel=channel,
            address=address,
        ),
    ]


def two_unanswered_emails(client: str, reply_channel: str, contact: str) -> list[Row]:
    return [
        said(client, "2026-03-02T09:00:00+00:00", "out"),
        said(client, "2026-03-03T11:00:00+00:00", "in", reply_channel, contact=contact),
        said(client, "2026-03-05T09:00:00+00:00", "out"),
        said(client, "2026-03-09T09:00:00+00:00", "out"),
    ]


def test_switch_channel_to_where_they_last_wrote_from(history: Load, ask: Ask) -> None:
    data = history(
        with_two_ways("Globex", "Hank", "hank@globex.example", "phone", "030 555 0142")
        + two_unanswered_emails("Globex", "phone", "Hank")
    )
    assert ask(data, "2026-03-12T08:59:00+00:00") == []
    item = only(ask(data, "2026-03-12T09:00:00+00:00"))
    assert item["attempts"] == 2
    assert item["threshold_days"] == 3.0
    assert item["suggestion"] == {"action": "switch_channel", "channel": "phone"}
    assert item["sentence"] == QUOTED["globex"]


def test_switch_channel_in_the_fixed_order(history: Load, ask: Ask) -> None:
    data = history(
        with_two_ways("Initech", "Peter", "peter@initech.example", "sms", "0151 555 0199")
        + two_unanswered_emails("Initech", "email", "Peter")
    )
    item = only(ask(data, "2026-03-12T09:00:00+00:00"))
    assert item["attempts"] == 2
    assert item["suggestion"] == {"action": "switch_channel", "channel": "sms"}
    assert item["sentence"].endswith("Try texting Peter on 0151 555 0199.")


def test_switch_channel_with_no_channel_left_switches_time(history: Load, ask: Ask) -> None:
    data = history(
        [
            row("Umbrella", "2026-03-02T08:00:00+00:00", "client", status="active"),
            row(
                "Umbrella",
                "2026-03-02T08:00:00+00:00",
                "contact",
                contact="Alice",
                channel="email",
                address="alice@umbrella.example",
            ),
            *two_unanswered_emails("Umbrella", "email", "Alice"),
        ]
    )
    item = only(ask(data, "2026-03-12T09:00:00+00:00"))
    assert item["attempts"] == 2
    assert item["suggestion"] == {"action": "switch_time", "hour": 11}
    assert item["sentence"] == QUOTED["umbrella"]


HOOLI = [
    row("Hooli", "2026-03-02T08:00:00+01:00", "client", status="active"),
    row(
        "Hooli",
        "2026-03-02T08:00:00+01:00",
        "contact",
        contact="Gavin",
        channel="email",
        address="gavin@hooli.example",
    ),
    *conversation(
        "Hooli",
        ("2026-03-02T10:00:00+01:00", "out"),
        ("2026-03-02T16:00:00+01:00", "in"),
        ("2026-03-04T10:00:00+01:00", "out"),
        ("2026-03-04T16:00:00+01:00", "in"),
        ("2026-03-06T10:00:00+01:00", "out"),
        ("2026-03-09T08:20:00+01:00", "in"),
        ("2026-03-10T09:00:00+01:00", "out"),
        ("2026-03-13T09:00:00+01:00", "out"),
        ("2026-03-16T09:00:00+01:00", "out"),
        contact="Gavin",
    ),
]


@pytest.mark.usefixtures("berlin")
def test_switch_time_to_the_hour_they_usually_write(history: Load, ask: Ask) -> None:
    data = history(HOOLI)
    assert ask(data, "2026-03-19T08:59:00+01:00") == []
    item = only(ask(data, "2026-03-19T09:00:00+01:00"))
    assert item["attempts"] == 3
    assert (item["typical_reply_days"], item["threshold_days"]) == (0.25, 3.0)
    assert item["suggestion"] == {"action": "switch_time", "hour": 16}
    assert item["sentence"] == QUOTED["hooli"]


def test_switch_time_hours_are_local(history: Load, ask: Ask) -> None:
    """The same history seen by a user whose clock says UTC: 16:00 in Berlin is 15:00 there."""
    data = history(HOOLI)
    item = only(ask(data, "2026-03-19T08:00:00+00:00"))
    assert item["suggestion"] == {"action": "switch_time", "hour": 15}


def test_switch_time_ties_go_to_the_earlier_hour(history: Load, ask: Ask) -> None:
    data = history(
        [
            row("Soylent", "2026-03-02T08:00:00+00:00", "client", status="active"),
            *conversation(
                "Soylent",
                ("2026-03-02T09:00:00+00:00", "out"),
                ("2026-03-02T14:20:00+00:00", "in"),
                ("2026-03-04T09:00:00+00:00", "out"),
                ("2026-03-05T09:40:00+00:00", "in"),
                ("2026-03-09T09:00:00+00:00", "out"),
                ("2026-03-11T09:00:00+00:00", "out"),
                ("2026-03-13T09:00:00+00:00", "out"),
            ),
        ]
    )
    item = only(ask(data, "2026-03-16T09:00:00+00:00"))
    assert item["attempts"] == 3
    assert item["suggestion"] == {"action": "switch_time", "hour": 9}
    assert item["sentence"].endswith(
        "Try another time of day: around 09:00, when Soylent usually writes."
    )


@pytest.mark.parametrize(
    ("last_attempt", "at", "hour"),
    [
        ("2026-03-09T14:00:00+00:00", "2026-03-12T14:00:00+00:00", 10),
        ("2026-03-09T09:30:00+00:00", "2026-03-12T09:30:00+00:00", 15),
    ],
    ids=["afternoon-then-morning", "morning-then-afternoon"],
)
def test_switch_time_with_no_reply_ever(
    history: Load, ask: Ask, last_attempt: str, at: str, hour: int
) -> None:
    data = history(
        [
            row("Stark", "2026-03-02T08:00:00+00:00", "client", status="lead"),
            said("Stark", "2026-03-02T14:00:00+00:00", "out"),
            said("Stark", "2026-03-05T14:00:00+00:00", "out"),
            said("Stark", last_attempt, "out"),
        ]
    )
    item = only(ask(data, at))
    assert item["attempts"] == 3
    assert item["suggestion"] == {"action": "switch_time", "hour": hour}
    assert item["sentence"].endswith(f"Try another time of day: around {hour}:00.")
    if hour == 10:
        assert item["sentence"] == QUOTED["stark_no_reply"]


VANDELAY = [
    row("Vandelay", "2026-03-02T08:00:00+00:00", "client", status="active"),
    row(
        "Vandelay",
        "2026-03-02T08:00:00+00:00",
        "contact",
        contact="Art",
        channel="email",
        address="art@vandelay.example",
    ),
    said("Vandelay", "2026-03-02T09:00:00+00:00", "out"),
    said("Vandelay", "2026-03-05T09:00:00+00:00", "out"),
    said("Vandelay", "2026-03-09T09:00:00+00:00", "out", "phone"),
    said("Vandelay", "2026-03-13T09:00:00+00:00", "out"),
]
VANDELAY_FIFTH = said("Vandelay", "2026-03-20T09:00:00+00:00", "out")


def test_fourth_attempt_final_message(history: Load, ask: Ask) -> None:
    item = only(ask(history(VANDELAY), "2026-03-16T09:00:00+00:00"))
    assert (item["attempts"], item["level"]) == (4, "silent")
    assert item["suggestion"] == {"action": "final_message"}
    assert item["sentence"] == QUOTED["final_message"]


def test_fifth_attempt_let_go(history: Load, ask: Ask) -> None:
    item = only(ask(history([*VANDELAY, VANDELAY_FIFTH]), "2026-03-23T09:00:00+00:00"))
    assert (item["attempts"], item["level"]) == (5, "ghosted")
    assert item["suggestion"] == {"action": "let_go"}
    assert item["sentence"] == QUOTED["let_go"]


# ---------------------------------------------------------------- 3. check-ins

WAYNE = [
    row("Wayne", "2026-03-02T10:00:00+01:00", "client", status="active"),
    row(
        "Wayne",
        "2026-03-02T10:00:00+01:00",
        "contact",
        contact="Bruce",
        channel="phone",
        address="030 555 0177",
    ),
    row("Wayne", "2026-03-02T10:00:00+01:00", "schedule", cadence_days="14", channel="phone"),
    said("Wayne", "2026-03-20T10:00:00+01:00", "in", contact="Bruce"),
]


@pytest.mark.usefixtures("berlin")
def test_checkin_keeps_the_wall_clock_across_daylight_saving(history: Load, ask: Ask) -> None:
    data = history(WAYNE)
    assert ask(data, "2026-04-03T09:59:00+02:00") == []
    assert ask(data, "2026-04-03T10:00:00+02:00") == [
        {
            "client": "Wayne",
            "kind": "checkin_due",
            "due": "2026-04-03T10:00:00+02:00",
            "days_overdue": 0,
            "channel": "phone",
            "sentence": QUOTED["wayne_checkin"],
        }
    ]
    item = only(ask(data, "2026-04-05T12:00:00+02:00"))
    assert item["days_overdue"] == 2
    assert item["sentence"].startswith(
        "Time to check in with Wayne: your 14-day check-in was due 2 days ago."
    )


def test_checkin_counts_from_the_schedule_when_it_is_later(history: Load, ask: Ask) -> None:
    data = history(
        [
            row("Massive", "2026-02-02T09:00:00+00:00", "client", status="active"),
            said("Massive", "2026-02-10T09:00:00+00:00", "in"),
            row("Massive", "2026-03-01T09:00:00+00:00", "schedule", cadence_days="7"),
        ]
    )
    assert ask(data, "2026-03-08T08:59:00+00:00") == []
    item = only(ask(data, "2026-03-08T09:00:00+00:00"))
    assert item["kind"] == "checkin_due"
    assert (item["due"], item["days_overdue"], item["channel"]) == (
        "2026-03-08T09:00:00+00:00",
        0,
        None,
    )
    assert item["sentence"] == QUOTED["massive"]


@pytest.mark.usefixtures("berlin")
def test_a_silence_takes_the_place_of_the_checkin(history: Load, ask: Ask) -> None:
    data = history([*WAYNE, said("Wayne", "2026-03-25T10:00:00+01:00", "out", "phone")])
    item = only(ask(data, "2026-04-08T10:00:00+02:00"))
    assert item["kind"] == "silence"
    assert item["suggestion"] == {"action": "follow_up", "channel": "phone"}
    assert item["sentence"] == QUOTED["wayne_silence"]


# ---------------------------------------------------------------- 4. next steps

CYBERDYNE = [
    row("Cyberdyne", "2026-03-02T08:00:00+00:00", "client", status="active"),
    said(
        "Cyberdyne",
        "2026-03-10T14:00:00+00:00",
        "in",
        "video",
        contact="Miles",
        summary="Liked the draft",
        next_step="Send the revised quote",
        next_step_due="2026-03-13",
    ),
]
CYBERDYNE_ITEM = {
    "client": "Cyberdyne",
    "kind": "next_step_due",
    "next_step": "Send the revised quote",
    "due": "2026-03-13",
    "sentence": QUOTED["cyberdyne"],
}


@pytest.mark.usefixtures("berlin")
def test_next_step_is_due_on_its_local_date(history: Load, ask: Ask) -> None:
    data = history(CYBERDYNE)
    assert ask(data, "2026-03-12T22:59:00+00:00") == []  # 23:59 on the 12th in Berlin
    assert ask(data, "2026-03-12T23:30:00+00:00") == [CYBERDYNE_ITEM]  # 00:30 on the 13th


def test_next_step_stays_until_something_happens(history: Load, ask: Ask) -> None:
    data = history(CYBERDYNE)
    assert ask(data, "2026-03-12T23:30:00+00:00") == []  # still the 12th in UTC
    item = only(ask(data, "2026-03-15T09:00:00+00:00"))
    assert item["sentence"] == (
        "You agreed a next step with Miles at Cyberdyne: “Send the revised quote”, due 2 days ago."
    )


def test_next_step_is_kept_once_anything_happens_after_it(history: Load, ask: Ask) -> None:
    data = history(
        [
            *CYBERDYNE,
            said("Cyberdyne", "2026-03-12T16:00:00+00:00", "out", summary="Revised quote"),
        ]
    )
    assert ask(data, "2026-03-13T09:00:00+00:00") == []


# ---------------------------------------------------------------- 5. invoices

PIED_PIPER = [
    row("Pied Piper", "2026-02-01T09:00:00+00:00", "client", status="active"),
    row(
        "Pied Piper",
        "2026-02-01T09:00:00+00:00",
        "invoice",
        invoice="INV-7",
        amount="1250.00",
        currency="EUR",
        due_date="2026-03-01",
    ),
    row(
        "Pied Piper",
        "2026-02-20T09:00:00+00:00",
        "payment",
        invoice="INV-7",
        amount="250.00",
        currency="EUR",
    ),
]
STAGE_WORDS = {
    "reminder_1": "a friendly reminder",
    "reminder_2": "a second reminder",
    "reminder_3": "a firm third reminder",
    "final_notice": "a final notice",
}


@pytest.mark.parametrize(
    ("day", "days_overdue", "stage"),
    [
        ("2026-03-02", 1, "reminder_1"),
        ("2026-03-07", 6, "reminder_1"),
        ("2026-03-08", 7, "reminder_2"),
        ("2026-03-14", 13, "reminder_2"),
        ("2026-03-15", 14, "reminder_3"),
        ("2026-03-30", 29, "reminder_3"),
        ("2026-03-31", 30, "final_notice"),
    ],
)
def test_invoice_reminder_stages(
    history: Load, ask: Ask, day: str, days_overdue: int, stage: str
) -> None:
    item = only(ask(history(PIED_PIPER), f"{day}T09:00:00+00:00"))
    assert item == {
        "client": "Pied Piper",
        "kind": "invoice_overdue",
        "invoice": "INV-7",
        "amount_due": "1000.00",
        "currency": "EUR",
        "days_overdue": days_overdue,
        "stage": stage,
        "sentence": f"Invoice INV-7 to Pied Piper is {days_overdue} day{'s' if days_overdue > 1 else ''} "
        f"overdue with 1000.00 EUR outstanding: time for {STAGE_WORDS[stage]}.",
    }
    if days_overdue == 7:
        assert item["sentence"] == QUOTED["invoice"]


def test_invoice_is_not_overdue_on_its_due_date(history: Load, ask: Ask) -> None:
    assert ask(history(PIED_PIPER), "2026-03-01T18:00:00+00:00") == []


def test_paid_invoice_leaves_the_list(history: Load, ask: Ask) -> None:
    paid = row(
        "Pied Piper",
        "2026-03-20T09:00:00+00:00",
        "payment",
        invoice="INV-7",
        amount="1000.00",
        currency="EUR",
    )
    assert ask(history([*PIED_PIPER, paid]), "2026-03-31T09:00:00+00:00") == []


# ---------------------------------------------------------------- 5a. deadlines


def website(status: str = "active", client_status: str = "active") -> list[Row]:
    """Acme's "Website redesign", due 20 Mar."""
    return [
        row("Acme", "2026-02-01T09:00:00+00:00", "client", status=client_status),
        row(
            "Acme",
            "2026-02-01T09:00:00+00:00",
            "project",
            project="Website redesign",
            status=status,
            due_date="2026-03-20",
        ),
    ]


def test_deadline_is_listed_from_the_warning_days(history: Load, ask: Ask) -> None:
    data = history(website())
    assert ask(data, "2026-03-17T09:00:00+00:00") == []  # 3 days left, warning is 2
    assert only(ask(data, "2026-03-18T09:00:00+00:00")) == {
        "client": "Acme",
        "kind": "deadline_due",
        "project": "Website redesign",
        "due": "2026-03-20",
        "days_left": 2,
        "sentence": QUOTED["deadline_near"],
    }
    today = only(ask(data, "2026-03-20T09:00:00+00:00"))
    assert (today["days_left"], today["sentence"]) == (
        0,
        "Your project “Website redesign” for Acme is due today.",
    )
    late = only(ask(data, "2026-03-23T09:00:00+00:00"))
    assert (late["days_left"], late["sentence"]) == (-3, QUOTED["deadline_late"])


@pytest.mark.parametrize("status", ["proposed", "on_hold", "done", "cancelled"])
def test_only_active_projects_have_deadlines(history: Load, ask: Ask, status: str) -> None:
    assert ask(history(website(status)), "2026-03-23T09:00:00+00:00") == []


def test_marking_the_project_done_removes_the_deadline(history: Load, ask: Ask) -> None:
    done = row(
        "Acme", "2026-03-21T09:00:00+00:00", "project", project="Website redesign", status="done"
    )
    assert ask(history([*website(), done]), "2026-03-23T09:00:00+00:00") == []


@pytest.mark.parametrize(
    ("client_status", "listed"),
    [("lead", True), ("active", True), ("paused", True), ("ghosted", True), ("closed", False)],
)
def test_every_status_but_closed_keeps_deadlines(
    history: Load, ask: Ask, client_status: str, listed: bool
) -> None:
    items = ask(history(website(client_status=client_status)), "2026-03-23T09:00:00+00:00")
    assert [item["kind"] for item in items] == (["deadline_due"] if listed else [])


def test_setting_deadline_warning_days(history: Load, ask: Ask) -> None:
    data = history(website())
    change_settings(data, deadline_warning_days=5)
    assert ask(data, "2026-03-14T09:00:00+00:00") == []
    item = only(ask(data, "2026-03-15T09:00:00+00:00"))
    assert item["sentence"] == "Your project “Website redesign” for Acme is due in 5 days."


# ---------------------------------------------------------------- 5b. window shoppers


def committed(name: str, exchanges: int) -> list[Row]:
    """A client who wrote ``exchanges`` times in January, then took a project on 1 Feb."""
    return [
        row(name, "2026-01-01T09:00:00+00:00", "client", status="active"),
        *(said(name, f"2026-01-{day + 2:02d}T09:00:00+00:00", "in") for day in range(exchanges)),
        row(name, "2026-02-01T09:00:00+00:00", "project", project="First job", status="done"),
    ]


FIVE_COMMITTED = [
    *(rows for n, counts in enumerate((2, 3, 4, 6, 9)) for rows in committed(f"C{n}", counts))
]


def globex(exchanges: int) -> list[Row]:
    """A lead talking since 2 Mar, every other day, you and then them; the last word theirs."""
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    return [
        row("Globex", "2026-03-01T09:00:00+00:00", "client", status="lead"),
        *(
            said(
                "Globex",
                (start + timedelta(days=n)).isoformat(),
                "out" if (exchanges - n) % 2 == 0 else "in",
            )
            for n in range(exchanges)
        ),
    ]


AFTER_GLOBEX = "2026-03-20T09:00:00+00:00"


def test_window_shopper(history: Load, ask: Ask) -> None:
    assert only(ask(history([*FIVE_COMMITTED, *globex(14)]), AFTER_GLOBEX)) == {
        "client": "Globex",
        "kind": "window_shopper",
        "interactions": 14,
        "benchmark": 6,
        "sentence": QUOTED["window_shopper"],
    }


@pytest.mark.parametrize(("exchanges", "listed"), [(6, False), (7, True)])
def test_a_lead_at_b_is_not_listed_at_b_plus_one_it_is(
    history: Load, ask: Ask, exchanges: int, listed: bool
) -> None:
    items = ask(history([*FIVE_COMMITTED, *globex(exchanges)]), AFTER_GLOBEX)
    assert [item.get("benchmark") for item in items] == ([6] if listed else [])


def test_four_committed_clients_are_not_enough(history: Load, ask: Ask) -> None:
    four = [r for r in FIVE_COMMITTED if r["client"] != "C4"]
    assert ask(history([*four, *globex(14)]), AFTER_GLOBEX) == []


def test_exactly_five_committed_clients_make_a_benchmark(history: Load, ask: Ask) -> None:
    # Drop the client at 9 and add one at 1: sorted 1, 2, 3, 4, 6; position ceil(3.75) = 4 -> 4.
    five = [r for r in FIVE_COMMITTED if r["client"] != "C4"] + committed("C5", 1)
    item = only(ask(history([*five, *globex(5)]), AFTER_GLOBEX))
    assert (item["interactions"], item["benchmark"]) == (5, 4)


def test_commitment_by_invoice_counts_only_what_came_before(history: Load, ask: Ask) -> None:
    # C4's invoice on 5 Jan comes before its project: 3 exchanges (2, 3, 4 Jan), not 9.
    # Counts 2, 3, 3, 4, 6: B = the 4th = 4, and Globex at 5 is over it.
    invoice = row(
        "C4",
        "2026-01-05T09:00:00+00:00",
        "invoice",
        invoice="1",
        amount="100.00",
        currency="EUR",
        due_date="2026-01-30",
    )
    paid = row(
        "C4", "2026-01-06T09:00:00+00:00", "payment", invoice="1", amount="100.00", currency="EUR"
    )
    item = only(ask(history([*FIVE_COMMITTED, invoice, paid, *globex(5)]), AFTER_GLOBEX))
    assert item["benchmark"] == 4


def test_a_project_ends_the_window_shopping(history: Load, ask: Ask) -> None:
    project = row(
        "Globex", "2026-03-19T09:00:00+00:00", "project", project="Audit", status="proposed"
    )
    assert ask(history([*FIVE_COMMITTED, *globex(14), project]), AFTER_GLOBEX) == []


def test_a_silence_wins_over_window_shopping(history: Load, ask: Ask) -> None:
    rows = [*FIVE_COMMITTED, *globex(14), said("Globex", "2026-03-16T09:00:00+00:00", "out")]
    assert [item["kind"] for item in ask(history(rows), AFTER_GLOBEX)] == ["silence"]


@pytest.mark.parametrize("status", ["active", "closed"])
def test_only_leads_are_window_shoppers(history: Load, ask: Ask, status: str) -> None:
    rows = [*FIVE_COMMITTED, *globex(14), row("Globex", AFTER_GLOBEX, "client", status=status)]
    assert ask(history(rows), AFTER_GLOBEX) == []


# ---------------------------------------------------------------- 6. client status


def initrode(status: str) -> list[Row]:
    return [
        row("Initrode", "2026-02-01T09:00:00+00:00", "client", status=status),
        row("Initrode", "2026-02-01T09:00:00+00:00", "schedule", cadence_days="14"),
        row(
            "Initrode",
            "2026-02-01T09:00:00+00:00",
            "invoice",
            invoice="A-1",
            amount="400.00",
            currency="EUR",
            due_date="2026-03-01",
        ),
        said(
            "Initrode",
            "2026-03-02T09:00:00+00:00",
            "in",
            next_step="Sign the contract",
            next_step_due="2026-03-06",
        ),
    ]


@pytest.mark.parametrize(
    ("status", "kinds"),
    [
        ("lead", ["invoice_overdue", "next_step_due", "checkin_due"]),
        ("active", ["invoice_overdue", "next_step_due", "checkin_due"]),
        ("paused", ["invoice_overdue", "next_step_due"]),
        ("ghosted", ["invoice_overdue"]),
        ("closed", ["invoice_overdue"]),
    ],
)
def test_what_each_status_gets(history: Load, ask: Ask, status: str, kinds: list[str]) -> None:
    items = ask(history(initrode(status)), "2026-03-20T09:00:00+00:00")
    assert [item["kind"] for item in items] == kinds
    by_kind = {item["kind"]: item for item in items}
    assert by_kind["invoice_overdue"]["days_overdue"] == 19
    assert by_kind["invoice_overdue"]["stage"] == "reminder_3"
    if "checkin_due" in by_kind:
        assert by_kind["checkin_due"]["due"] == "2026-03-16T09:00:00+00:00"
        assert by_kind["checkin_due"]["days_overdue"] == 4


def test_paused_client_still_gets_silence(history: Load, ask: Ask) -> None:
    rows = [*initrode("paused"), said("Initrode", "2026-03-10T09:00:00+00:00", "out")]
    items = ask(history(rows), "2026-03-20T09:00:00+00:00")
    assert [item["kind"] for item in items] == ["invoice_overdue", "silence"]


def test_ghosted_client_comes_back(history: Load, ask: Ask) -> None:
    data = history(
        [
            *VANDELAY,
            VANDELAY_FIFTH,
            row("Vandelay", "2026-03-23T10:00:00+00:00", "client", status="ghosted"),
        ]
    )
    assert ask(data, "2026-03-30T09:00:00+00:00") == []
    open_database(data, OPENED_AT)
    vandelay = client_id("Vandelay")
    art = int(Contact.get(Contact.name == "Art").get_id())
    log_interaction(
        vandelay,
        Direction.IN,
        Channel.EMAIL,
        datetime(2026, 4, 2, 10, tzinfo=UTC),
        contact_id=art,
        summary="Sorry, we had a reorganisation. Can we talk next week?",
        next_step="Call Art about the spring catalogue",
        next_step_due=date(2026, 4, 7),
    )
    assert Client.get_by_id(vandelay).status == "active"
    close_database()
    assert ask(data, "2026-04-07T09:00:00+00:00") == [
        {
            "client": "Vandelay",
            "kind": "next_step_due",
            "next_step": "Call Art about the spring catalogue",
            "due": "2026-04-07",
            "sentence": QUOTED["came_back"],
        }
    ]


# ---------------------------------------------------------------- 7. order


def test_most_urgent_first(
    history: Load, ask: Ask, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        *PIED_PIPER,
        row("Vandelay", "2026-03-02T08:00:00+00:00", "client", status="active"),
        said("Vandelay", "2026-03-09T09:00:00+00:00", "out"),
        said("Vandelay", "2026-03-12T09:00:00+00:00", "out"),
        said("Vandelay", "2026-03-16T09:00:00+00:00", "out", "phone"),
        said("Vandelay", "2026-03-19T09:00:00+00:00", "out"),
        said("Vandelay", "2026-03-23T09:00:00+00:00", "out"),
        row("Globex", "2026-02-11T09:00:00+00:00", "client", status="active"),
        row(
            "Globex",
            "2026-02-11T09:00:00+00:00",
            "invoice",
            invoice="G-12",
            amount="800.00",
            currency="EUR",
            due_date="2026-03-11",
        ),
        row("Cyberdyne", "2026-03-02T08:00:00+00:00", "client", status="active"),
        said(
            "Cyberdyne",
            "2026-03-20T14:00:00+00:00",
            "in",
            "video",
            contact="Miles",
            next_step="Send the revised quote",
            next_step_due="2026-03-27",
        ),
    ]
    data = history(rows)
    items = ask(data, "2026-03-31T09:00:00+00:00")
    assert [(item["client"], item["kind"]) for item in items] == [
        ("Pied Piper", "invoice_overdue"),
        ("Vandelay", "silence"),
        ("Globex", "invoice_overdue"),
        ("Cyberdyne", "next_step_due"),
    ]
    assert items[0]["stage"] == "final_notice"
    assert items[1]["level"] == "ghosted"
    assert (items[2]["days_overdue"], items[2]["stage"]) == (20, "reminder_3")
    assert items[3]["sentence"] == (
        "You agreed a next step with Miles at Cyberdyne: “Send the revised quote”, due 4 days ago."
    )
    monkeypatch.setenv("COLUMNS", "100")  # the doc shows the table as a 100-column terminal does
    assert main(["attention", "--data-dir", str(data), "--at", "2026-03-31T09:00:00+00:00"]) == 0
    table = capsys.readouterr().out
    assert table == doc_block("the same list reads:")
    rows_shown = table.split("\n\n")[1].splitlines()[1:]  # after the title and column names
    urgent = [line.split()[0] == "!" for line in rows_shown if not line.startswith(" " * 10)]
    assert urgent == [True, True, False, False]


def test_the_legend_explains_deadlines_and_leads_when_listed(
    history: Load, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = history([*FIVE_COMMITTED, *globex(14), *website()])
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["attention", "--data-dir", str(data), "--at", "2026-03-18T09:00:00+00:00"]) == 0
    assert capsys.readouterr().out == doc_block("what their column says:")


# ---------------------------------------------------------------- 8. settings


def test_setting_minimum_silence(history: Load, ask: Ask) -> None:
    data = history(STARK)
    change_settings(data, min_silence=timedelta(days=5))
    assert ask(data, "2026-03-07T13:59:00+00:00") == []
    item = only(ask(data, "2026-03-07T14:00:00+00:00"))
    assert (item["typical_reply_days"], item["threshold_days"]) == (1.0, 5.0)


def test_setting_default_reply_time(history: Load, ask: Ask) -> None:
    data = history(STARK)
    change_settings(data, default_typical_reply=timedelta(days=2))
    assert ask(data, "2026-03-06T13:59:00+00:00") == []
    item = only(ask(data, "2026-03-06T14:00:00+00:00"))
    assert (item["typical_reply_days"], item["threshold_days"]) == (2.0, 4.0)


def test_setting_reminder_days(history: Load, ask: Ask) -> None:
    data = history(PIED_PIPER)
    change_settings(
        data,
        stage_days=(
            (Stage.REMINDER_1, 3),
            (Stage.REMINDER_2, 10),
            (Stage.REMINDER_3, 20),
            (Stage.FINAL_NOTICE, 45),
        ),
    )
    for day, days_overdue, stage in [
        ("2026-03-02", 1, "reminder_1"),
        ("2026-03-11", 10, "reminder_2"),
        ("2026-03-31", 30, "reminder_3"),
        ("2026-04-15", 45, "final_notice"),
    ]:
        item = only(ask(data, f"{day}T09:00:00+00:00"))
        assert (item["days_overdue"], item["stage"]) == (days_overdue, stage)


def test_client_multiplier(history: Load, ask: Ask) -> None:
    data = history(NORTHWIND)
    override(data, "Northwind", None, 3.0)
    assert ask(data, "2026-04-01T08:59:00+00:00") == []
    item = only(ask(data, "2026-04-01T09:00:00+00:00"))
    assert (item["typical_reply_days"], item["threshold_days"]) == (3.0, 9.0)


def test_client_minimum_silence(history: Load, ask: Ask) -> None:
    data = history(ACME)
    override(data, "Acme", 24, None)
    assert ask(data, "2026-03-17T09:59:00+00:00") == []
    item = only(ask(data, "2026-03-17T10:00:00+00:00"))
    assert (item["typical_reply_days"], item["threshold_days"]) == (0.125, 1.0)


# ---------------------------------------------------------------- the command itself


def test_bad_moment_is_refused_in_one_line(tmp_path: Path, capsys: Capsys) -> None:
    status = main(["attention", "--data-dir", str(tmp_path / "data"), "--at", "2026-13-40"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "2026-13-40" in lines[0]
    assert lines[0].startswith("freelance-ghost: --at:")
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-03-10", "2026-03-10T00:00:00+00:00"),
        ("2026-03-10T09:30:00+01:00", "2026-03-10T08:30:00+00:00"),
        ("2026-03-10T09:30:00Z", "2026-03-10T09:30:00+00:00"),
        ("2026-03-10T09:30", "2026-03-10T09:30:00+00:00"),
    ],
)
def test_at_takes_a_date_or_an_instant(
    tmp_path: Path, capsys: Capsys, at: str, expected: str
) -> None:
    assert main(["attention", "--data-dir", str(tmp_path / "data"), "--at", at, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"at": expected, "items": []}


@pytest.mark.usefixtures("berlin")
def test_a_date_means_local_midnight(tmp_path: Path, capsys: Capsys) -> None:
    data = str(tmp_path / "data")
    assert main(["attention", "--data-dir", data, "--at", "2026-03-10", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["at"] == "2026-03-10T00:00:00+01:00"


@pytest.mark.usefixtures("wide_terminal")
def test_table_shows_the_sentence(history: Load, capsys: Capsys) -> None:
    data = history(NORTHWIND)
    assert main(["attention", "--data-dir", str(data), "--at", "2026-03-29T09:00:00+00:00"]) == 0
    table = capsys.readouterr().out
    assert "your attention at Sun 29 Mar 2026 09:00" in table.splitlines()[0]
    assert "Northwind" in table
    assert QUOTED["northwind"] in " ".join(table.split())


def test_table_for_an_empty_folder(tmp_path: Path, capsys: Capsys) -> None:
    data = str(tmp_path / "data")
    assert main(["attention", "--data-dir", data, "--at", "2026-03-10T09:00:00+00:00"]) == 0
    out = capsys.readouterr().out
    assert "Nothing needs your attention" in out
    assert "Tue 10 Mar 2026 09:00" in out


# ---------------------------------------------------------------- the doc itself


def test_the_doc_quotes_exactly_the_tested_sentences() -> None:
    text = DOC.read_text(encoding="utf-8")
    quotes = [line[2:] for line in text.splitlines() if line.startswith("> ")]
    assert quotes == list(QUOTED.values())


def doc_block(after: str) -> str:
    """The text of the first code block in docs/rules.md after the words ``after``."""
    text = DOC.read_text(encoding="utf-8")
    return text.split(after, 1)[1].split("```\n", 1)[1].split("```", 1)[0]


def test_the_json_docs_example_is_the_real_output(history: Load, capsys: Capsys) -> None:
    data = history(PIED_PIPER)
    at = "2026-03-08T09:00:00+00:00"
    assert main(["attention", "--data-dir", str(data), "--at", at, "--json"]) == 0
    doc = (DOC.parent / "attention-json.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(capsys.readouterr().out) == json.loads(example)


def test_the_doc_json_is_the_real_item() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(block) == NORTHWIND_ITEM
