"""``insights``: each figure on a small hand-made history, with the arithmetic in the test."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import freelance_ghost.commands
from freelance_ghost.cli import main
from freelance_ghost.core.clock import to_micros
from freelance_ghost.core.insights import offset_spans
from freelance_ghost.store.database import close_database

HEADER = (
    "client,timestamp,event,contact,direction,channel,address,summary,next_step,next_step_due,"
    "project,status,invoice,amount,currency,due_date,cadence_days"
)
Row = dict[str, str]
Capsys = pytest.CaptureFixture[str]
BERLIN = ZoneInfo("Europe/Berlin")


def row(client: str, at: datetime, event: str, **cells: str) -> Row:
    return {"client": client, "timestamp": at.isoformat(), "event": event, **cells}


def said(client: str, at: datetime, direction: str, channel: str = "email") -> Row:
    return row(client, at, "interaction", direction=direction, channel=channel)


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(freelance_ghost.commands, "system_zone", lambda: BERLIN)
    yield
    close_database()


def load(tmp_path: Path, rows: list[Row], capsys: Capsys) -> Path:
    source = tmp_path / "history.csv"
    with source.open("w", encoding="utf-8", newline="") as file:
        file.write(HEADER + "\r\n")
        writer = csv.DictWriter(file, HEADER.split(","), restval="", lineterminator="\r\n")
        writer.writerows(rows)
    data = tmp_path / "data"
    assert main(["import", str(source), "--data-dir", str(data)]) == 0
    capsys.readouterr()
    return data


def insights(data: Path, capsys: Capsys, *more: str) -> dict[str, Any]:
    assert main(["insights", "--data-dir", str(data), "--json", *more]) == 0
    return json.loads(capsys.readouterr().out)


MON = datetime(2026, 3, 2, 9, tzinfo=UTC)  # Monday, 10:00 in Berlin (UTC+1)


def replied_history() -> list[Row]:
    """Six clients, each: an email on Monday 10:00 Berlin, a reply 2, 4, 6, 8, 10 hours later
    (the sixth never answers), then a phone call on Wednesday 15:00 Berlin that is answered
    after 1 hour by the first three only."""
    rows: list[Row] = []
    for n in range(6):
        name = f"Client {n}"
        rows.append(row(name, MON - timedelta(days=1), "client", status="active"))
        rows.append(said(name, MON, "out"))
        if n < 5:
            rows.append(said(name, MON + timedelta(hours=2 * (n + 1)), "in"))
        call = MON + timedelta(days=2, hours=5)
        rows.append(said(name, call, "out", "phone"))
        if n < 3:
            rows.append(said(name, call + timedelta(hours=1), "in", "phone"))
    return rows


def test_reply_rate_and_median_by_channel_weekday_and_hour(tmp_path: Path, capsys: Capsys) -> None:
    data = insights(load(tmp_path, replied_history(), capsys), capsys)
    # email: 6 sent, 5 answered: 5/6 = 0.833; median of 2, 4, 6, 8, 10 hours = 6
    # phone: 6 sent, 3 answered: 0.5; median of 1, 1, 1 = 1 hour
    assert data["replies"]["by_channel"] == [
        {"channel": "email", "cases": 6, "reply_rate": 0.833, "median_reply_hours": 6.0},
        {"channel": "phone", "cases": 6, "reply_rate": 0.5, "median_reply_hours": 1.0},
    ]
    assert [(r["weekday"], r["cases"]) for r in data["replies"]["by_weekday"]] == [
        ("Monday", 6),
        ("Wednesday", 6),
    ]
    assert [(r["hour"], r["reply_rate"]) for r in data["replies"]["by_hour"]] == [
        (10, 0.833),
        (15, 0.5),
    ]


def test_ladder_step_of_each_reply_and_let_go(tmp_path: Path, capsys: Capsys) -> None:
    rows = replied_history()
    # Client 5 never answered the email; the call was its 2nd attempt, unanswered.
    # Three more clients answer only at the 2nd attempt; one is let go after 5.
    for n in range(3):
        name = f"Late {n}"
        rows += [
            row(name, MON - timedelta(days=1), "client", status="active"),
            said(name, MON, "out"),
            said(name, MON + timedelta(days=4), "out"),
            said(name, MON + timedelta(days=5), "in"),
        ]
    rows.append(row("Gone", MON - timedelta(days=1), "client", status="active"))
    rows += [said("Gone", MON + timedelta(days=3 * k), "out") for k in range(5)]
    data = insights(load(tmp_path, rows, capsys), capsys)
    # 1st attempts answered: 5 emails (clients 0-4); 2nd: 3 calls (clients 0-2; each call
    # followed an answered email, so it is a 1st attempt!) -> calls count as step 1 too.
    # Step 1: 5 + 3 = 8; step 2: the 3 late clients. Let go: Gone (5 unanswered).
    assert data["ladder"]["replies_after"] == [
        {"attempts": 1, "replies": 8},
        {"attempts": 2, "replies": 3},
    ]
    assert data["ladder"]["let_go"] == 1
    assert data["ladder"]["cases"] == 8 + 3 + 1


def test_where_clients_go_quiet(tmp_path: Path, capsys: Capsys) -> None:
    rows: list[Row] = []
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    for n in range(2):  # leads: nothing committed when the silence began
        rows += [row(f"L{n}", start, "client", status="lead"), said(f"L{n}", start, "out")]
    for n in range(2):  # a project, then a silence
        rows += [
            row(f"P{n}", start, "client", status="active"),
            row(f"P{n}", start, "project", project="Site", status="active"),
            said(f"P{n}", start + timedelta(days=1), "out"),
        ]
    rows += [  # an invoice, then a silence
        row("I0", start, "client", status="active"),
        row(
            "I0",
            start,
            "invoice",
            invoice="1",
            amount="10.00",
            currency="EUR",
            due_date="2026-02-01",
        ),
        said("I0", start + timedelta(days=1), "out"),
    ]
    data = insights(load(tmp_path, rows, capsys), capsys)
    assert data["gone_quiet"] == {
        "cases": 5,
        "stages": [
            {"stage": "lead", "silences": 2},
            {"stage": "project", "silences": 2},
            {"stage": "invoiced", "silences": 1},
        ],
    }


def test_interactions_before_commitment_and_b(tmp_path: Path, capsys: Capsys) -> None:
    rows: list[Row] = []
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    for n, count in enumerate((2, 3, 4, 6, 9)):
        name = f"C{n}"
        rows.append(row(name, start, "client", status="active"))
        rows += [said(name, start + timedelta(days=d + 1), "in") for d in range(count)]
        rows.append(row(name, start + timedelta(days=20), "project", project="Job", status="done"))
    data = insights(load(tmp_path, rows, capsys), capsys)
    # sorted 2 3 4 6 9, position ceil(0.75 x 5) = 4: B = 6
    assert data["before_commitment"] == {
        "cases": 5,
        "benchmark": 6,
        "enough_history": True,
        "distribution": [{"interactions": k, "clients": 1} for k in (2, 3, 4, 6, 9)],
    }


def test_days_to_pay_and_slowest_payers(tmp_path: Path, capsys: Capsys) -> None:
    rows: list[Row] = [row("Slow", MON, "client", status="active")]
    rows.append(row("Quick", MON, "client", status="active"))
    for n in range(5):
        issued = MON + timedelta(days=n)
        for name, days in (("Slow", 30 + n), ("Quick", 10)):
            number = f"{name}-{n}"
            rows.append(
                row(
                    name,
                    issued,
                    "invoice",
                    invoice=number,
                    amount="100.00",
                    currency="EUR",
                    due_date="2026-12-31",
                )
            )
            rows.append(  # paid in two parts: fully paid at the second
                row(
                    name,
                    issued + timedelta(days=1),
                    "payment",
                    invoice=number,
                    amount="40.00",
                    currency="EUR",
                )
            )
            rows.append(
                row(
                    name,
                    issued + timedelta(days=days),
                    "payment",
                    invoice=number,
                    amount="60.00",
                    currency="EUR",
                )
            )
    rows.append(
        row(
            "Quick",
            MON,
            "invoice",
            invoice="open",
            amount="5.00",
            currency="EUR",
            due_date="2026-12-31",
        )
    )
    rows.sort(key=lambda r: r["timestamp"])
    data = insights(load(tmp_path, rows, capsys), capsys)
    # Slow: 30..34 days, median 32; Quick: 10 each. Overall: ten invoices (the open one is not
    # paid): median of 10 x5, 30..34 = (10 + 30) / 2 = 20; mean = (50 + 160) / 10 = 21.
    assert data["days_to_pay"] == {
        "cases": 10,
        "median_days": 20.0,
        "mean_days": 21.0,
        "by_client": [
            {"client": "Quick", "invoices": 5, "median_days": 10.0},
            {"client": "Slow", "invoices": 5, "median_days": 32.0},
        ],
        "slowest": ["Slow", "Quick"],
    }


def test_a_figure_below_five_cases_is_hidden(tmp_path: Path, capsys: Capsys) -> None:
    rows = [row("A", MON, "client", status="active"), said("A", MON, "out")]
    data = insights(load(tmp_path, rows, capsys), capsys)
    assert data["replies"]["by_channel"] == [{"channel": "email", "cases": 1, "hidden": True}]
    assert data["before_commitment"]["enough_history"] is False
    assert main(["insights", "--data-dir", str(tmp_path / "data")]) == 0
    text = capsys.readouterr().out
    assert "email: not enough cases yet (1 case; 5 needed)" in text
    assert "Interactions before commitment: not enough history yet" in text


def test_since_keeps_only_later_messages(tmp_path: Path, capsys: Capsys) -> None:
    data_dir = load(tmp_path, replied_history(), capsys)
    data = insights(data_dir, capsys, "--since", "2026-03-03")
    assert data["since"] == "2026-03-03"
    assert [(r["channel"], r["cases"]) for r in data["replies"]["by_channel"]] == [("phone", 6)]


@pytest.mark.parametrize("since", ["2026-13-40", "yesterday"])
def test_a_bad_since_is_refused_in_one_line(tmp_path: Path, capsys: Capsys, since: str) -> None:
    assert main(["insights", "--data-dir", str(tmp_path / "d"), "--since", since]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "--since" in captured.err


def test_offset_spans_follow_daylight_saving() -> None:
    spans = offset_spans(
        BERLIN, datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    )
    hour = 3_600_000_000
    assert spans == [
        (to_micros(datetime(2026, 3, 1, tzinfo=UTC)), hour),
        (to_micros(datetime(2026, 3, 29, 1, tzinfo=UTC)), 2 * hour),
        (to_micros(datetime(2026, 10, 25, 1, tzinfo=UTC)), hour),
    ]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),
            st.integers(0, 24 * 200),
            st.sampled_from(["in", "out"]),
            st.sampled_from(["email", "phone", "sms"]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_rates_stay_in_range_and_counts_add_up(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: Capsys,
    touches: list[tuple[int, int, str, str]],
) -> None:
    folder = tmp_path_factory.mktemp("h")
    rows = [row(f"K{n}", MON - timedelta(days=1), "client", status="active") for n in range(4)]
    rows += [
        said(f"K{n}", MON + timedelta(hours=hours), direction, channel)
        for n, hours, direction, channel in touches
    ]
    data = insights(load(folder, rows, capsys), capsys)
    close_database()
    sent = sum(1 for *_, direction, _ in touches if direction == "out")
    replies = data["replies"]
    for key in ("by_channel", "by_weekday", "by_hour"):
        assert sum(r["cases"] for r in replies[key]) == sent
        assert all(0 <= r["reply_rate"] <= 1 for r in replies[key] if "reply_rate" in r)
    ladder = data["ladder"]
    if not ladder.get("hidden"):
        answered = sum(r["replies"] for r in ladder["replies_after"])
        assert ladder["cases"] == answered + ladder["let_go"]
    answered_messages = sum(
        round(r["reply_rate"] * r["cases"]) for r in replies["by_channel"] if "reply_rate" in r
    )
    assert answered_messages <= sent
