"""A relationship's timeline: messages, invoices and check-ins, and every silence between them."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from freelance_ghost.core.attention import AttentionSettings, checkin_due, silence_threshold
from freelance_ghost.core.clock import to_micros
from freelance_ghost.core.facts import ClientFacts
from freelance_ghost.core.kinds import Channel, ClientStatus, Direction
from freelance_ghost.core.ladder import Action, ladder_step
from freelance_ghost.core.money import Money
from freelance_ghost.core.pace import REPLY_DELAYS_KEPT, reply_delays


@dataclass(frozen=True)
class Message:
    """One interaction: who reached whom, how, and what it was about."""

    at: datetime
    direction: Direction
    channel: Channel
    contact: str
    summary: str
    interaction_id: int = 0


class InvoiceStep(StrEnum):
    """The moments of an invoice's life the timeline marks."""

    ISSUED = "issued"
    DUE = "due"
    PAID = "paid"


@dataclass(frozen=True)
class InvoiceEvent:
    """An invoice issued or falling due (``amount`` invoiced), or a payment (``amount`` paid).

    ``outstanding`` is what was still owed right after the moment.
    """

    at: datetime
    step: InvoiceStep
    invoice: str
    amount: Money
    outstanding: Money
    invoice_id: int = 0


@dataclass(frozen=True)
class CheckinMark:
    """A scheduled check-in that came due (or comes due next) with no touch point before it."""

    at: datetime
    cadence_days: int
    channel: Channel | None


TimelineEvent = Message | InvoiceEvent | CheckinMark


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

    ``amber_at`` is the first moment the attention list would have shown the silence (SPEC 2.1:
    the latest attempt is at least a threshold old); ``red_at`` is the fifth attempt, from which
    the client counts as ghosted. The threshold is the one the client's pace gave at the time.
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
    events: tuple[TimelineEvent, ...]
    bands: tuple[SilenceBand, ...]
    threshold: timedelta
    typical_reply: timedelta


def build_timeline(
    facts: ClientFacts,
    messages: Sequence[Message],
    invoices: Sequence[InvoiceEvent],
    schedules: Sequence[ScheduleChange],
    now: datetime,
    zone: tzinfo,
    settings: AttentionSettings,
) -> Timeline:
    """The client's timeline from its records (messages in stored order: time, then id).

    ``facts`` gives the client's name and own silence settings; its pace is worked out here.
    """
    micros = reply_delays(((to_micros(m.at), m.direction) for m in messages), keep=len(messages))
    delays = [timedelta(microseconds=delay) for delay in micros]
    bands = silence_bands(messages, delays, now, facts, settings)
    checkins = checkin_marks(schedules, [m.at for m in messages], zone)
    threshold, typical = silence_threshold(_pace_before(facts, delays, len(delays)), settings)
    return Timeline(
        client=facts.name,
        now=now,
        zone=zone,
        events=tuple(sorted([*messages, *invoices, *checkins], key=_event_order)),
        bands=tuple(bands),
        threshold=threshold,
        typical_reply=typical,
    )


_KIND_ORDER = {Message: 0, InvoiceEvent: 1, CheckinMark: 2}


def _event_order(event: TimelineEvent) -> tuple[datetime, int]:
    """Time order; at the same instant messages first (sorting is stable for the rest)."""
    return event.at, _KIND_ORDER[type(event)]


def _pace_before(facts: ClientFacts, delays: Sequence[timedelta], count: int) -> ClientFacts:
    """The facts as the engine saw them after the first ``count`` reply delays."""
    return replace(facts, reply_delays=tuple(delays[max(0, count - REPLY_DELAYS_KEPT) : count]))


def silence_bands(
    messages: Sequence[Message],
    delays: Sequence[timedelta],
    now: datetime,
    facts: ClientFacts,
    settings: AttentionSettings,
) -> list[SilenceBand]:
    """One band per run of our messages: from the first until their next message, or now.

    Each reply closes one band and makes one reply delay (core.pace), so band ``k`` is judged
    by the pace of the ``k`` delays before it.
    """
    bands: list[SilenceBand] = []
    run: list[datetime] = []
    for message in messages:
        if message.direction is Direction.OUT:
            run.append(message.at)
        elif run:
            pace = _pace_before(facts, delays, len(bands))
            bands.append(_band(run, message.at, True, pace, settings))
            run = []
    run = [at for at in run if at <= now]
    if run:
        pace = _pace_before(facts, delays, len(bands))
        bands.append(_band(run, now, False, pace, settings))
    return bands


def _band(
    attempts: list[datetime],
    end: datetime,
    replied: bool,
    pace: ClientFacts,
    settings: AttentionSettings,
) -> SilenceBand:
    threshold, typical = silence_threshold(pace, settings)
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
    """The attempt from which the ladder says let go: the client counts as ghosted (SPEC 2.1)."""
    for count, at in enumerate(attempts, start=1):
        if ladder_step(count) is Action.LET_GO:
            return at
    return None


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
