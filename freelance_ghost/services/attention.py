"""What needs attention now: facts from the store, rules from core, sentences for people."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from freelance_ghost.core.attention import CheckinItem, SilenceItem, attention_items
from freelance_ghost.core.clock import local_date
from freelance_ghost.core.report import ReportedItem
from freelance_ghost.core.sentences import sentence
from freelance_ghost.store.attention import (
    attention_facts,
    open_invoices,
    project_deadlines,
    qualification,
    reachable_of,
)
from freelance_ghost.store.settings import load_attention_settings


def attention_at(now: datetime, zone: tzinfo) -> list[ReportedItem]:
    """Every attention item at ``now``, most urgent first, each with its sentence."""
    settings = load_attention_settings()
    facts = attention_facts(now, zone, settings)
    today = local_date(now, zone)
    invoices = open_invoices(today)
    deadlines = project_deadlines(today + timedelta(days=settings.deadline_warning_days))
    items = attention_items(
        facts,
        invoices,
        now,
        zone,
        settings,
        deadlines=deadlines,
        qualification=qualification(),
    )
    # Only silences and check-ins name a person and an address.
    reach = reachable_of(
        sorted({item.client_id for item in items if isinstance(item, SilenceItem | CheckinItem)})
    )
    return [
        ReportedItem(item, sentence(item, reach.get(item.client_id, ()), now, zone))
        for item in items
    ]
