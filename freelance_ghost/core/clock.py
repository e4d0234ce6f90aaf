"""Time: an injectable clock, UTC storage in microseconds, and the user's local calendar."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol

from freelance_ghost.core.posix_zone import posix_zone

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The shapes of ISO 8601 this app reads, as pattern texts to build other patterns from.
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
TIME_PATTERN = r"[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
# An offset may have seconds: exports write a zone's old local mean time (Paris: +00:09:21).
OFFSET_PATTERN = r"(?:Z|[+-][0-9]{2}(?::[0-9]{2}(?::[0-9]{2})?|[0-9]{2}(?:[0-9]{2})?))"
_OFFSET = re.compile(rf"{OFFSET_PATTERN}$")
_DATE = re.compile(DATE_PATTERN)
_INSTANT = re.compile(rf"{DATE_PATTERN}(?:{TIME_PATTERN})?")

# The years this app works with. Dates and instants outside them are refused on the way in
# (a history file, --at, the dialogs): then a ten-year cadence, a client's pace or any
# zone's offset added to one stays far inside Python's years 1 to 9999, beyond which date
# arithmetic fails. Instants are checked in UTC, so every zone writes and reads them back
# alike. A value already stored outside them (by an older version, or by hand) reads as
# the nearest edge, so such records still open: see from_micros and stored_date.
FIRST_YEAR = 1900
LAST_YEAR = 2200
SUPPORTED_YEARS = f"the years {FIRST_YEAR} to {LAST_YEAR} this app works with"
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)
_FIRST_DAY_TEXT, _LAST_DAY_TEXT = FIRST_DAY.isoformat(), LAST_DAY.isoformat()
_FIRST_MICROS = (FIRST_DAY.toordinal() - _EPOCH.toordinal()) * 86_400_000_000
_LAST_MICROS = (LAST_DAY.toordinal() + 1 - _EPOCH.toordinal()) * 86_400_000_000 - 1


class UnsupportedTimeError(ValueError):
    """A date or instant outside the years this app works with."""


class Clock(Protocol):
    """Anything that can tell the current instant (tests pass a fixed one)."""

    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)


class FixedClock:
    """A clock that says what it is told, for tests and for ``--at``."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def now(self) -> datetime:
        """The instant this clock was set to."""
        return self.instant

    def advance(self, delta: timedelta) -> None:
        """Moves the clock forward, as time passing would."""
        self.instant += delta


class ZoneError(Exception):
    """The system's time zone cannot be read; the message says which and what to do."""


def system_zone() -> tzinfo:
    """The user's time zone (DST-aware): the IANA zone the system names, or ``TZ``'s POSIX rule.

    A zone that cannot be read is refused rather than taken as UTC: local times read from
    files and shown to the user would be wrong without a word.
    """
    import tzlocal  # imported here: reading the zone touches the filesystem

    try:
        return tzlocal.get_localzone()
    except (ValueError, LookupError, OSError) as error:
        rule = os.environ.get("TZ", "")
        zone = posix_zone(rule)
        if zone is None:
            raise ZoneError(_zone_problem(rule, error)) from None
        return zone


def _zone_problem(rule: str, error: Exception) -> str:
    """One line: which zone setting could not be read, why, and what to set instead."""
    if isinstance(error, LookupError):  # tzlocal's message spans lines and names itself
        reason = "no such zone, and not a POSIX rule such as CET-1CEST,M3.5.0,M10.5.0/3"
    else:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    if not rule:
        return f"the system's time zone cannot be read ({reason}); set TZ to a zone such as Europe/Berlin"
    return (
        f"the time zone TZ={rule!r} cannot be read ({reason}); set TZ to a zone such as "
        "Europe/Berlin, or unset it to use the system's"
    )


def to_micros(instant: datetime) -> int:
    """Microseconds since the Unix epoch, for storage: always UTC, exact.

    Summed from the difference's parts rather than divided by a microsecond: a quarter
    cheaper, and an import converts a million instants.
    """
    if instant.tzinfo is None:
        raise ValueError("a naive datetime has no defined instant; attach a time zone first")
    since = instant - _EPOCH
    return (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds


def from_micros(micros: int) -> datetime:
    """The UTC instant stored as ``micros``; one outside the supported years (stored by an
    older version, or by hand) reads as the nearest edge of them, so the records still open.

    Positional, not ``microseconds=``: the same timedelta, a third cheaper per call, and the
    store turns every row of a long timeline through here.
    """
    if not _FIRST_MICROS <= micros <= _LAST_MICROS:
        micros = _FIRST_MICROS if micros < _FIRST_MICROS else _LAST_MICROS
    return _EPOCH + timedelta(0, 0, micros)


def is_supported_micros(micros: int) -> bool:
    """Whether stored ``micros`` are inside the supported years (from_micros keeps them)."""
    return _FIRST_MICROS <= micros <= _LAST_MICROS


def supported_instant(instant: datetime, written: str | None = None) -> datetime:
    """``instant`` if it falls inside the supported years in UTC; else UnsupportedTimeError,
    naming it as ``written`` (default: its ISO 8601 text).

    Most instants are decided by their year alone: one offset cannot move them a year.
    """
    year = instant.year
    if FIRST_YEAR < year < LAST_YEAR or (
        FIRST_YEAR - 1 <= year <= LAST_YEAR + 1 and is_supported_micros(to_micros(instant))
    ):
        return instant
    shown = written if written is not None else instant.isoformat()
    raise UnsupportedTimeError(f"'{shown}' is outside {SUPPORTED_YEARS}")


def supported_date(day: date, written: str | None = None) -> date:
    """``day`` if it falls inside the supported years; else UnsupportedTimeError, naming it
    as ``written`` (default: its ISO 8601 text)."""
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return day
    shown = written if written is not None else day.isoformat()
    raise UnsupportedTimeError(f"'{shown}' is outside {SUPPORTED_YEARS}")


def is_supported_date_text(text: str) -> bool:
    """Whether a stored date (``YYYY-MM-DD``) is inside the supported years.

    Compared as text: ISO dates sort as text, and one edited by hand may not parse at all.
    """
    return _FIRST_DAY_TEXT <= text <= _LAST_DAY_TEXT


def stored_date_text(text: str) -> str:
    """A stored date as ``YYYY-MM-DD``, moved to the nearest edge of the supported years if
    it was stored outside them (by an older version, or by hand)."""
    if _FIRST_DAY_TEXT <= text <= _LAST_DAY_TEXT:
        return text
    return _FIRST_DAY_TEXT if text < _FIRST_DAY_TEXT else _LAST_DAY_TEXT


def stored_date(text: str) -> date:
    """A date as the store holds it (``YYYY-MM-DD``); one outside the supported years reads
    as the nearest edge of them, as from_micros does, so such records still open."""
    return date.fromisoformat(stored_date_text(text))


def parse_instant(text: str, zone: tzinfo) -> datetime:
    """Reads ISO 8601; a timestamp without an offset is wall-clock time in ``zone``."""
    cleaned = text.strip()
    body = _OFFSET.sub("", cleaned)
    if not _INSTANT.fullmatch(body):
        raise ValueError(f"'{text}' is not an ISO 8601 date and time such as 2026-03-01T09:30:00")
    try:
        return checked_instant(cleaned, zone)
    except UnsupportedTimeError:
        raise
    except ValueError:
        raise ValueError(f"'{text}' is not a real date and time") from None


def checked_instant(text: str, zone: tzinfo) -> datetime:
    """The instant of a timestamp already in one of the shapes above; ValueError if it does
    not exist (the 30th of February), UnsupportedTimeError outside the supported years.
    Without an offset it is wall-clock time in ``zone``."""
    parsed = datetime.fromisoformat(text)
    instant = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)
    if FIRST_YEAR < instant.year < LAST_YEAR:  # nearly all: no call
        return instant
    return supported_instant(instant, text)


def format_instant(instant: datetime, zone: tzinfo) -> str:
    """Writes ISO 8601 in ``zone`` with its UTC offset; microseconds only when there are some."""
    local = instant.astimezone(zone)
    return local.isoformat(timespec="microseconds" if local.microsecond else "seconds")


def parse_date(text: str) -> date:
    """Reads a calendar date written ``YYYY-MM-DD`` and nothing else."""
    cleaned = text.strip()
    if not _DATE.fullmatch(cleaned):
        raise ValueError(f"'{text}' is not a date written YYYY-MM-DD")
    try:
        day = date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date") from None
    return supported_date(day, text)


def local_date(instant: datetime, zone: tzinfo) -> date:
    """The calendar date the user sees at ``instant``."""
    return instant.astimezone(zone).date()


def add_local_days(instant: datetime, days: int, zone: tzinfo) -> datetime:
    """``days`` calendar days later at the same local wall-clock time, across DST changes."""
    local = instant.astimezone(zone)
    wall = local.replace(tzinfo=None) + timedelta(days=days)
    return wall.replace(tzinfo=zone).astimezone(UTC)
