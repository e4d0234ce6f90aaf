"""Stored instants written as ISO 8601 in one zone, fast enough for a million-row export."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, timezone, tzinfo

from freelance_ghost.core.clock import format_instant, from_micros, is_supported_micros

_MICROSECOND = timedelta(microseconds=1)
_SECOND = 1_000_000  # microseconds
_HOUR = 3600 * _SECOND
_DAY = 24 * _HOUR
_EPOCH_DAY = date(1970, 1, 1).toordinal()
_ANY_MOMENT = datetime(2000, 1, 1)  # its isoformat is 19 characters, then the offset's


# A stretch of time written alike: UTC microseconds [start, end), the local midnight (UTC
# microseconds) the clock counts from, the local date with its "T", the UTC offset's text.
_Span = tuple[int, int, int, str, str]


class _Texts(dict[int, str]):
    """Each number's text, made by ``make`` when first asked for."""

    def __init__(self, make: Callable[[int], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, number: int) -> str:
        text = self[number] = self._make(number)
        return text


def _clock_texts() -> list[str]:
    """``HH:MM:SS`` of each second of a day, in order: a list is the fastest look-up."""
    minutes = [f"{hour:02d}:{minute:02d}:" for hour in range(24) for minute in range(60)]
    seconds = [f"{second:02d}" for second in range(60)]
    return [minute + second for minute in minutes for second in seconds]


def _date_text(day: int) -> str:
    """``YYYY-MM-DDT`` of the ``day``-th day after 1970-01-01."""
    return date.fromordinal(_EPOCH_DAY + day).isoformat() + "T"


def _offset_text(offset: int) -> str:
    """A UTC offset in microseconds as ``isoformat`` writes it: ``+02:00``, ``+10:30``."""
    zone = timezone(offset * _MICROSECOND)
    return _ANY_MOMENT.replace(tzinfo=zone).isoformat()[19:]


class InstantTexts:
    """Writes UTC microseconds exactly as :func:`format_instant` does, much faster.

    ``astimezone`` and ``isoformat`` for each of a million instants would be a large part
    of an export's time. Instead the zone's UTC offset is asked for at the start of each UTC
    hour and of the next one; if they agree it holds for the whole hour (in the tz database
    changes of offset are days apart, not minutes), and each instant of that hour is its
    local day's date, a cached ``HH:MM:SS``, its microseconds if any and the offset's text.
    An instant in an hour whose offset changes is converted the slow, exact way.

    An instant stored outside the supported years is written as the nearest edge of them
    (as from_micros reads it), and its position is kept in ``outside`` until the next call:
    its own Python date could not be written, nor read back.
    """

    def __init__(self, zone: tzinfo) -> None:
        self._zone = zone
        self.outside: list[int] = []  # positions in the last call's instants
        self._span: _Span = (0, 0, 0, "", "")  # none yet
        self._probed: tuple[int | None, int] = (None, 0)  # the last instant asked about, its offset
        self._clocks = _clock_texts()
        self._dates = _Texts(_date_text)
        self._offsets = _Texts(_offset_text)

    def texts(self, instants: Iterable[int]) -> list[str]:
        """Each of ``instants`` (UTC microseconds since the epoch) in ISO 8601, local.

        One call for many instants keeps the span's fields in local variables.
        """
        texts: list[str] = []
        append = texts.append
        clocks = self._clocks
        outside = self.outside = []
        start, end, midnight, day, offset = self._span
        for micros in instants:
            if not start <= micros < end:
                if not is_supported_micros(micros):  # tested here, outside every span: no cost
                    outside.append(len(texts))
                    append(format_instant(from_micros(micros), self._zone))
                    continue
                span = self._span_of(micros)
                if span is None:
                    append(format_instant(from_micros(micros), self._zone))
                    continue
                self._span = span
                start, end, midnight, day, offset = span
            second, fraction = divmod(micros - midnight, _SECOND)
            if fraction:  # six digits, its leading zeros kept
                append(f"{day}{clocks[second]}.{str(_SECOND + fraction)[1:]}{offset}")
            else:
                append(day + clocks[second] + offset)
        return texts

    def _span_of(self, micros: int) -> _Span | None:
        """The span around ``micros``; None if its hour holds a change of offset."""
        hour = micros - micros % _HOUR
        offset = self._offset_at(hour)
        if offset != self._offset_at(hour + _HOUR):
            return None
        local_day = (micros + offset) // _DAY
        midnight = local_day * _DAY - offset
        return (
            max(hour, midnight),
            min(hour + _HOUR, midnight + _DAY),
            midnight,
            self._dates[local_day],
            self._offsets[offset],
        )

    def _offset_at(self, micros: int) -> int:
        """The zone's UTC offset at ``micros``, in microseconds.

        The last answer is kept: the end of one hour is the start of the next.
        """
        probed, offset = self._probed
        if micros != probed:
            local_offset = from_micros(micros).astimezone(self._zone).utcoffset()
            assert local_offset is not None  # astimezone gives an aware time
            offset = local_offset // _MICROSECOND
            self._probed = (micros, offset)
        return offset
