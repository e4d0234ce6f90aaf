"""The timeline's silences: where each band starts, ends, turns amber and turns red."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from freelance_ghost.core.attention import AttentionSettings, silence_threshold
from freelance_ghost.core.facts import ClientFacts
from freelance_ghost.core.kinds import Channel, ClientStatus, Direction
from freelance_ghost.core.money import Money
from freelance_ghost.core.pace import REPLY_DELAYS_KEPT, reply_delays
from freelance_ghost.core.timeline import (
    Payment,
    ScheduleChange,
    SilenceBand,
    Tone,
    build_timeline,
    checkin_marks,
    day_start,
    first_due,
    ghosted_from,
    invoice_events,
)
from freelance_ghost.core.timeline_events import (
    CheckinMark,
    InvoiceEvent,
    InvoiceStep,
    Message,
    MessageLog,
)
from tests.conftest import BERLIN

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
DAY = timedelta(days=1)
SETTINGS = AttentionSettings()  # T defaults to 1 day; threshold = max(3 days, 2 x T)
FACTS = ClientFacts(client_id=1, name="Globex", status=ClientStatus.ACTIVE)
OUT, IN = Direction.OUT, Direction.IN


def on(days: float) -> datetime:
    return T0 + days * DAY


def talk(*steps: tuple[float, Direction]) -> list[Message]:
    return [
        Message(on(days), direction, Channel.EMAIL, "Hank", f"message {i}", i)
        for i, (days, direction) in enumerate(steps, start=1)
    ]


def bands(*steps: tuple[float, Direction], now: float = 60) -> list[SilenceBand]:
    timeline = build_timeline(FACTS, talk(*steps), [], [], on(now), BERLIN, SETTINGS)
    return list(timeline.bands)


def test_a_band_runs_from_the_first_unanswered_message_to_the_reply() -> None:
    [band] = bands((0, OUT), (1, OUT), (2, IN), (2.5, IN))
    assert (band.start, band.end, band.replied) == (on(0), on(2), True)
    assert band.attempts == (on(0), on(1))


def test_an_unanswered_band_runs_until_now() -> None:
    first, second = bands((0, IN), (1, OUT), (1.5, IN), (4, OUT), now=10)
    assert (first.start, first.end) == (on(1), on(1.5))
    assert (second.start, second.end, second.replied) == (on(4), on(10), False)


def test_no_band_without_our_messages() -> None:
    assert bands((0, IN), (3, IN)) == []


def test_amber_from_the_threshold_with_the_default_pace() -> None:
    # Fewer than 3 reply delays: T = 1 day, threshold = max(3 days, 2 x 1 day) = 3 days.
    [band] = bands((0, OUT), (5, IN))
    assert (band.typical_reply, band.threshold) == (DAY, 3 * DAY)
    assert band.amber_at == on(0 + 3)
    assert [(s, e, tone) for s, e, tone in band.segments()] == [
        (on(0), on(3), Tone.WAITING),
        (on(3), on(5), Tone.PAST_THRESHOLD),
    ]


def test_a_reply_right_at_the_threshold_keeps_the_band_neutral() -> None:
    [band] = bands((0, OUT), (3, IN))  # 0 + 3 days = the reply: never overdue
    assert band.amber_at is None
    assert [tone for _, _, tone in band.segments()] == [Tone.WAITING]


def test_a_follow_up_before_the_threshold_restarts_the_wait() -> None:
    # 0 + 3 = day 3 is after the follow-up on day 2; 2 + 3 = day 5 is before the reply on day 6.
    [band] = bands((0, OUT), (2, OUT), (6, IN))
    assert band.amber_at == on(5)


def test_an_open_band_is_amber_from_the_moment_the_threshold_is_reached() -> None:
    [band] = bands((0, OUT), now=3)  # now - latest attempt = 3 days = the threshold
    assert band.amber_at == on(3)
    assert band.segments() == [(on(0), on(3), Tone.WAITING)]
    [band] = bands((0, OUT), now=2.9)
    assert band.amber_at is None


def test_red_from_the_fifth_attempt() -> None:
    # Attempts on days 0, 4, 8, 12, 16: amber on 0 + 3 = day 3, ghosted from day 16.
    [band] = bands((0, OUT), (4, OUT), (8, OUT), (12, OUT), (16, OUT), now=30)
    assert (band.amber_at, band.red_at) == (on(3), on(16))
    assert band.segments() == [
        (on(0), on(3), Tone.WAITING),
        (on(3), on(16), Tone.PAST_THRESHOLD),
        (on(16), on(30), Tone.GHOSTED),
    ]


def test_four_attempts_are_not_yet_ghosted() -> None:
    [band] = bands((0, OUT), (4, OUT), (8, OUT), (12, OUT), now=30)
    assert band.red_at is None
    assert band.segments()[-1] == (on(3), on(30), Tone.PAST_THRESHOLD)


def test_five_quick_attempts_go_straight_to_red() -> None:
    # Days 0..4 one day apart: each follow-up came before 3 days passed; red on day 4.
    [band] = bands((0, OUT), (1, OUT), (2, OUT), (3, OUT), (4, OUT), now=20)
    assert (band.amber_at, band.red_at) == (None, on(4))
    assert [tone for _, _, tone in band.segments()] == [Tone.WAITING, Tone.GHOSTED]


def test_each_band_is_judged_by_the_pace_known_when_it_began() -> None:
    # Replies after 2, 3 and 4 days: from the fourth band on, T = median = 3 days and the
    # threshold is max(3 days, 2 x 3 days) = 6 days.
    history = bands(
        (0, OUT), (2, IN), (10, OUT), (13, IN), (20, OUT), (24, IN), (30, OUT), (40, IN)
    )
    assert [band.threshold for band in history] == [3 * DAY, 3 * DAY, 3 * DAY, 6 * DAY]
    assert history[3].typical_reply == 3 * DAY
    assert history[3].amber_at == on(30 + 6)
    assert history[2].amber_at == on(20 + 3)


def test_the_current_threshold_is_the_engines() -> None:
    messages = talk((0, OUT), (2, IN), (10, OUT), (13, IN), (20, OUT), (24, IN))
    timeline = build_timeline(FACTS, messages, [], [], on(30), BERLIN, SETTINGS)
    assert (timeline.typical_reply, timeline.threshold) == (3 * DAY, 6 * DAY)


def test_the_clients_own_minimum_silence_applies() -> None:
    facts = ClientFacts(1, "Globex", ClientStatus.ACTIVE, min_silence=timedelta(hours=12))
    messages = talk((0, OUT), (3, IN))
    [band] = build_timeline(facts, messages, [], [], on(9), BERLIN, SETTINGS).bands
    assert band.threshold == 2 * DAY  # max(12 hours, 2 x 1 day)
    assert band.amber_at == on(2)


def test_first_due_boundaries() -> None:
    three = 3 * DAY
    assert first_due([on(0)], on(3), True, three) is None  # the reply comes first
    assert first_due([on(0)], on(3), False, three) == on(3)  # now, exactly at the threshold
    assert first_due([on(0), on(3)], on(9), True, three) == on(6)  # a follow-up on the dot


def test_events_are_in_time_order_with_messages_first_at_the_same_instant() -> None:
    messages = talk((5, OUT))
    issued = InvoiceEvent(on(5), InvoiceStep.ISSUED, "INV-1", Money(100, "EUR"), Money(100, "EUR"))
    due = InvoiceEvent(on(2), InvoiceStep.DUE, "INV-0", Money(100, "EUR"), Money(100, "EUR"))
    timeline = build_timeline(FACTS, messages, [issued, due], [], on(9), BERLIN, SETTINGS)
    assert tuple(timeline.events) == (due, messages[0], issued)
    assert (timeline.client, timeline.now, timeline.zone) == ("Globex", on(9), BERLIN)


def test_checkins_that_came_due_and_the_next_one() -> None:
    # Cadence 7 days set on day 0; touches on days 3 and 15: the check-in due on day 10
    # (3 + 7) came before the next touch; the one on day 22 (15 + 7) is the next to come.
    schedule = ScheduleChange(on(0), 7, Channel.PHONE)
    marks = checkin_marks([schedule], [on(3), on(15)], BERLIN)
    assert marks == [CheckinMark(on(10), 7, Channel.PHONE), CheckinMark(on(22), 7, Channel.PHONE)]


def test_a_touch_at_the_due_moment_keeps_the_checkin() -> None:
    marks = checkin_marks([ScheduleChange(on(0), 7, None)], [on(7)], BERLIN)
    assert marks == [CheckinMark(on(14), 7, None)]


def test_stopping_the_schedule_stops_the_marks() -> None:
    schedules = [ScheduleChange(on(0), 7, None), ScheduleChange(on(20), 0, None)]
    marks = checkin_marks(schedules, [on(3), on(15)], BERLIN)
    assert marks == [CheckinMark(on(10), 7, None)]  # 15 + 7 = 22 is after the stop on day 20


def test_checkins_keep_the_wall_clock_across_daylight_saving() -> None:
    # Berlin moves to summer time on 29 March 2026: 10:00 local is 09:00 UTC before, 08:00 after.
    set_at = datetime(2026, 3, 25, 9, tzinfo=UTC)
    [mark] = checkin_marks([ScheduleChange(set_at, 7, None)], [], BERLIN)
    assert mark.at == datetime(2026, 4, 1, 8, tzinfo=UTC)


def test_invoice_events_track_what_is_owed() -> None:
    eur = "EUR"
    due_at = day_start(date(2026, 3, 31), BERLIN)
    assert due_at == datetime(2026, 3, 30, 22, tzinfo=UTC)  # local midnight, summer time
    payments = [Payment(on(40), Money(60000, eur)), Payment(on(10), Money(40000, eur))]
    events = invoice_events("INV-1", Money(100000, eur), on(0), due_at, payments, invoice_id=7)
    assert [(e.at, e.step, e.amount.minor, e.outstanding.minor) for e in events] == [
        (on(0), InvoiceStep.ISSUED, 100000, 100000),
        (due_at, InvoiceStep.DUE, 100000, 60000),  # 400.00 paid before it was due
        (on(10), InvoiceStep.PAID, 40000, 60000),
        (on(40), InvoiceStep.PAID, 60000, 0),
    ]
    assert {e.invoice_id for e in events} == {7}


@pytest.mark.parametrize("count", [0, 1, 25])
def test_many_bands_each_with_its_reply(count: int) -> None:
    steps = [step for n in range(count) for step in ((n * 3, OUT), (n * 3 + 1, IN))]
    history = bands(*steps, now=count * 3 + 10)
    assert [(band.start, band.end) for band in history] == [
        (on(n * 3), on(n * 3 + 1)) for n in range(count)
    ]


def random_talk(seed: int, count: int) -> list[Message]:
    """A history with runs of ours, runs of theirs and messages at the same instant."""
    rng = random.Random(seed)
    at = 0.0
    steps = []
    for _ in range(count):
        at += rng.choice([0, 0.01, 0.3, 1, 2.5, 6])
        steps.append((at, OUT if rng.random() < 0.55 else IN))
    return talk(*steps)


@pytest.mark.parametrize(
    "facts",
    [
        FACTS,
        replace(FACTS, min_silence=timedelta(hours=5), multiplier=1.3),
        replace(FACTS, multiplier=0.5),
    ],
)
@pytest.mark.parametrize("seed", range(4))
def test_every_band_is_judged_by_the_engines_threshold(facts: ClientFacts, seed: int) -> None:
    # The bands work the threshold out on microseconds; it must be silence_threshold's,
    # fed the reply delays core.pace counts before each band.
    messages = random_talk(seed, 300)
    now = messages[-1].at + 2 * DAY
    timeline = build_timeline(facts, messages, [], [], now, BERLIN, SETTINGS)
    history = [(m.at, m.direction) for m in messages]
    delays = [timedelta(microseconds=d) for d in reply_delays(_micros(history), keep=300)]
    assert len(timeline.bands) in (len(delays), len(delays) + 1)
    for number, band in enumerate(timeline.bands):
        window = tuple(delays[max(0, number - REPLY_DELAYS_KEPT) : number])
        pace = replace(facts, reply_delays=window)
        assert (band.threshold, band.typical_reply) == silence_threshold(pace, SETTINGS)
        if band.replied:
            assert band.end - band.start == delays[number]
    latest = replace(facts, reply_delays=tuple(delays[-REPLY_DELAYS_KEPT:]))
    assert (timeline.threshold, timeline.typical_reply) == silence_threshold(latest, SETTINGS)


def _micros(history: list[tuple[datetime, Direction]]) -> list[tuple[int, Direction]]:
    return [((at - T0) // timedelta(microseconds=1), direction) for at, direction in history]


def test_red_from_the_fifth_attempt_whatever_the_run_length() -> None:
    attempts = [on(day) for day in range(8)]
    assert [ghosted_from(attempts[:count]) for count in (0, 4, 5, 8)] == [None, None, on(4), on(4)]


def test_at_the_same_instant_invoices_keep_their_order_before_checkins() -> None:
    schedule = ScheduleChange(on(0), 7, None)  # with no touch, the check-in falls due on day 7
    due = InvoiceEvent(on(7), InvoiceStep.DUE, "INV-2", Money(100, "EUR"), Money(100, "EUR"))
    issued = InvoiceEvent(on(7), InvoiceStep.ISSUED, "INV-1", Money(5, "EUR"), Money(5, "EUR"))
    timeline = build_timeline(FACTS, [], [due, issued], [schedule], on(9), BERLIN, SETTINGS)
    assert tuple(timeline.events) == (due, issued, CheckinMark(on(7), 7, None))


def test_a_message_log_gives_back_the_messages_it_was_made_of() -> None:
    messages = talk((0, OUT), (1, IN), (1, OUT))
    log = MessageLog.of(messages)
    assert (len(log), list(log), log[1], log[-1], log[1:]) == (
        3,
        messages,
        messages[1],
        messages[2],
        messages[1:],
    )
    assert (list(MessageLog.of([])), len(MessageLog())) == ([], 0)


def test_events_make_each_message_from_the_log_in_its_place() -> None:
    messages = talk((0, OUT), (5, IN), (9, OUT))
    issued = InvoiceEvent(on(5), InvoiceStep.ISSUED, "INV-1", Money(100, "EUR"), Money(100, "EUR"))
    due = InvoiceEvent(on(3), InvoiceStep.DUE, "INV-0", Money(100, "EUR"), Money(100, "EUR"))
    log = MessageLog.of(messages)
    events = build_timeline(FACTS, log, [issued, due], [], on(10), BERLIN, SETTINGS).events
    expected = [messages[0], due, messages[1], issued, messages[2]]
    assert (len(events), list(events), events[-1], events[1:3]) == (
        5,
        expected,
        messages[2],
        expected[1:3],
    )
    assert events.messages is log  # kept, not copied into objects
