"""Today's list: everything that needs attention now, minus what the freelancer snoozed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from freelance_ghost.core.report import ReportedItem
from freelance_ghost.services.attention import attention_at
from freelance_ghost.services.reminders import item_key
from freelance_ghost.store.reminders import active_snoozes


@dataclass(frozen=True)
class Today:
    """What needs attention at one moment, and the part of it Today shows."""

    everything: list[ReportedItem]  # a snooze hides an item, it does not make a client healthy
    shown: list[ReportedItem]


def today_at(now: datetime, zone: tzinfo) -> Today:
    """Every item due at ``now``, and those of them not snoozed beyond ``now``."""
    everything = attention_at(now, zone)
    snoozed = active_snoozes(now)
    shown = [reported for reported in everything if str(item_key(reported.item)) not in snoozed]
    return Today(everything, shown)
