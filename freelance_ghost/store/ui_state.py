"""The window's remembered geometry and splitters, kept with the data (not in the registry)."""

from __future__ import annotations

from freelance_ghost.store.inspection import UI_STATE_PREFIX as _PREFIX
from freelance_ghost.store.models import Setting, database


def load_ui_state() -> dict[str, str]:
    """Every remembered value, by name."""
    rows = Setting.select().where(Setting.key.startswith(_PREFIX))
    return {row.key[len(_PREFIX) :]: row.value for row in rows}


def save_ui_state(values: dict[str, str]) -> None:
    """Remembers these values."""
    with database.atomic():
        for name, value in values.items():
            Setting.replace(key=_PREFIX + name, value=value).execute()
