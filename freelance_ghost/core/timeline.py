"""A relationship's timeline: messages, invoices and check-ins, and every silence between them."""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import cache

from freelance_ghost.core.attention import (
    AttentionSettings,
    checkin_due,
    silence_threshold,
    threshold_for,
)
from freelance_ghost.core.facts import ClientFacts, ProjectDeadline
from freelance_ghost.core.kinds import Channel, ClientStatus, Direction
from freelance_ghost.core.ladder import Action, ladder_step
from freelance_ghost.core.money import Money
from freelance_ghost.core.pace import REPLY_DELAYS_KEPT, typical_reply
from freelance_ghost.core.timeline_events import (
    CheckinMark,
    Events,
    InvoiceEvent,
    InvoiceStep,
    Message,
    MessageLog,
)

_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class ScheduleChange:
    """A check-in cadence set at a moment (0 stops check-ins)."""

    set_at: datetime
    cadence_days: int
    channel: Channel | None


@dataclass(frozen=True)
class Payment:
    """Money received against an invoice."""

    received_at: datetime
    amount: Money


class Tone(StrEnum):
    """How a stretch of silence reads: still fine, longer than the client's pace, or ghosted."""

    WAITING = "waiting"
    PAST_THRESHOLD = "past_threshold"
    GHOSTED = "ghosted"


@dataclass(frozen=True)
class SilenceBand:
    """From our first unanswered message until their reply (or until now).

    ``amber_at`` is the first moment the attention list would have shown the silence
    (docs/rules.md §1: the latest attempt is at least a threshold old); ``red_at`` is the fifth
    attempt, from which the client counts as ghosted. The threshold is the one the client's
    pace gave at the time.
    """

    start: datetime
    end: datetime
    replied: bool
    attempts: tuple[datetime, ...]
    threshold: timedelta
    typical_reply: timedelta
    amber_at: datetime | None
    red_at: datetime | None

    def segments(self) -> list[tuple[datetime, datetime, Tone]]:
        """The band as consecutive stretches of one tone each, in time order."""
        if self.amber_at is None and self.red_at is None:  # most bands: a short wait
            return [(self.start, self.end, Tone.WAITING)] if self.end > self.start else []
        marks = [(self.start, Tone.WAITING)]
        if self.amber_at is not None:
            marks.append((self.amber_at, Tone.PAST_THRESHOLD))
        if self.red_at is not None:
            marks.append((self.red_at, Tone.GHOSTED))
        ends = [at for at, _ in marks[1:]] + [self.end]
        return [(at, end, tone) for (at, tone), end in zip(marks, ends, strict=True) if end > at]


@dataclass(frozen=True)
class Timeline:
    """Everything the timeline of one client shows; ``events`` are in time order."""

    client: str
    now: datetime
    zone: tzinfo
    events: Events
    bands: tuple[SilenceBand, ...]
    threshold: timedelta
    typical_reply: timedelta
    deadlines: tuple[ProjectDeadline, ...] = ()  # active projects' deadlines, soonest first

    def deadline_end(self, deadline: ProjectDeadline) -> datetime:
        """Where a deadline sits on the axis: the end of its local day, when it becomes late."""
        return day_start(deadline.deadline + timedelta(days=1), self.zone)


def build_timeline(
    facts: ClientFacts,
    messages: Sequence[Message],
    invoices: Sequence[InvoiceEvent],
    schedules: Sequence[ScheduleChange],
    now: datetime,
    zone: tzinfo,
    settings: AttentionSettings,
    deadlines: Sequence[ProjectDeadline] = (),
) -> Timeline:
    """The client's timeline from its records (messages in stored order: time, then id).

    ``facts`` gives the client's name and own silence settings; its pace is worked out here.
    ``messages`` is best a MessageLog (the store reads one); other sequences are made into one.
    """
    log = messages if isinstance(messages, MessageLog) else MessageLog.of(messages)
    bands = silence_bands(log, now, facts, settings)
    delays = [band.end - band.start for band in bands if band.replied]
    checkins = checkin_marks(schedules, log.at, zone)
    threshold, typical = silence_threshold(_pace_before(facts, delays, len(delays)), settings)
    return Timeline(
        client=facts.name,
        now=now,
        zone=zone,
        events=Events.in_time_order(log, invoices, checkins),
        bands=tuple(bands),
        threshold=threshold,
        typical_reply=typical,
        deadlines=tuple(deadlines),
    )


def _pace_before(facts: ClientFacts, delays: Sequence[timedelta], count: int) -> ClientFacts:
    """The facts as the engine saw them after the first ``count`` reply delays."""
    return replace(facts, reply_delays=tuple(delays[max(0, count - REPLY_DELAYS_KEPT) : count]))


class _PaceSoFar:
    """The client's pace as it stood at each band: the latest reply delays and their threshold.

    Keeps the delays in microseconds, as ``core.attention.silence_threshold`` counts them, and
    asks ``threshold_for`` for the rule: thousands of bands would otherwise each build a
    ClientFacts. Tests hold the two equal.
    """

    def __init__(self, facts: ClientFacts, settings: AttentionSettings) -> None:
        self._delays: list[int] = []
        self._default = settings.default_typical_reply // _MICROSECOND
        self._facts = facts
        self._settings = settings

    def add(self, delay: timedelta) -> None:
        """A reply closed a silence that lasted ``delay``."""
        self._delays.append(delay // _MICROSECOND)

    def threshold(self) -> tuple[timedelta, timedelta]:
        """(threshold, typical reply) from the latest delays so far."""
        typical = timedelta(
            microseconds=typical_reply(self._delays[-REPLY_DELAYS_KEPT:], self._default)
        )
        return threshold_for(typical, self._facts, self._settings), typical


def silence_bands(
    messages: MessageLog,
    now: datetime,
    facts: ClientFacts,
    settings: AttentionSettings,
) -> list[SilenceBand]:
    """One band per run of our messages: from the first until their next message, or now.

    Each reply closes one band and makes one reply delay, the band's length (as core.pace
    counts them), so band ``k`` is judged by the pace of the ``k`` delays before it.
    """
    pace = _PaceSoFar(facts, settings)
    bands: list[SilenceBand] = []
    run: list[datetime] = []
    for at, direction in zip(messages.at, messages.direction, strict=True):
        if direction is Direction.OUT:
            run.append(at)
        elif run:
            bands.append(_band(run, at, True, pace.threshold()))
            pace.add(at - run[0])
            run = []
    run = [at for at in run if at <= now]
    if run:
        bands.append(_band(run, now, False, pace.threshold()))
    return bands


def _band(
    attempts: list[datetime],
    end: datetime,
    replied: bool,
    pace: tuple[timedelta, timedelta],
) -> SilenceBand:
    threshold, typical = pace
    red_at = ghosted_from(attempts)
    amber_at = first_due(attempts, end, replied, threshold)
    if amber_at is not None and red_at is not None and amber_at >= red_at:
        amber_at = None  # ghosted before it ever looked merely overdue
    return SilenceBand(
        start=attempts[0],
        end=end,
        replied=replied,
        attempts=tuple(attempts),
        threshold=threshold,
        typical_reply=typical,
        amber_at=amber_at,
        red_at=red_at,
    )


def ghosted_from(attempts: Sequence[datetime]) -> datetime | None:
    """The attempt from which the ladder says let go: they count as ghosted (rules.md §2)."""
    count = _attempts_to_let_go()
    return attempts[count - 1] if len(attempts) >= count else None


@cache
def _attempts_to_let_go() -> int:
    """The first attempt count at which the ladder lets go (asked once, not per band)."""
    return next(count for count in itertools.count(1) if ladder_step(count) is Action.LET_GO)


def first_due(
    attempts: Sequence[datetime], end: datetime, replied: bool, threshold: timedelta
) -> datetime | None:
    """The first moment an attempt had gone a whole threshold without a newer one or a reply.

    A reply at that very moment ends the silence first; ``now`` (an unanswered band's end)
    counts, as the attention list shows an item from the moment the threshold is reached.
    """
    for at, following in zip(attempts, [*attempts[1:], end], strict=True):
        due = at + threshold
        if due < following or (due == following == end and not replied):
            return due
    return None


def checkin_marks(
    schedules: Sequence[ScheduleChange], touches: Sequence[datetime], zone: tzinfo
) -> list[CheckinMark]:
    """The check-ins that came due before the next touch point, and the next one to come.

    Each schedule is in force until the next one is set; ``touches`` are in time order.
    """
    marks: list[CheckinMark] = []
    ordered = sorted(schedules, key=lambda schedule: schedule.set_at)
    for schedule, following in zip(ordered, [*ordered[1:], None], strict=False):
        if schedule.cadence_days <= 0:
            continue
        until = following.set_at if following is not None else None
        marks.extend(_marks_of(schedule, until, touches, zone))
    return marks


def _marks_of(
    schedule: ScheduleChange, until: datetime | None, touches: Sequence[datetime], zone: tzinfo
) -> list[CheckinMark]:
    """Check-ins due under one schedule: after its start and after every touch in its time."""
    first = bisect_right(touches, schedule.set_at)
    last = bisect_right(touches, until) if until is not None else len(touches)
    anchors = [schedule.set_at, *touches[first:last]]
    facts = ClientFacts(
        client_id=0,
        name="",
        status=ClientStatus.ACTIVE,  # the due moment does not depend on the status
        cadence_days=schedule.cadence_days,
        schedule_set_at=schedule.set_at,
    )
    soonest = timedelta(days=schedule.cadence_days - 1)  # a daylight-saving change moves an hour
    marks = []
    for anchor, following in zip(anchors, [*anchors[1:], until], strict=True):
        if following is not None and following - anchor <= soonest:
            continue  # touched again well before a check-in could fall due
        due = checkin_due(replace(facts, last_interaction=anchor), zone)
        if due is not None and (following is None or due < following):
            marks.append(CheckinMark(due, schedule.cadence_days, schedule.channel))
    return marks


def invoice_events(
    number: str,
    amount: Money,
    issued_at: datetime,
    due_at: datetime,
    payments: Sequence[Payment],
    invoice_id: int = 0,
) -> list[InvoiceEvent]:
    """An invoice's issue, due date and payments, each with what was still owed right after."""
    paid_by_due = sum((p.amount.minor for p in payments if p.received_at <= due_at), 0)
    owed_at_due = Money(amount.minor - paid_by_due, amount.currency)
    events = [
        InvoiceEvent(issued_at, InvoiceStep.ISSUED, number, amount, amount, invoice_id),
        InvoiceEvent(due_at, InvoiceStep.DUE, number, amount, owed_at_due, invoice_id),
    ]
    owed = amount
    for payment in sorted(payments, key=lambda p: p.received_at):
        owed = owed - payment.amount
        events.append(
            InvoiceEvent(
                payment.received_at, InvoiceStep.PAID, number, payment.amount, owed, invoice_id
            )
        )
    return events


def day_start(day: date, zone: tzinfo) -> datetime:
    """Local midnight at the start of a calendar date: where a due date sits on the axis."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
