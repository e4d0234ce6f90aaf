"""What works with whom (docs/insights.md): the figures' formulas over counts the store sums.

The store hands over aggregates (how many messages, how many answered, a median); this module
decides what each figure is, hides a figure that rests on too few cases, and writes the
figures as the ``insights --json`` object the window's tables show too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from freelance_ghost.core.attention import MIN_COMMITTED_CLIENTS, commitment_benchmark
from freelance_ghost.core.clock import from_micros, to_micros
from freelance_ghost.core.plurals import counted

MIN_CASES = 5
"""A figure resting on fewer cases than this is hidden: it would say more about luck."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LET_GO_STEP = 5
"""From this many unanswered attempts the ladder says let go (docs/rules.md §2)."""


class QuietStage:
    """Where a relationship stood when a silence began that was never answered."""

    LEAD = "lead"  # no project, no invoice yet
    PROJECT = "project"  # a project, no invoice yet
    INVOICED = "invoiced"  # after an invoice

    ALL = (LEAD, PROJECT, INVOICED)


@dataclass(frozen=True)
class ReplyGroup:
    """Messages you sent in one group (a channel, a weekday, an hour) and how they fared."""

    key: str
    sent: int
    answered: int
    median_reply: timedelta | None  # over the answered ones


@dataclass(frozen=True)
class PayTime:
    """A client's invoices paid in full and how long they took (issued to fully paid)."""

    client: str
    invoices: int
    median_days: float


@dataclass(frozen=True)
class InsightCounts:
    """Every aggregate the figures need, as the store sums them."""

    by_channel: tuple[ReplyGroup, ...] = ()
    by_weekday: tuple[ReplyGroup, ...] = ()  # keys "0" (Monday) to "6"
    by_hour: tuple[ReplyGroup, ...] = ()  # keys "0" to "23", local hours
    replies_after: tuple[tuple[int, int], ...] = ()  # (attempts, replies); 5 = 5 or more
    let_go: int = 0  # silences that reached the let-go step and were never answered
    gone_quiet: tuple[tuple[str, int], ...] = ()  # (QuietStage, silences)
    committed_counts: tuple[int, ...] = ()
    paid_invoices: int = 0
    median_days_to_pay: float | None = None
    mean_days_to_pay: float | None = None
    pay_times: tuple[PayTime, ...] = ()


def offset_spans(zone: tzinfo, start: datetime, end: datetime) -> list[tuple[int, int]]:
    """(from micros, UTC offset micros) for each stretch of constant offset in [start, end].

    SQL adds the offset of each message's stretch to find its local weekday and hour, so
    daylight saving is respected without a Python call per message. Offsets are probed daily
    and each change found to the microsecond by halving; a zone changes a few times a year.
    """
    spans = [(to_micros(start), _offset(zone, start))]
    probe = start
    while probe < end:
        step = min(probe + timedelta(days=1), end)
        if _offset(zone, step) != _offset(zone, probe):
            spans.append((_change(zone, to_micros(probe), to_micros(step)), _offset(zone, step)))
        probe = step
    return spans


def _change(zone: tzinfo, low: int, high: int) -> int:
    """The first microsecond in (low, high] with the offset ``high`` has."""
    before = _offset(zone, from_micros(low))
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(zone, from_micros(middle)) == before:
            low = middle
        else:
            high = middle
    return high


def _offset(zone: tzinfo, at: datetime) -> int:
    offset = at.astimezone(zone).utcoffset()
    return (offset or timedelta(0)) // timedelta(microseconds=1)


def rate(part: int, whole: int) -> float | None:
    """part / whole, rounded to 3 places; none for no cases."""
    return round(part / whole, 3) if whole else None


def _hours(span: timedelta | None) -> float | None:
    return None if span is None else round(span / timedelta(hours=1), 1)


def _figure(cases: int, **values: Any) -> dict[str, Any]:
    """A figure with its case count; below MIN_CASES only the count, marked hidden."""
    if cases < MIN_CASES:
        return {"cases": cases, "hidden": True}
    return {"cases": cases, **values}


def _reply_rows(groups: Sequence[ReplyGroup], name: str, label: Any) -> list[dict[str, Any]]:
    return [
        {
            name: label(group.key),
            **_figure(
                group.sent,
                reply_rate=rate(group.answered, group.sent),
                median_reply_hours=_hours(group.median_reply),
            ),
        }
        for group in groups
    ]


def commitment_distribution(counts: Sequence[int]) -> list[tuple[int, int]]:
    """(interactions before commitment, clients) for each count that occurs, smallest first."""
    found: dict[int, int] = {}
    for count in counts:
        found[count] = found.get(count, 0) + 1
    return sorted(found.items())


def insights_json(counts: InsightCounts, since: date | None) -> dict[str, Any]:
    """Every figure with the number of cases it rests on (docs/insights.md)."""
    replies = sum(replied for _, replied in counts.replies_after)
    quiet = sum(silences for _, silences in counts.gone_quiet)
    committed = len(counts.committed_counts)
    benchmark = commitment_benchmark(counts.committed_counts)
    paying = [pay for pay in counts.pay_times if pay.invoices >= MIN_CASES]
    return {
        "since": since.isoformat() if since else None,
        "minimum_cases": MIN_CASES,
        "replies": {
            "by_channel": _reply_rows(counts.by_channel, "channel", str),
            "by_weekday": _reply_rows(counts.by_weekday, "weekday", lambda k: WEEKDAYS[int(k)]),
            "by_hour": _reply_rows(counts.by_hour, "hour", int),
        },
        "ladder": _figure(
            replies + counts.let_go,
            replies_after=[
                {"attempts": attempts, "replies": replied}
                for attempts, replied in counts.replies_after
            ],
            let_go=counts.let_go,
        ),
        "gone_quiet": _figure(
            quiet,
            stages=[
                {"stage": stage, "silences": silences} for stage, silences in counts.gone_quiet
            ],
        ),
        "before_commitment": {
            "cases": committed,
            "benchmark": benchmark,
            "enough_history": benchmark is not None,
            "distribution": [
                {"interactions": interactions, "clients": clients}
                for interactions, clients in commitment_distribution(counts.committed_counts)
            ],
        },
        "days_to_pay": _figure(
            counts.paid_invoices,
            median_days=counts.median_days_to_pay,
            mean_days=counts.mean_days_to_pay,
            by_client=[
                {"client": pay.client, "invoices": pay.invoices, "median_days": pay.median_days}
                for pay in sorted(paying, key=lambda pay: pay.client.casefold())
            ],
            slowest=[
                pay.client
                for pay in sorted(paying, key=lambda pay: (-pay.median_days, pay.client))[:5]
            ],
        ),
    }


def _shown(figure: dict[str, Any], text: str) -> str:
    cases = counted(figure["cases"], "case", "cases")
    if figure.get("hidden"):
        return f"not enough cases yet ({cases}; {MIN_CASES} needed)"
    return f"{text} ({cases})"


def _reply_line(row: dict[str, Any], name: str) -> str:
    if row.get("hidden"):
        return f"  {row[name]}: " + _shown(row, "")
    median = row["median_reply_hours"]
    within = f", median reply {median} h" if median is not None else ""
    return f"  {row[name]}: " + _shown(row, f"{round(row['reply_rate'] * 100)}% answered{within}")


def insights_text(data: dict[str, Any]) -> str:
    """The figures as lines a person reads in a terminal, each with its cases."""
    since = f" since {data['since']}" if data["since"] else ""
    lines = [f"What works with whom{since}", ""]
    for title, key, name in (
        ("Replies by channel", "by_channel", "channel"),
        ("Replies by weekday of your message", "by_weekday", "weekday"),
        ("Replies by hour of your message", "by_hour", "hour"),
    ):
        rows = data["replies"][key]
        lines.append(f"{title}:" if rows else f"{title}: no messages yet")
        lines.extend(_reply_line(row, name) for row in rows)
    ladder = data["ladder"]
    steps = ", ".join(
        f"{step['replies']} after {step['attempts']}" for step in ladder.get("replies_after", [])
    )
    lines.append(
        "Replies by attempt: " + _shown(ladder, f"{steps}; let go: {ladder.get('let_go')}")
    )
    quiet = data["gone_quiet"]
    stages = ", ".join(f"{s['stage']} {s['silences']}" for s in quiet.get("stages", []))
    lines.append("Where clients go quiet: " + _shown(quiet, stages))
    before = data["before_commitment"]
    if before["enough_history"]:
        lines.append(
            f"Interactions before commitment: B = {before['benchmark']} "
            f"({counted(before['cases'], 'committed client', 'committed clients')})"
        )
    else:
        lines.append(
            "Interactions before commitment: not enough history yet "
            f"({counted(before['cases'], 'committed client', 'committed clients')}; "
            f"{MIN_COMMITTED_CLIENTS} needed)"
        )
    pay = data["days_to_pay"]
    slowest = ", ".join(pay.get("slowest", [])) or "none with enough invoices"
    lines.append(
        "Days to pay: "
        + _shown(
            pay, f"median {pay.get('median_days')}, mean {pay.get('mean_days')}; slowest: {slowest}"
        )
    )
    return "\n".join(lines) + "\n"
