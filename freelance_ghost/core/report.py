"""Attention items as JSON (docs/attention-json.md) and as a table a person reads in a terminal."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from freelance_ghost.core.attention import (
    AttentionItem,
    CheckinItem,
    DeadlineItem,
    InvoiceItem,
    NextStepItem,
    SilenceItem,
    WindowShopperItem,
)
from freelance_ghost.core.clock import format_instant
from freelance_ghost.core.money import format_amount
from freelance_ghost.core.plurals import counted, form_for

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class ReportedItem:
    """An attention item with the sentence that explains it."""

    item: AttentionItem
    sentence: str


def _days(span: timedelta) -> float:
    return round(span / _DAY, 3)


def item_json(reported: ReportedItem, zone: tzinfo) -> dict[str, Any]:
    """One item with the fields of its kind and its sentence (docs/attention-json.md)."""
    item = reported.item
    data: dict[str, Any] = {"client": item.client, "kind": item.kind.value}
    if isinstance(item, SilenceItem):
        suggestion: dict[str, Any] = {"action": item.suggestion.action.value}
        if item.suggestion.channel is not None:
            suggestion["channel"] = item.suggestion.channel.value
        if item.suggestion.hour is not None:
            suggestion["hour"] = item.suggestion.hour
        data.update(
            level=item.level.value,
            attempts=item.attempts,
            last_attempt=format_instant(item.last_attempt, zone),
            threshold_days=_days(item.threshold),
            typical_reply_days=_days(item.typical_reply),
            suggestion=suggestion,
        )
    elif isinstance(item, CheckinItem):
        data.update(
            due=format_instant(item.due, zone),
            days_overdue=item.overdue // _DAY,
            channel=item.channel.value if item.channel else None,
        )
    elif isinstance(item, NextStepItem):
        data.update(next_step=item.next_step, due=item.due.isoformat())
    elif isinstance(item, InvoiceItem):
        data.update(
            invoice=item.invoice,
            amount_due=format_amount(item.amount_due),
            currency=item.amount_due.currency,
            days_overdue=item.days_overdue,
            stage=item.stage.value,
        )
    elif isinstance(item, DeadlineItem):
        data.update(project=item.project, due=item.due.isoformat(), days_left=item.days_left)
    elif isinstance(item, WindowShopperItem):
        data.update(interactions=item.interactions, benchmark=item.benchmark)
    data["sentence"] = reported.sentence
    return data


def attention_json(items: list[ReportedItem], at: datetime, zone: tzinfo) -> dict[str, Any]:
    """``{"at": ISO, "items": [...]}``, most urgent first."""
    return {"at": format_instant(at, zone), "items": [item_json(item, zone) for item in items]}


_LABELS = {
    "silence": "Follow up",
    "checkin_due": "Check in",
    "next_step_due": "Next step",
    "invoice_overdue": "Money",
    "deadline_due": "Deadline",
    "window_shopper": "Lead",
}


_TITLES = ("", "What", "Client", "Past due by")
# Under the table, so no column needs a guess: what "!" marks and what "Past due by" counts.
_URGENT_LEGEND = (
    "! urgent, listed first: a client who has ghosted you, or an invoice at its final notice."
)
_PAST_DUE_LEGEND = (
    "Past due by: how long since the follow-up, check-in, next step or payment fell due; "
    "a follow-up falls due when a silence passes the client's threshold."
)
# Said only when such an item is listed: their column is not a time past due.
_DEADLINE_LEGEND = (
    "For a deadline: “due in N days” before its day, “due today” on it, then the days it is late."
)
_LEAD_LEGEND = (
    "For a lead: how many exchanges more than your clients usually need before they commit "
    "(3 in 4 of them committed within that many)."
)


def _past_due(item: AttentionItem) -> str:
    """How long since the item fell due, in whole days; 'under a day' before the first.

    A deadline still ahead says how far ahead; a window shopper, how many exchanges past the
    benchmark: neither is past due in time.
    """
    if isinstance(item, WindowShopperItem):
        return f"{counted(item.over, 'exchange', 'exchanges')} more"
    if isinstance(item, DeadlineItem) and item.days_left >= 0:
        return f"due in {counted(item.days_left, 'day', 'days')}" if item.days_left else "due today"
    days = item.overdue // _DAY
    if days >= 1:
        return counted(days, "day", "days")
    return "under a day"


def attention_table(items: list[ReportedItem], at: datetime, zone: tzinfo) -> str:
    """A plain-text table: what, who, how long past due, and what to do, then a legend.

    The sentences wrap to the terminal's width.
    """
    when = at.astimezone(zone).strftime("%a %d %b %Y %H:%M")
    if not items:
        return f"Nothing needs your attention at {when}. Enjoy the quiet.\n"
    rows = [
        (
            "!" if r.item.urgent else " ",
            _LABELS[r.item.kind.value],
            r.item.client,
            _past_due(r.item),
        )
        for r in items
    ]
    widths = [max(len(title), *(len(row[i]) for row in rows)) for i, title in enumerate(_TITLES)]
    terminal = shutil.get_terminal_size((120, 24)).columns
    width = max(40, terminal - sum(widths) - 8)
    count = form_for(len(items), "1 item needs", f"{len(items)} items need")
    columns = "  ".join(title.ljust(w) for title, w in zip(_TITLES, widths, strict=True))
    lines = [f"{count} your attention at {when}", "", f"{columns}  What to do"]
    for row, reported in zip(rows, items, strict=True):
        prefix = "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        wrapped = textwrap.wrap(reported.sentence, width) or [""]
        lines.append(f"{prefix}  {wrapped[0]}")
        lines.extend(" " * (len(prefix) + 2) + more for more in wrapped[1:])
    lines.append("")
    for legend in _legends([reported.item for reported in items]):
        lines.extend(textwrap.wrap(legend, max(40, terminal)))
    return "\n".join(lines) + "\n"


def _legends(items: list[AttentionItem]) -> list[str]:
    """What the marks and the past-due column mean, for the kinds of item listed."""
    legends = [_URGENT_LEGEND] if any(item.urgent for item in items) else []
    legends.append(_PAST_DUE_LEGEND)
    if any(isinstance(item, DeadlineItem) for item in items):
        legends.append(_DEADLINE_LEGEND)
    if any(isinstance(item, WindowShopperItem) for item in items):
        legends.append(_LEAD_LEGEND)
    return legends
