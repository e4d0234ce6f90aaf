"""Every setting in one typed table (key, type, default, where it shows), and how each is kept.

Settings are text in the ``setting`` table; this module is the only place that knows their
keys, their types and their defaults. The engine's defaults are the documented rules
(``AttentionSettings`` in core), the templates' the default wording (core/templates.py).
The window's remembered state is read once more, before any of this loads, by
store/inspection.py (the first frame cannot wait for the database code); its prefix and the
start-in-the-tray key are declared there for that reason and only named here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any, Generic, TypeVar
from uuid import UUID, uuid4

from freelance_ghost.core.attention import AttentionSettings, Stage
from freelance_ghost.core.templates import DEFAULT_TEMPLATES, TemplateName
from freelance_ghost.store.inspection import START_MINIMISED, UI_STATE_PREFIX
from freelance_ghost.store.models import Setting, database

T = TypeVar("T")
N = TypeVar("N", int, float)


class Shown(StrEnum):
    """Where the person sees (and changes) a setting."""

    SILENCE_TAB = "Settings, Silence & money"
    REMINDERS_TAB = "Settings, Reminders"
    MESSAGES_TAB = "Settings, Messages"
    MAIL_TAB = "Settings, Mail"
    TRAY = "the tray's menu"
    WINDOW = "nowhere: the window remembers it"
    CHECK = "nowhere: the check keeps it"
    RECORDS = "nowhere: the records keep it"
    INSIGHTS = "nowhere: the Insights keep it"


@dataclass(frozen=True)
class QuietHours:
    """Local wall-clock hours without notifications; ``start`` after ``end`` spans midnight."""

    start: time = time(20, 0)
    end: time = time(8, 0)

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError("quiet hours must start and end at different times")

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """Reads ``HH:MM-HH:MM``, as ``str()`` writes it."""
        start, _, end = text.partition("-")
        return cls(time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))


@dataclass(frozen=True)
class SettingSpec(Generic[T]):
    """One setting: its key, its type (how it is read and written as text), its default."""

    key: str
    kind: str  # the type, in words, for people reading the table
    default: T
    shown: tuple[Shown, ...]
    parse: Callable[[str], T]  # raises ValueError on damaged text: the default is used then
    format: Callable[[T], str]


def _positive(kind: Callable[[str], N]) -> Callable[[str], N]:
    """A number parser that refuses zero and below, which no duration or count here allows."""

    def parse(text: str) -> N:
        value = kind(text)
        if not value > 0:
            raise ValueError(f"{text} is not above zero")
        return value

    return parse


MAX_WARNING_DAYS = 365


def _days_ahead(text: str) -> int:
    """Whole days from 0 (on the day itself) to a year: a warning further ahead is noise."""
    value = int(text)
    if not 0 <= value <= MAX_WARNING_DAYS:
        raise ValueError(f"{text} is not between 0 and {MAX_WARNING_DAYS}")
    return value


def _hours(text: str) -> timedelta:
    return timedelta(hours=_positive(int)(text))


def _whole_hours(value: timedelta) -> str:
    return str(int(value / timedelta(hours=1)))


def _flag(text: str) -> bool:
    return text == "1"


def _flag_text(value: bool) -> str:
    return "1" if value else "0"


def _quiet_hours(text: str) -> QuietHours | None:
    return None if text == _QUIET_HOURS_OFF else QuietHours.parse(text)


def _quiet_hours_text(hours: QuietHours | None) -> str:
    return _QUIET_HOURS_OFF if hours is None else str(hours)


def _text(text: str) -> str:
    return text


_QUIET_HOURS_OFF = "off"
_ENGINE = AttentionSettings()  # the documented defaults (docs/rules.md §8)
_SILENCE, _REMINDERS, _MESSAGES = (
    (Shown.SILENCE_TAB,),
    (Shown.REMINDERS_TAB,),
    (Shown.MESSAGES_TAB,),
)

DEFAULT_TYPICAL_REPLY = SettingSpec(
    "default_typical_reply",
    "whole hours",
    _ENGINE.default_typical_reply,
    _SILENCE,
    _hours,
    _whole_hours,
)
MIN_SILENCE = SettingSpec(
    "min_silence", "whole hours", _ENGINE.min_silence, _SILENCE, _hours, _whole_hours
)
MULTIPLIER = SettingSpec(
    "multiplier", "number above zero", _ENGINE.multiplier, _SILENCE, _positive(float), repr
)
STAGE_DAYS = {
    stage: SettingSpec(
        f"stage_days.{stage.value}", "whole days", days, _SILENCE, _positive(int), str
    )
    for stage, days in _ENGINE.stage_days
}
DEADLINE_WARNING_DAYS = SettingSpec(
    "deadline_warning_days",
    "whole days, 0 to 365",
    _ENGINE.deadline_warning_days,
    _SILENCE,
    _days_ahead,
    str,
)
QUIET_HOURS: SettingSpec[QuietHours | None] = SettingSpec(
    "reminders.quiet_hours",
    "HH:MM-HH:MM, or off",
    QuietHours(),
    _REMINDERS,
    _quiet_hours,
    _quiet_hours_text,
)
PAUSED = SettingSpec(
    "reminders.paused",
    "1 or 0",
    False,
    (Shown.REMINDERS_TAB, Shown.TRAY),
    _flag,
    _flag_text,
)
# When `check` first found no notification service, since one last showed something: it says
# where to look once, not at every run from cron. Absent while notifications get through.
CHECK_UNSHOWN_SINCE: SettingSpec[datetime | None] = SettingSpec(
    "reminders.check_unshown_since",
    "ISO instant",
    None,
    (Shown.CHECK,),
    datetime.fromisoformat,
    lambda at: "" if at is None else at.isoformat(),
)
# This database's own random id, made with the records (migration 9): exported cards'
# UIDs come from it, so two data folders never give the same UID to different people.
RECORDS_ID: SettingSpec[UUID | None] = SettingSpec(
    "records.id",
    "UUID",
    None,
    (Shown.RECORDS,),
    UUID,
    lambda value: "" if value is None else str(value),
)


def _zone_name(text: str) -> str:
    """A zone's name as ``str(zone)`` gives it (``Europe/Berlin``, a POSIX rule): no spaces."""
    if not text or any(char.isspace() for char in text):
        raise ValueError(f"not a zone name: {text!r}")
    return text


# The zone the Insights' stored weekdays and hours were worked out in; another zone at the
# next reading recomputes them all (the user moved).
INSIGHTS_ZONE: SettingSpec[str | None] = SettingSpec(
    "insights.zone",
    "zone name",
    None,
    (Shown.INSIGHTS,),
    _zone_name,
    lambda value: value or "",
)
MAIL_SYNC_MINUTES = SettingSpec(
    "mail.sync_minutes", "whole minutes", 15, (Shown.MAIL_TAB,), _positive(int), str
)
MY_NAME = SettingSpec("profile.my_name", "text", "", _MESSAGES, _text, str.strip)
TEMPLATE_PREFIX = "template."
TEMPLATES = {
    (name, part): SettingSpec(
        f"{TEMPLATE_PREFIX}{name.value}.{part}",
        "text",
        getattr(DEFAULT_TEMPLATES[name], part),
        _MESSAGES,
        _text,
        _text,
    )
    for name in TemplateName
    for part in ("subject", "body")
}
WINDOW_GEOMETRY = SettingSpec(
    f"{UI_STATE_PREFIX}geometry", "base64", "", (Shown.WINDOW,), _text, _text
)
TODAY_SPLITTER = SettingSpec(
    f"{UI_STATE_PREFIX}splitter", "base64", "", (Shown.WINDOW,), _text, _text
)
TRAY_HINT_SHOWN = SettingSpec(
    f"{UI_STATE_PREFIX}tray_hint_shown", "1 or 0", False, (Shown.WINDOW,), _flag, _flag_text
)
START_IN_TRAY = SettingSpec(
    f"{UI_STATE_PREFIX}{START_MINIMISED}", "1 or 0", False, _REMINDERS, _flag, _flag_text
)

# The table holds settings of every type: SettingSpec[Any] (a spec's parse and format make
# it invariant, so SettingSpec[object] would admit none of them).
AnySpec = SettingSpec[Any]

SETTINGS: tuple[AnySpec, ...] = (
    DEFAULT_TYPICAL_REPLY,
    MIN_SILENCE,
    MULTIPLIER,
    *STAGE_DAYS.values(),
    DEADLINE_WARNING_DAYS,
    QUIET_HOURS,
    PAUSED,
    CHECK_UNSHOWN_SINCE,
    RECORDS_ID,
    INSIGHTS_ZONE,
    MAIL_SYNC_MINUTES,
    MY_NAME,
    *TEMPLATES.values(),
    WINDOW_GEOMETRY,
    TODAY_SPLITTER,
    TRAY_HINT_SHOWN,
    START_IN_TRAY,
)
"""Every setting there is; a key not here is not one of ours."""


def stored_text(specs: Iterable[AnySpec]) -> dict[str, str]:
    """The stored text of these settings, by key (missing ones are left out)."""
    keys = [spec.key for spec in specs]
    return {row.key: row.value for row in Setting.select().where(Setting.key.in_(keys))}


def value_of(spec: SettingSpec[T], stored: dict[str, str]) -> T:
    """The setting's value in ``stored``; its default when missing or damaged (never a crash)."""
    if spec.key not in stored:
        return spec.default
    try:
        return spec.parse(stored[spec.key])
    except ValueError:
        return spec.default


def load(spec: SettingSpec[T]) -> T:
    """One setting as stored, or its default."""
    return value_of(spec, stored_text([spec]))


def save(values: Iterable[tuple[SettingSpec[T], T]]) -> None:
    """Stores these settings in one transaction."""
    with database.atomic():
        for spec, value in values:
            Setting.replace(key=spec.key, value=spec.format(value)).execute()


def forget(specs: Iterable[AnySpec]) -> None:
    """Drops these settings so their defaults apply again."""
    Setting.delete().where(Setting.key.in_([spec.key for spec in specs])).execute()


def records_id() -> UUID:
    """This database's id, made and stored the first time it is asked for; two processes
    asking at once keep whichever was stored first."""
    known = load(RECORDS_ID)
    if known is not None:
        return known
    with database.atomic():
        made = RECORDS_ID.format(uuid4())
        Setting.insert(key=RECORDS_ID.key, value=made).on_conflict_ignore().execute()
        stored = load(RECORDS_ID)
    if stored is None:  # a damaged value: replaced, as a damaged setting gets its default
        save([(RECORDS_ID, UUID(made))])
        return UUID(made)
    return stored


def load_attention_settings() -> AttentionSettings:
    """The engine's settings: what the user stored, the documented defaults for the rest."""
    engine: tuple[AnySpec, ...] = (
        DEFAULT_TYPICAL_REPLY,
        MIN_SILENCE,
        MULTIPLIER,
        *STAGE_DAYS.values(),
        DEADLINE_WARNING_DAYS,
    )
    stored = stored_text(engine)
    return replace(
        _ENGINE,
        default_typical_reply=value_of(DEFAULT_TYPICAL_REPLY, stored),
        min_silence=value_of(MIN_SILENCE, stored),
        multiplier=value_of(MULTIPLIER, stored),
        stage_days=tuple((stage, value_of(STAGE_DAYS[stage], stored)) for stage in Stage),
        deadline_warning_days=value_of(DEADLINE_WARNING_DAYS, stored),
    )


def save_attention_settings(settings: AttentionSettings) -> None:
    """Stores every engine setting (durations in whole hours)."""
    values: list[tuple[AnySpec, object]] = [
        (DEFAULT_TYPICAL_REPLY, settings.default_typical_reply),
        (MIN_SILENCE, settings.min_silence),
        (MULTIPLIER, settings.multiplier),
        *((STAGE_DAYS[stage], days) for stage, days in settings.stage_days),
        (DEADLINE_WARNING_DAYS, settings.deadline_warning_days),
    ]
    save(values)


@dataclass(frozen=True)
class ReminderSettings:
    """The user's reminder settings; the defaults are the table's (20:00 to 08:00, not paused)."""

    quiet_hours: QuietHours | None = QUIET_HOURS.default
    paused: bool = PAUSED.default


def load_reminder_settings() -> ReminderSettings:
    """Quiet hours and pause as stored; a damaged value falls back to its default."""
    stored = stored_text([QUIET_HOURS, PAUSED])
    return ReminderSettings(value_of(QUIET_HOURS, stored), value_of(PAUSED, stored))


def load_ui_state() -> dict[str, str]:
    """The window's remembered values, by name without the prefix."""
    rows = Setting.select().where(Setting.key.startswith(UI_STATE_PREFIX))
    return {row.key[len(UI_STATE_PREFIX) :]: row.value for row in rows}


def save_ui_state(values: dict[str, str]) -> None:
    """Remembers these window values, by name without the prefix."""
    with database.atomic():
        for name, value in values.items():
            Setting.replace(key=UI_STATE_PREFIX + name, value=value).execute()
