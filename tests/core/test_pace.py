"""docs/rules.md §1, a client's own pace: reply delays and the typical reply time T."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from freelance_ghost.core.clock import to_micros
from freelance_ghost.core.kinds import Direction
from freelance_ghost.core.pace import reply_delays, typical_reply

IN, OUT = Direction.IN, Direction.OUT
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1) // timedelta(microseconds=1)
DAY = 24 * HOUR
DEFAULT = DAY  # the default T: 1 day


def at(hours: float) -> int:
    """UTC microseconds ``hours`` after START."""
    return to_micros(START + timedelta(hours=hours))


def test_one_reply_gives_its_delay() -> None:
    # out at 0h, in at 5h -> one delay of 5h
    assert reply_delays([(at(0), OUT), (at(5), IN)]) == [5 * HOUR]


def test_follow_ups_do_not_shorten_the_delay() -> None:
    # out 0h, out 10h, out 20h, in 26h: the delay runs from the FIRST outbound -> 26h (not 6h)
    history = [(at(0), OUT), (at(10), OUT), (at(20), OUT), (at(26), IN)]
    assert reply_delays(history) == [26 * HOUR]


def test_each_inbound_counts_at_most_once() -> None:
    # out 0h, in 3h, in 7h, in 9h: only the first inbound answers the outbound -> [3h]
    history = [(at(0), OUT), (at(3), IN), (at(7), IN), (at(9), IN)]
    assert reply_delays(history) == [3 * HOUR]


def test_delay_starts_at_first_outbound_after_previous_inbound() -> None:
    # out 0h, in 2h | in 4h (no outbound before it) | out 10h, out 11h, in 16h -> [2h, 6h]
    history = [
        (at(0), OUT),
        (at(2), IN),
        (at(4), IN),
        (at(10), OUT),
        (at(11), OUT),
        (at(16), IN),
    ]
    assert reply_delays(history) == [2 * HOUR, 6 * HOUR]


def test_inbound_with_no_outbound_before_it_is_not_a_reply() -> None:
    # in 0h, in 1h, out 2h (unanswered) -> no delays at all
    assert reply_delays([(at(0), IN), (at(1), IN), (at(2), OUT)]) == []


def test_unanswered_outbound_at_the_end_adds_nothing() -> None:
    # out 0h, in 1h, out 5h (still waiting) -> [1h]
    assert reply_delays([(at(0), OUT), (at(1), IN), (at(5), OUT)]) == [1 * HOUR]


def test_directions_may_be_given_as_plain_strings() -> None:
    assert reply_delays([(at(0), "out"), (at(2), "in")]) == [2 * HOUR]


def test_only_the_last_ten_delays_are_kept() -> None:
    # 12 exchanges with delays 1h, 2h, ..., 12h -> keep 3h..12h (the last 10, oldest first)
    history = []
    t = 0
    for delay in range(1, 13):
        history += [(at(t), OUT), (at(t + delay), IN)]
        t += 24
    assert reply_delays(history) == [hours * HOUR for hours in range(3, 13)]


def test_typical_reply_is_median_of_the_last_ten() -> None:
    # delays 1h..12h; kept 3h..12h; median of 10 = mean(7h, 8h) = 7.5h (not median(1..12)=6.5h)
    history = []
    t = 0
    for delay in range(1, 13):
        history += [(at(t), OUT), (at(t + delay), IN)]
        t += 24
    assert typical_reply(reply_delays(history), DEFAULT) == 7 * HOUR + HOUR // 2


@pytest.mark.parametrize(
    "delays",
    [[], [5 * HOUR], [5 * HOUR, 7 * DAY]],
    ids=["none", "one", "two"],
)
def test_fewer_than_three_delays_give_the_default(delays: list[int]) -> None:
    # fewer than 3 delays -> T = default (1 day), whatever the delays say
    assert typical_reply(delays, DEFAULT) == DEFAULT


def test_three_delays_give_their_median() -> None:
    # median(2h, 4h, 6h) given out of order = 4h
    assert typical_reply([6 * HOUR, 2 * HOUR, 4 * HOUR], DEFAULT) == 4 * HOUR


def test_odd_count_median_ignores_outliers() -> None:
    # median(1h, 2h, 3h, 4h, 30 days) = 3h
    assert typical_reply([1 * HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 30 * DAY], DEFAULT) == 3 * HOUR


def test_even_count_median_is_mean_of_middle_two() -> None:
    # median(1h, 2h, 6h, 10h) = (2h + 6h) / 2 = 4h
    assert typical_reply([10 * HOUR, 1 * HOUR, 6 * HOUR, 2 * HOUR], DEFAULT) == 4 * HOUR


def test_custom_default_is_used_when_too_few_delays() -> None:
    assert typical_reply([HOUR, HOUR], 3 * DAY) == 3 * DAY
