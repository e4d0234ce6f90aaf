"""The insights at a moment: sums from the store, figures from core, the same for CLI and window."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from typing import Any

from freelance_ghost.core.insights import insights_json
from freelance_ghost.store.insights import insight_counts
from freelance_ghost.store.settings import load_attention_settings


def insights_at(now: datetime, zone: tzinfo, since: date | None = None) -> dict[str, Any]:
    """Every figure of docs/insights.md as the ``insights --json`` object.

    ``since`` is a local date: messages and invoices from its local midnight on count.
    """
    start = datetime.combine(since, time(), tzinfo=zone) if since else None
    quiet_after = load_attention_settings().min_silence
    return insights_json(insight_counts(start, now, zone, quiet_after), since)
