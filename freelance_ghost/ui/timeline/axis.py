"""The timeline's time axis: calendar-aligned ticks whose step suits the zoom, with labels."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import Enum

from freelance_ghost.core.plurals import counted

MIN_TICK_PX = 72.0  # labels such as "Tue 30" or "30 Sep" need this much room
_LONG_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS = tuple(month[:3] for month in _LONG_MONTHS)
_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_HOUR, _DAY = 3600.0, 86400.0


class Unit(Enum):
    """The calendar units ticks can fall on, with their rough length in seconds."""

    HOUR = _HOUR
    DAY = _DAY
    WEEK = 7 * _DAY
    MONTH = 30.44 * _DAY
    YEAR = 365.25 * _DAY


_STEPS: tuple[tuple[Unit, int], ...] = (
    (Unit.HOUR, 1),
    (Unit.HOUR, 3),
    (Unit.HOUR, 6),
    (Unit.HOUR, 12),
    (Unit.DAY, 1),
    (Unit.DAY, 2),
    (Unit.WEEK, 1),
    (Unit.WEEK, 2),
    (Unit.MONTH, 1),
    (Unit.MONTH, 3),
    (Unit.MONTH, 6),
    (Unit.YEAR, 1),
    (Unit.YEAR, 2),
    (Unit.YEAR, 5),
    (Unit.YEAR, 10),
    (Unit.YEAR, 25),
)
# The larger unit named in the second row: the day under hours, the month under days, ...
_CONTEXT = {Unit.HOUR: Unit.DAY, Unit.DAY: Unit.MONTH, Unit.WEEK: Unit.MONTH, Unit.MONTH: Unit.YEAR}


@dataclass(frozen=True)
class Tick:
    """A labelled moment on the axis, in seconds since the epoch."""

    at: float
    label: str


@dataclass(frozen=True)
class Axis:
    """The ticks of the current view, and the context labels of the row beneath them."""

    ticks: list[Tick]
    context: list[Tick]


def choose_step(seconds_per_px: float) -> tuple[Unit, int]:
    """The finest calendar step whose ticks stay at least ``MIN_TICK_PX`` apart."""
    for unit, count in _STEPS:
        if unit.value * count / seconds_per_px >= MIN_TICK_PX:
            return unit, count
    return _STEPS[-1]


def axis(start: float, end: float, seconds_per_px: float, zone: tzinfo) -> Axis:
    """Ticks between ``start`` and ``end`` (epoch seconds), in the user's local calendar."""
    unit, count = choose_step(seconds_per_px)
    ticks = [Tick(at, _label(local, unit)) for at, local in _moments(start, end, unit, count, zone)]
    context_unit = _CONTEXT.get(unit)
    if context_unit is None:
        return Axis(ticks, [])
    context = [
        Tick(at, _context_label(local, context_unit))
        for at, local in _moments(start, end, context_unit, 1, zone, keep_first=True)
    ]
    return Axis(ticks, context)


def _moments(
    start: float, end: float, unit: Unit, count: int, zone: tzinfo, *, keep_first: bool = False
) -> Iterator[tuple[float, datetime]]:
    """Calendar boundaries from the one at or before ``start`` up to ``end``.

    With ``keep_first`` the boundary before ``start`` is kept too: it names what is on screen
    at the left edge.
    """
    local = _floor(datetime.fromtimestamp(start, UTC).astimezone(zone), unit, count)
    advance = _ADVANCE[unit]
    first = True
    while True:
        instant = local.replace(tzinfo=zone).timestamp()
        if instant > end:
            return
        if instant >= start or (keep_first and first):
            yield instant, local
        first = False
        local = advance(local, count)


def _floor(local: datetime, unit: Unit, count: int) -> datetime:
    """The calendar boundary of the step at or before ``local`` (returned as wall-clock time)."""
    wall = local.replace(tzinfo=None, minute=0, second=0, microsecond=0)
    if unit is Unit.HOUR:
        return wall.replace(hour=wall.hour - wall.hour % count)
    day = wall.replace(hour=0)
    if unit is Unit.DAY:
        return day
    if unit is Unit.WEEK:
        return day - timedelta(days=day.weekday())
    if unit is Unit.MONTH:
        return day.replace(day=1, month=day.month - (day.month - 1) % count)
    return day.replace(day=1, month=1, year=day.year - day.year % count)


def _add_months(wall: datetime, months: int) -> datetime:
    index = wall.year * 12 + wall.month - 1 + months
    return wall.replace(year=index // 12, month=index % 12 + 1)


_ADVANCE: dict[Unit, Callable[[datetime, int], datetime]] = {
    Unit.HOUR: lambda wall, n: wall + timedelta(hours=n),
    Unit.DAY: lambda wall, n: wall + timedelta(days=n),
    Unit.WEEK: lambda wall, n: wall + timedelta(weeks=n),
    Unit.MONTH: _add_months,
    Unit.YEAR: lambda wall, n: wall.replace(year=wall.year + n),
}


def _label(wall: datetime, unit: Unit) -> str:
    if unit is Unit.HOUR:
        return f"{wall:%H}:00"
    if unit is Unit.DAY:
        return f"{_WEEKDAYS[wall.weekday()]} {wall.day}"
    if unit is Unit.WEEK:
        return f"{wall.day} {_MONTHS[wall.month - 1]}"
    if unit is Unit.MONTH:
        return _MONTHS[wall.month - 1]
    return str(wall.year)


def _context_label(wall: datetime, unit: Unit) -> str:
    if unit is Unit.DAY:
        return f"{_WEEKDAYS[wall.weekday()]} {wall.day} {_LONG_MONTHS[wall.month - 1]} {wall.year}"
    if unit is Unit.MONTH:
        return f"{_LONG_MONTHS[wall.month - 1]} {wall.year}"
    return str(wall.year)


def short_date(moment: datetime, zone: tzinfo) -> str:
    """'3 Mar 2026' in the user's zone, in English whatever the locale."""
    local = moment.astimezone(zone)
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}"


def date_and_time(moment: datetime, zone: tzinfo) -> str:
    """'Tue 3 Mar 2026, 09:30' in the user's zone."""
    local = moment.astimezone(zone)
    return f"{_WEEKDAYS[local.weekday()]} {short_date(local, zone)}, {local:%H:%M}"


def duration(span: timedelta) -> str:
    """'5 hours', '1 day', '12 days', '3 months' (rounded down): how long a silence lasted."""
    hours = int(span / timedelta(hours=1))
    if hours < 24:
        return counted(max(hours, 0), "hour", "hours")
    days = span.days
    if days < 60:
        return counted(days, "day", "days")
    if days < 730:
        return counted(days // 30, "month", "months")
    return counted(days // 365, "year", "years")
