"""Typed settings with their defaults declared once (the engine's come from core)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import TypeVar

from freelance_ghost.core.attention import AttentionSettings
from freelance_ghost.store.models import Setting, database

_HOURS = ("default_typical_reply", "min_silence")
_N = TypeVar("_N", int, float)
_STAGE_KEY = "stage_days."


def load_attention_settings() -> AttentionSettings:
    """The engine's settings: what the user stored, the documented defaults for the rest."""
    stored = {row.key: row.value for row in Setting.select()}
    settings = AttentionSettings()
    return replace(
        settings,
        default_typical_reply=_hours(
            stored, "default_typical_reply", settings.default_typical_reply
        ),
        min_silence=_hours(stored, "min_silence", settings.min_silence),
        multiplier=_number(stored, "multiplier", settings.multiplier, float),
        stage_days=tuple(
            (stage, _number(stored, _STAGE_KEY + stage.value, days, int))
            for stage, days in settings.stage_days
        ),
    )


def _number(stored: dict[str, str], key: str, default: _N, kind: Callable[[str], _N]) -> _N:
    """A stored number, or the default when it is missing or damaged (never a crash)."""
    try:
        value = kind(stored[key])
    except (KeyError, ValueError):
        return default
    return value if value > 0 else default  # type: ignore[operator]


def _hours(stored: dict[str, str], key: str, default: timedelta) -> timedelta:
    hours = _number(stored, key, default // timedelta(hours=1), int)
    return timedelta(hours=hours)


def save_attention_settings(settings: AttentionSettings) -> None:
    """Stores every engine setting (durations in whole hours)."""
    values = {name: str(int(getattr(settings, name) / timedelta(hours=1))) for name in _HOURS}
    values["multiplier"] = repr(settings.multiplier)
    values.update({_STAGE_KEY + stage.value: str(days) for stage, days in settings.stage_days})
    with database.atomic():
        for key, value in values.items():
            Setting.replace(key=key, value=value).execute()
