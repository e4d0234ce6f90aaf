"""Typed settings with their defaults declared once (the engine's come from core)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from freelance_ghost.core.attention import AttentionSettings
from freelance_ghost.store.models import Setting, database

_HOURS = ("default_typical_reply", "min_silence")
_STAGE_KEY = "stage_days."


def load_attention_settings() -> AttentionSettings:
    """The engine's settings: what the user stored, SPEC's defaults for the rest."""
    stored = {row.key: row.value for row in Setting.select()}
    settings = AttentionSettings()
    changes: dict[str, object] = {}
    for name in _HOURS:
        if name in stored:
            changes[name] = timedelta(hours=int(stored[name]))
    if "multiplier" in stored:
        changes["multiplier"] = float(stored["multiplier"])
    stages = tuple(
        (stage, int(stored.get(_STAGE_KEY + stage.value, days)))
        for stage, days in settings.stage_days
    )
    return replace(settings, **changes, stage_days=stages)


def save_attention_settings(settings: AttentionSettings) -> None:
    """Stores every engine setting (durations in whole hours)."""
    values = {name: str(int(getattr(settings, name) / timedelta(hours=1))) for name in _HOURS}
    values["multiplier"] = repr(settings.multiplier)
    values.update({_STAGE_KEY + stage.value: str(days) for stage, days in settings.stage_days})
    with database.atomic():
        for key, value in values.items():
            Setting.replace(key=key, value=value).execute()
