"""The timeline's axis and badge layout: calendar ticks for each zoom, badges that never crowd."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from freelance_ghost.ui.timeline.axis import Unit, axis, choose_step, duration
from freelance_ghost.ui.timeline.layout import LaneMarks, View, clusters
from tests.conftest import BERLIN

HOUR, DAY = 3600.0, 86400.0


def at(*parts: int) -> float:
    return datetime(*parts, tzinfo=UTC).timestamp()  # type: ignore[misc]


@pytest.mark.parametrize(
    ("seconds_per_px", "step"),
    [
        (60.0, (Unit.HOUR, 3)),  # 72 px = 72 minutes: hourly ticks would be 60 px apart
        (HOUR, (Unit.WEEK, 1)),  # a day is 24 px, two days 48, a week 168
        (DAY, (Unit.MONTH, 3)),  # a month is ~30 px, three ~91
        (30 * DAY, (Unit.YEAR, 10)),  # a year is ~12 px
    ],
)
def test_the_step_keeps_labels_apart(seconds_per_px: float, step: tuple[Unit, int]) -> None:
    assert choose_step(seconds_per_px) == step


def test_month_ticks_fall_on_local_midnight_with_the_year_below() -> None:
    ticks = axis(at(2026, 2, 10), at(2026, 6, 10), DAY / 3, BERLIN)  # monthly steps
    assert [tick.label for tick in ticks.ticks] == ["Mar", "Apr", "May", "Jun"]
    assert ticks.ticks[0].at == at(2026, 2, 28, 23)  # 1 March, midnight in winter time
    assert ticks.ticks[1].at == at(2026, 3, 31, 22)  # 1 April, midnight in summer time
    assert [tick.label for tick in ticks.context] == ["2026"]  # the year on screen at the left


def test_week_ticks_start_on_mondays_and_name_the_month() -> None:
    ticks = axis(at(2026, 2, 25), at(2026, 3, 31), HOUR, BERLIN)
    assert [tick.label for tick in ticks.ticks] == ["2 Mar", "9 Mar", "16 Mar", "23 Mar", "30 Mar"]
    assert [tick.label for tick in ticks.context] == ["February 2026", "March 2026"]


def test_hour_ticks_follow_the_wall_clock_across_daylight_saving() -> None:
    ticks = axis(at(2026, 3, 28, 22), at(2026, 3, 29, 4), 120.0, BERLIN)  # 3-hourly ticks
    assert [tick.label for tick in ticks.ticks] == ["00:00", "03:00", "06:00"]
    assert ticks.ticks[1].at - ticks.ticks[0].at == 2 * HOUR  # the night the clocks go forward
    assert ticks.context[-1].label == "Sun 29 March 2026"


@pytest.mark.parametrize(
    ("span", "words"),
    [
        (timedelta(minutes=30), "0 hours"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=30), "1 day"),
        (timedelta(days=12, hours=23), "12 days"),
        (timedelta(days=95), "3 months"),
        (timedelta(days=800), "2 years"),
    ],
)
def test_duration(span: timedelta, words: str) -> None:
    assert duration(span) == words


def lane(*times: float) -> LaneMarks:
    return LaneMarks(list(times), list(range(len(times))))


def test_far_apart_events_get_their_own_badge_at_their_own_time() -> None:
    view = View(start=0.0, span=1000.0, left=100.0, width=1000.0)  # 1 px per second
    badges = clusters(lane(100.0, 300.0, 301.0, 305.0, 900.0), view, 24.0)
    assert [(badge.x, badge.count) for badge in badges] == [(200.0, 1), (402.5, 3), (1000.0, 1)]


def test_crowded_events_never_overlap_and_all_are_counted() -> None:
    times = [i * 7.3 for i in range(10_000)]
    view = View(start=0.0, span=times[-1], left=0.0, width=1500.0)
    badges = clusters(lane(*times), view, 24.0)
    assert sum(badge.count for badge in badges) == len(times)
    assert all(b.x - a.x >= 24.0 for a, b in pairwise(badges))
    assert len(badges) <= 1500 / 24 + 2


def test_panning_a_little_does_not_regroup_the_badges() -> None:
    times = [i * 7.3 for i in range(2_000)]
    view = View(start=5000.0, span=5000.0, left=0.0, width=1000.0)
    before = {(badge.lo, badge.hi) for badge in clusters(lane(*times), view, 24.0)}
    view.start += 37.0  # 7.4 px
    after = {(badge.lo, badge.hi) for badge in clusters(lane(*times), view, 24.0)}
    assert len(before & after) >= len(before) - 2  # only the badges at the edges change
