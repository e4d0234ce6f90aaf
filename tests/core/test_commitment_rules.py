"""Deadlines (rules.md §5a) and window shoppers (§5b) as pure rules, with their order (§7)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freelance_ghost.core.attention import (
    AttentionSettings,
    DeadlineItem,
    ItemKind,
    WindowShopperItem,
    attention_items,
    commitment_benchmark,
    deadline_item,
)
from freelance_ghost.core.facts import (
    ClientFacts,
    LeadExchanges,
    OpenInvoice,
    ProjectDeadline,
    Qualification,
)
from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.core.money import Money
from freelance_ghost.core.report import ReportedItem, attention_table
from freelance_ghost.core.sentences import sentence

UTC_ZONE = ZoneInfo("UTC")
NOW = datetime(2026, 3, 18, 9, tzinfo=UTC)
TODAY = date(2026, 3, 18)
DEFAULTS = AttentionSettings()


def due_in(days: int, client: str = "Acme", client_id: int = 1) -> ProjectDeadline:
    return ProjectDeadline(client_id, client, "Website redesign", TODAY + timedelta(days=days))


def lead(exchanges: int, client: str = "Globex", client_id: int = 9) -> LeadExchanges:
    return LeadExchanges(client_id, client, exchanges)


@pytest.mark.parametrize(
    ("days", "listed"), [(3, False), (2, True), (0, True), (-1, True), (-40, True)]
)
def test_deadline_from_the_warning_days_on(days: int, listed: bool) -> None:
    item = deadline_item(due_in(days), TODAY, DEFAULTS)
    assert (item is not None) == listed
    if item is not None:
        assert item.days_left == days


def test_warning_days_zero_means_on_the_day() -> None:
    zero = AttentionSettings(deadline_warning_days=0)
    assert deadline_item(due_in(1), TODAY, zero) is None
    assert deadline_item(due_in(0), TODAY, zero) is not None


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (2, "is due in 2 days."),
        (1, "is due tomorrow."),
        (0, "is due today."),
        (-1, "was due yesterday."),
        (-3, "was due 3 days ago."),
    ],
)
def test_deadline_sentence(days: int, words: str) -> None:
    item = deadline_item(due_in(days), TODAY, AttentionSettings(deadline_warning_days=5))
    assert item is not None
    assert sentence(item, (), NOW, UTC_ZONE) == f"Your project “Website redesign” for Acme {words}"


@pytest.mark.parametrize(
    ("counts", "benchmark"),
    [
        ([], None),
        ([1, 2, 3, 4], None),  # four committed clients: not enough history yet
        ([9, 2, 6, 3, 4], 6),  # sorted 2 3 4 6 9, position ceil(3.75) = 4
        ([1, 1, 1, 1, 50], 1),
        ([5, 1, 2, 3, 4, 6, 7, 8], 6),  # n = 8: position 6
        ([10, 20, 30, 40, 50, 60, 70, 80, 90], 70),  # n = 9: ceil(6.75) = 7
    ],
)
def test_benchmark_is_the_nearest_rank_75th_percentile(
    counts: list[int], benchmark: int | None
) -> None:
    assert commitment_benchmark(counts) == benchmark


@given(st.lists(st.integers(0, 1000), min_size=5, max_size=200))
def test_benchmark_matches_the_definition(counts: list[int]) -> None:
    position = math.ceil(0.75 * len(counts))
    assert commitment_benchmark(counts) == sorted(counts)[position - 1]
    # three clients in four committed within B exchanges
    benchmark = commitment_benchmark(counts)
    assert benchmark is not None
    assert sum(1 for count in counts if count <= benchmark) >= 0.75 * len(counts)


COMMITTED = (2, 3, 4, 6, 9)  # B = 6


@pytest.mark.parametrize(("exchanges", "listed"), [(6, False), (7, True)])
def test_a_lead_at_b_and_at_b_plus_one(exchanges: int, listed: bool) -> None:
    items = attention_items(
        [], [], NOW, UTC_ZONE, DEFAULTS, qualification=Qualification(COMMITTED, (lead(exchanges),))
    )
    assert [item.kind for item in items] == ([ItemKind.WINDOW_SHOPPER] if listed else [])


def test_window_shopper_sentence_gives_both_numbers() -> None:
    items = attention_items(
        [], [], NOW, UTC_ZONE, DEFAULTS, qualification=Qualification(COMMITTED, (lead(14),))
    )
    assert sentence(items[0], (), NOW, UTC_ZONE) == (
        "Globex has had 14 exchanges without committing; your clients usually commit within 6. "
        "Send a clear proposal with a deadline, or let them go."
    )


def test_a_lead_with_a_silence_is_no_window_shopper() -> None:
    quiet_lead = ClientFacts(
        client_id=9,
        name="Globex",
        status=ClientStatus.LEAD,
        attempts=1,
        first_attempt=NOW - timedelta(days=5),
        last_attempt=NOW - timedelta(days=5),
        last_attempt_channel=Channel.EMAIL,
        unanswered_channels=frozenset({Channel.EMAIL}),
    )
    items = attention_items(
        [quiet_lead],
        [],
        NOW,
        UTC_ZONE,
        DEFAULTS,
        qualification=Qualification(COMMITTED, (lead(14),)),
    )
    assert [item.kind for item in items] == [ItemKind.SILENCE]


def test_deadlines_by_days_left_and_window_shoppers_last() -> None:
    invoice = OpenInvoice(5, "Echo", "E-1", Money(100, "EUR"), TODAY - timedelta(days=3))
    items = attention_items(
        [],
        [invoice],
        NOW,
        UTC_ZONE,
        DEFAULTS,
        deadlines=[due_in(2, "Ahead", 2), due_in(-5, "Late", 3), due_in(0, "Today", 4)],
        qualification=Qualification(COMMITTED, (lead(8, "Few", 7), lead(20, "Many", 8))),
    )
    assert [item.client for item in items] == ["Late", "Echo", "Today", "Ahead", "Many", "Few"]
    shoppers = [item for item in items if isinstance(item, WindowShopperItem)]
    assert [item.over for item in shoppers] == [14, 2]


def test_table_says_how_far_ahead_and_how_many_over(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # no legend line wraps
    deadline = deadline_item(due_in(2), TODAY, DEFAULTS)
    assert isinstance(deadline, DeadlineItem)
    shopper = WindowShopperItem(
        client="Globex", client_id=9, overdue=timedelta(0), interactions=14, benchmark=6
    )
    table = attention_table(
        [ReportedItem(deadline, "d"), ReportedItem(shopper, "w")], NOW, UTC_ZONE
    )
    assert "Deadline  Acme    due in 2 days" in table
    assert "Lead      Globex  8 exchanges more" in table
    assert table.endswith(  # the legend says what the column means for both kinds
        "For a deadline: “due in N days” before its day, “due today” on it, then the days it is "
        "late.\nFor a lead: how many exchanges more than your clients usually need before they "
        "commit (3 in 4 of them committed within that many).\n"
    )


@pytest.mark.parametrize(("days_left", "column"), [(1, "due in 1 day"), (0, "due today")])
def test_a_deadline_on_its_day_is_due_today_not_past_due(days_left: int, column: str) -> None:
    deadline = deadline_item(due_in(days_left), TODAY, DEFAULTS)
    assert isinstance(deadline, DeadlineItem)
    table = attention_table([ReportedItem(deadline, "d")], NOW, UTC_ZONE)
    assert f"Deadline  Acme    {column}  " in table
