"""Where the timeline's marks go: lanes of sorted times, the view's scale, clusters that never overlap."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum

from freelance_ghost.core.kinds import Direction
from freelance_ghost.core.timeline import SilenceBand, Timeline, Tone
from freelance_ghost.core.timeline_events import (
    Events,
    InvoiceEvent,
    InvoiceStep,
    Message,
    TimelineEvent,
)


class Lane(IntEnum):
    """The rows of marks, top to bottom."""

    YOU = 0
    THEM = 1
    MONEY = 2
    CHECKINS = 3


LANE_TITLES = {
    Lane.YOU: "You",
    Lane.THEM: "Them",
    Lane.MONEY: "Invoices",
    Lane.CHECKINS: "Check-ins",
}


def lane_of(event: TimelineEvent) -> Lane:
    """The row an event is drawn on."""
    if isinstance(event, Message):
        return message_lane(event.direction)
    if isinstance(event, InvoiceEvent):
        return Lane.MONEY
    return Lane.CHECKINS


def message_lane(direction: Direction) -> Lane:
    """The row of a message: yours or theirs."""
    return Lane.YOU if direction is Direction.OUT else Lane.THEM


@dataclass
class LaneMarks:
    """One lane's events as sorted epoch seconds, with their indexes in the timeline."""

    times: list[float] = field(default_factory=list)
    indexes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Cluster:
    """Marks drawn as one badge: the lane's events ``lo`` to ``hi - 1`` at ``x`` pixels."""

    x: float
    lo: int
    hi: int

    @property
    def count(self) -> int:
        """How many events the badge stands for."""
        return self.hi - self.lo


@dataclass(frozen=True)
class BandRuns:
    """Every silence band cut into stretches of one tone, sorted (bands never overlap)."""

    starts: list[float]
    ends: list[float]
    tones: list[Tone]
    band_of: list[int]


@dataclass(frozen=True)
class InvoiceSpan:
    """An invoice from issue to full payment (None: still owed), with its due moment."""

    issued: float
    due: float
    settled: float | None


@dataclass(frozen=True)
class Prepared:
    """The timeline turned once into what painting needs, so a paint allocates little."""

    lanes: dict[Lane, LaneMarks]
    runs: BandRuns
    band_starts: list[float]
    band_ends: list[float]
    spans: list[InvoiceSpan]
    deadlines: list[float]  # the end of each deadline's day, as in ``timeline.deadlines``
    first: float
    last: float


def prepare(timeline: Timeline) -> Prepared:
    """Splits the events into lanes and the bands into runs; done once per timeline."""
    lanes = lane_marks(timeline.events)
    runs = band_runs(timeline.bands)
    moments = [t for marks in lanes.values() for t in marks.times[:1] + marks.times[-1:]]
    deadlines = [timeline.deadline_end(deadline).timestamp() for deadline in timeline.deadlines]
    moments += [*runs.starts[:1], *runs.ends[-1:], timeline.now.timestamp(), *deadlines]
    money = [timeline.events[i] for i in lanes[Lane.MONEY].indexes]
    return Prepared(
        lanes=lanes,
        runs=runs,
        band_starts=[band.start.timestamp() for band in timeline.bands],
        band_ends=[band.end.timestamp() for band in timeline.bands],
        spans=invoice_spans(money),
        deadlines=deadlines,
        first=min(moments),
        last=max(moments),
    )


def lane_marks(events: Events) -> dict[Lane, LaneMarks]:
    """Each lane's events in time order, as epoch seconds and indexes into ``events``.

    Messages are read from their log's columns: marking them makes no Message.
    """
    lanes = {lane: LaneMarks() for lane in Lane}
    log = events.messages
    count = len(log)
    for index, position in enumerate(events.order):
        if position < count:
            lane, at = message_lane(log.direction[position]), log.at[position]
        else:
            other = events.others[position - count]
            lane, at = lane_of(other), other.at
        marks = lanes[lane]
        marks.times.append(at.timestamp())
        marks.indexes.append(index)
    return lanes


def band_runs(bands: Sequence[SilenceBand]) -> BandRuns:
    """Every band's stretches of one tone, in time order, with the band each belongs to."""
    pieces = [
        (start, end, tone, number)
        for number, band in enumerate(bands)
        for start, end, tone in band.segments()
    ]
    return BandRuns(
        starts=[start.timestamp() for start, _, _, _ in pieces],
        ends=[end.timestamp() for _, end, _, _ in pieces],
        tones=[tone for _, _, tone, _ in pieces],
        band_of=[number for _, _, _, number in pieces],
    )


def invoice_spans(events: Sequence[TimelineEvent]) -> list[InvoiceSpan]:
    """Each invoice's life, from issue to the payment that settled it."""
    issued: dict[str, float] = {}
    due: dict[str, float] = {}
    settled: dict[str, float] = {}
    for event in events:
        if not isinstance(event, InvoiceEvent):
            continue
        if event.step is InvoiceStep.ISSUED:
            issued[event.invoice] = event.at.timestamp()
        elif event.step is InvoiceStep.DUE:
            due[event.invoice] = event.at.timestamp()
        elif event.outstanding.minor <= 0:
            settled[event.invoice] = event.at.timestamp()
    return sorted(
        (InvoiceSpan(issued[number], due[number], settled.get(number)) for number in issued),
        key=lambda span: span.issued,
    )


@dataclass
class View:
    """The visible stretch of time and the pixels it is drawn on."""

    start: float = 0.0
    span: float = 30 * 86400.0
    left: float = 0.0
    width: float = 1.0

    @property
    def end(self) -> float:
        """The last visible moment."""
        return self.start + self.span

    @property
    def px_per_second(self) -> float:
        """The zoom."""
        return self.width / self.span

    def x(self, at: float) -> float:
        """The pixel column of a moment."""
        return self.left + (at - self.start) * self.width / self.span

    def at(self, x: float) -> float:
        """The moment under a pixel column."""
        return self.start + (x - self.left) * self.span / self.width

    def zoom(self, factor: float, anchor_x: float, min_span: float, max_span: float) -> None:
        """Scales the span by ``factor``, keeping the moment under ``anchor_x`` in place."""
        anchor = self.at(anchor_x)
        fraction = (anchor_x - self.left) / self.width
        self.span = min(max(self.span * factor, min_span), max_span)
        self.start = anchor - fraction * self.span

    def datetimes(self) -> tuple[datetime, datetime]:
        """The visible range as instants."""
        return datetime.fromtimestamp(self.start, UTC), datetime.fromtimestamp(self.end, UTC)


def clusters(marks: LaneMarks, view: View, gap: float) -> list[Cluster]:
    """The lane's visible marks grouped so no two badges are closer than ``gap`` pixels.

    Events are counted into time buckets ``gap`` pixels wide, anchored to the epoch so that
    panning does not reshuffle them, with one binary search per bucket: the work depends on
    the width, not on how many events there are. A bucket joins the previous badge when all
    their events fit within ``gap``; otherwise its badge is nudged right to keep its distance.
    """
    times = marks.times
    bucket = gap / view.px_per_second
    first = math.floor(view.start / bucket) - 1
    last = math.floor(view.end / bucket) + 1
    found: list[Cluster] = []
    lo = bisect_left(times, first * bucket)
    for number in range(first, last + 1):
        hi = bisect_left(times, (number + 1) * bucket, lo)
        if hi > lo:
            start = found[-1].lo if found else lo
            if found and view.x(times[hi - 1]) - view.x(times[start]) <= gap:
                found.pop()
            else:
                start = lo
            x = (view.x(times[start]) + view.x(times[hi - 1])) / 2
            if found:
                x = max(x, found[-1].x + gap)
            found.append(Cluster(x, start, hi))
        lo = hi
    return found


def nearest_in(marks: LaneMarks, cluster: Cluster, at: float) -> int:
    """The position (within the lane) of the cluster's event closest in time to ``at``."""
    i = bisect_right(marks.times, at, cluster.lo, cluster.hi)
    candidates = [j for j in (i - 1, i) if cluster.lo <= j < cluster.hi]
    return min(candidates, key=lambda j: abs(marks.times[j] - at))


def visible(starts: list[float], ends: list[float], view: View) -> range:
    """The positions of the stretches that reach into the view (sorted and disjoint ones)."""
    first = bisect_right(ends, view.start)
    last = bisect_left(starts, view.end, first)
    return range(first, last)
