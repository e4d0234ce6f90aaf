"""Instant texts for export: exactly what format_instant writes, across offset changes."""

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freelance_ghost.core.clock import format_instant, from_micros, to_micros
from freelance_ghost.core.instant_texts import InstantTexts

MINUTE = 60_000_000  # microseconds
ODD_ZONES = [
    "Europe/Berlin",
    "Australia/Lord_Howe",  # half an hour of DST, changing at half past a UTC hour
    "Asia/Kathmandu",  # +05:45
    "America/St_Johns",  # -03:30, and -02:30 in summer
    "Pacific/Chatham",  # +12:45 and +13:45
    "Europe/Amsterdam",  # +00:19:32 until 1937, then +00:20: offsets with seconds
    "Africa/Monrovia",  # -00:44:30 until 1972
    "America/Sao_Paulo",
    "UTC",
]


def expected(micros: int, zone: tzinfo) -> str:
    return format_instant(from_micros(micros), zone)


def minutes_around(instant: datetime, hours: int) -> list[int]:
    """Every minute from ``hours`` before ``instant`` to as many after, with odd microseconds."""
    middle = to_micros(instant)
    return [
        middle + minute * MINUTE + extra
        for minute in range(-60 * hours, 60 * hours + 1)
        for extra in (0, 1, 999_999)
    ]


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("Europe/Berlin", datetime(2026, 3, 29, 1, tzinfo=UTC)),  # 02:00 -> 03:00
        ("Europe/Berlin", datetime(2026, 10, 25, 1, tzinfo=UTC)),  # 03:00 -> 02:00
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 15, tzinfo=UTC)),  # +11:00 -> +10:30
        ("Australia/Lord_Howe", datetime(2026, 10, 3, 15, 30, tzinfo=UTC)),  # +10:30 -> +11:00
        ("America/St_Johns", datetime(2026, 3, 8, 5, 30, tzinfo=UTC)),
        ("Europe/Amsterdam", datetime(1937, 6, 30, 22, 40, 28, tzinfo=UTC)),  # +01:19:32 -> +01:20
        ("Africa/Monrovia", datetime(1972, 1, 7, 0, 44, 30, tzinfo=UTC)),  # -00:44:30 -> +00:00
    ],
)
def test_every_minute_around_a_change_of_offset(name: str, change: datetime) -> None:
    zone = ZoneInfo(name)
    instants = minutes_around(change, hours=3)
    assert expected(instants[0], zone)[-6:] != expected(instants[-1], zone)[-6:]
    assert InstantTexts(zone).texts(instants) == [expected(micros, zone) for micros in instants]


def test_the_cache_follows_the_offset_across_a_dst_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    texts = InstantTexts(berlin)
    before = to_micros(datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC))
    after = before + 1_000_000
    assert texts.texts([before, after, before]) == [
        "2026-03-29T01:59:59+01:00",
        "2026-03-29T03:00:00+02:00",
        "2026-03-29T01:59:59+01:00",
    ]


def test_an_hour_whose_offset_changes_inside_it_is_written_exactly() -> None:
    lord_howe = ZoneInfo("Australia/Lord_Howe")
    change = to_micros(datetime(2026, 10, 3, 15, 30, tzinfo=UTC))  # mid-hour: +10:30 -> +11:00
    assert InstantTexts(lord_howe).texts([change - 1, change]) == [
        "2026-10-04T01:59:59.999999+10:30",
        "2026-10-04T02:30:00+11:00",
    ]


@pytest.mark.parametrize(
    "zone",
    [timezone(timedelta(hours=-9, minutes=-30)), timezone(timedelta(seconds=1, microseconds=5))],
)
def test_fixed_offsets_of_any_size(zone: tzinfo) -> None:
    instants = minutes_around(datetime(1969, 12, 31, 23, 30, tzinfo=UTC), hours=2)
    assert InstantTexts(zone).texts(instants) == [expected(micros, zone) for micros in instants]


@given(
    st.sampled_from(ODD_ZONES),
    st.lists(
        st.integers(
            to_micros(datetime(1900, 1, 1, tzinfo=UTC)),
            to_micros(datetime(2100, 1, 1, tzinfo=UTC)),
        ),
        max_size=40,
    ),
)
def test_any_instants_in_any_order_match_format_instant(name: str, instants: list[int]) -> None:
    zone = ZoneInfo(name)
    texts = InstantTexts(zone)
    assert texts.texts(instants) == [expected(micros, zone) for micros in instants]
    assert texts.texts(sorted(instants)) == [expected(micros, zone) for micros in sorted(instants)]
