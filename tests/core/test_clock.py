"""Time: UTC microseconds in storage, strict ISO parsing, local wall-clock arithmetic."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from freelance_ghost.core.clock import (
    FixedClock,
    UnsupportedTimeError,
    add_local_days,
    format_instant,
    from_micros,
    parse_date,
    parse_instant,
    stored_date,
    supported_date,
    supported_instant,
    to_micros,
)
from freelance_ghost.core.posix_zone import posix_zone

BERLIN = ZoneInfo("Europe/Berlin")


def test_micros_round_trip_is_exact() -> None:
    instant = datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC)
    assert from_micros(to_micros(instant)) == instant
    assert to_micros(datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)) == 1_000_000


_EARLIEST = to_micros(datetime(1900, 1, 1, tzinfo=UTC))
_LATEST = to_micros(datetime(2200, 12, 31, 23, 59, 59, 999999, tzinfo=UTC))


@given(st.integers(_EARLIEST, _LATEST))
@example(_EARLIEST)
@example(_LATEST)
@example(-1)
def test_from_micros_is_the_keyword_formula(micros: int) -> None:
    # from_micros passes the microseconds positionally for speed; the result must not move.
    instant = from_micros(micros)
    expected = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)
    assert (instant, instant.tzinfo, to_micros(instant)) == (expected, UTC, micros)


@pytest.mark.parametrize(
    ("micros", "read"),
    [
        (_EARLIEST - 1, datetime(1900, 1, 1, tzinfo=UTC)),
        (
            to_micros(datetime.min.replace(tzinfo=UTC)) - 3_600_000_000,
            datetime(1900, 1, 1, tzinfo=UTC),
        ),
        (_LATEST + 1, datetime(2200, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        (
            to_micros(datetime.max.replace(tzinfo=UTC)) + 1,
            datetime(2200, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        ),
    ],
)
def test_an_instant_stored_outside_the_supported_years_reads_as_their_edge(
    micros: int, read: datetime
) -> None:
    # Stored by an older version or by hand: read as the nearest instant the app supports,
    # from which any zone's offset and ten years of cadence are still computable.
    instant = from_micros(micros)
    assert instant == read
    assert format_instant(instant + timedelta(days=3650), ZoneInfo("Pacific/Kiritimati"))


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("0001-01-01", date(1900, 1, 1)),
        ("1899-12-31", date(1900, 1, 1)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2200-12-31", date(2200, 12, 31)),
        ("2201-01-01", date(2200, 12, 31)),
        ("9999-12-31", date(2200, 12, 31)),
    ],
)
def test_a_date_stored_outside_the_supported_years_reads_as_their_edge(
    text: str, read: date
) -> None:
    assert stored_date(text) == read


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:00:00+01:00",  # before datetime's own first instant in UTC
        "9999-12-31T23:59:59+00:00",
        "9999-12-31T23:59:59-01:00",  # after datetime's last instant in UTC
        "1899-12-31T23:59:59Z",
        "1900-01-01T00:30:00+01:00",  # 1899 in UTC
        "2201-01-01T00:00:00Z",
        "2200-12-31T23:30:00-01:00",  # 2201 in UTC
        "1066-10-14",
    ],
)
def test_instants_outside_the_supported_years_are_refused(text: str) -> None:
    with pytest.raises(UnsupportedTimeError, match=r"outside the years 1900 to 2200"):
        parse_instant(text, BERLIN)


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("1900-01-01T00:00:00Z", datetime(1900, 1, 1, tzinfo=UTC)),
        ("1900-01-01T00:09:21+00:09:21", datetime(1900, 1, 1, tzinfo=UTC)),  # Paris's old offset
        ("1900-01-01T00:09:21+000921", datetime(1900, 1, 1, tzinfo=UTC)),
        (
            "2201-01-01T00:59:59.999999+01:00",
            datetime(2200, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        ),
        ("2200-12-31T23:00:00-00:59", datetime(2200, 12, 31, 23, 59, tzinfo=UTC)),
    ],
)
def test_the_edges_of_the_supported_years_are_read_in_utc(text: str, instant: datetime) -> None:
    assert parse_instant(text, BERLIN) == instant


def test_the_first_instant_written_in_an_old_local_mean_time_reads_back() -> None:
    # Before 1911 Paris kept its own mean time, UTC+00:09:21; an export writes it so.
    paris = ZoneInfo("Europe/Paris")
    first = datetime(1900, 1, 1, tzinfo=UTC)
    assert parse_instant(format_instant(first, paris), BERLIN) == first


@pytest.mark.parametrize("text", ["1899-12-31", "2201-01-01", "0001-01-01", "9999-12-31"])
def test_dates_outside_the_supported_years_are_refused(text: str) -> None:
    with pytest.raises(UnsupportedTimeError, match=rf"'{text}' is outside the years 1900 to 2200"):
        parse_date(text)


def test_the_edges_of_the_supported_dates_are_accepted() -> None:
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("2200-12-31") == date(2200, 12, 31)


def test_writers_check_instants_and_dates_they_were_given() -> None:
    assert supported_instant(datetime(2026, 1, 1, tzinfo=UTC)) == datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(UnsupportedTimeError, match="'1752-09-14T00:00:00\\+00:00' is outside"):
        supported_instant(datetime(1752, 9, 14, tzinfo=UTC))
    with pytest.raises(UnsupportedTimeError, match="'9999-12-31' is outside"):
        supported_date(date(9999, 12, 31))


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


@pytest.mark.parametrize(
    ("rule", "winter", "summer"),
    [
        ("UTC+5", -5, -5),  # POSIX counts hours west of Greenwich: UTC+5 is five hours behind
        ("<+05>-5", 5, 5),
        ("IST-5:30", 5.5, 5.5),
        ("CET-1CEST,M3.5.0,M10.5.0/3", 1, 2),
        ("EST5EDT,M3.2.0,M11.1.0", -5, -4),
        ("AAA5BBB", -5, -4),  # summer time without dates: the C library's default dates
        ("NZST-12NZDT,M9.5.0,M4.1.0/3", 13, 12),  # the south: summer in January
    ],
)
def test_a_posix_tz_rule_is_a_zone(rule: str, winter: float, summer: float) -> None:
    zone = posix_zone(rule)
    assert zone is not None
    january, july = datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC)
    assert january.astimezone(zone).utcoffset() == timedelta(hours=winter)
    assert july.astimezone(zone).utcoffset() == timedelta(hours=summer)


def test_a_posix_rule_changes_at_the_same_moments_as_its_named_zone() -> None:
    rule = posix_zone("CET-1CEST,M3.5.0,M10.5.0/3")
    assert rule is not None
    hour = datetime(2026, 1, 1, tzinfo=UTC)
    while hour.year == 2026:  # both of 2026's changes, to the minute, and every hour between
        for minute in (-1, 0):
            moment = hour + timedelta(minutes=minute)
            assert moment.astimezone(rule).utcoffset() == moment.astimezone(BERLIN).utcoffset()
        hour += timedelta(hours=1)
    assert add_local_days(datetime(2026, 3, 20, 9, tzinfo=UTC), 14, rule).hour == 8


@pytest.mark.parametrize(
    "text",
    [":/etc/passwd", "XYZ", "Nowhere/Land", "UTC+25", "", "CET-1CEST,M13.5.0,M10.5.0", "é+1"],
)
def test_what_is_not_a_posix_rule_is_no_zone(text: str) -> None:
    assert posix_zone(text) is None
