"""Time: UTC microseconds in storage, strict ISO parsing, local wall-clock arithmetic."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from freelance_ghost.core.clock import (
    FixedClock,
    add_local_days,
    format_instant,
    from_micros,
    parse_date,
    parse_instant,
    to_micros,
)

BERLIN = ZoneInfo("Europe/Berlin")


def test_micros_round_trip_is_exact() -> None:
    instant = datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC)
    assert from_micros(to_micros(instant)) == instant
    assert to_micros(datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)) == 1_000_000


_EARLIEST = to_micros(datetime.min.replace(tzinfo=UTC))
_LATEST = to_micros(datetime.max.replace(tzinfo=UTC))


@given(st.integers(_EARLIEST, _LATEST))
@example(_EARLIEST)
@example(_LATEST)
@example(-1)
def test_from_micros_is_the_keyword_formula(micros: int) -> None:
    # from_micros passes the microseconds positionally for speed; the result must not move.
    instant = from_micros(micros)
    expected = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)
    assert (instant, instant.tzinfo, to_micros(instant)) == (expected, UTC, micros)


def test_naive_datetime_cannot_be_stored() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_micros(datetime(2026, 1, 1))


def test_timestamp_without_offset_is_local_time() -> None:
    # 10:00 in Berlin in winter (UTC+1) is 09:00 UTC; in summer (UTC+2) 08:00 UTC.
    assert parse_instant("2026-01-15T10:00:00", BERLIN) == datetime(2026, 1, 15, 9, tzinfo=UTC)
    assert parse_instant("2026-07-15T10:00", BERLIN) == datetime(2026, 7, 15, 8, tzinfo=UTC)


def test_timestamp_with_offset_keeps_its_instant() -> None:
    assert parse_instant("2026-01-15T10:00:00Z", BERLIN) == datetime(2026, 1, 15, 10, tzinfo=UTC)
    assert parse_instant("2026-01-15T10:00:00-05:00", BERLIN) == datetime(
        2026, 1, 15, 15, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "text",
    ["2026-13-40", "2026-02-30T10:00", "yesterday", "15/01/2026", "2026-W03", "", "20260115"],
)
def test_bad_timestamps_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="date and time"):
        parse_instant(text, BERLIN)


@pytest.mark.parametrize(
    "text", ["2026-13-40", "2026-02-30", "2026-1-5", "5.1.2026", "2026-01-05T10:00"]
)
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


def test_dates_are_plain_calendar_dates() -> None:
    assert parse_date("2026-02-28") == date(2026, 2, 28)


def test_format_writes_the_local_offset() -> None:
    assert (
        format_instant(datetime(2026, 7, 1, 8, tzinfo=UTC), BERLIN) == "2026-07-01T10:00:00+02:00"
    )
    assert (
        format_instant(datetime(2026, 1, 1, 8, 0, 0, 5, tzinfo=UTC), BERLIN)
        == "2026-01-01T09:00:00.000005+01:00"
    )


def test_adding_days_keeps_the_wall_clock_across_dst() -> None:
    # Berlin moves to summer time on 2026-03-29: 14 days after 10:00 on 2026-03-20 is still
    # 10:00 local, which is 13 x 24 + 23 hours later in absolute time.
    start = datetime(2026, 3, 20, 9, tzinfo=UTC)  # 10:00 CET
    due = add_local_days(start, 14, BERLIN)
    assert due.astimezone(BERLIN).hour == 10
    assert due - start == timedelta(days=14) - timedelta(hours=1)


def test_fixed_clock_advances_only_when_told() -> None:
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    clock.advance(timedelta(hours=9))
    assert clock.now() == datetime(2026, 1, 1, 9, tzinfo=UTC)
