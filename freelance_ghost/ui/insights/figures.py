"""The insights object cut into the page's figures: a chart's bars and the table behind it.

Qt-free, so what each figure shows is tested without a window. Every table cell keeps the
exact value of ``insights --json`` (the table shows it formatted and hands it back as is), so
what a person copies from the window is what the command prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from freelance_ghost.core.channels import channel_words
from freelance_ghost.core.insights import LET_GO_STEP
from freelance_ghost.core.plurals import counted

Shown = Callable[[Any], str]


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its length (none: too few cases to draw), and the words on it."""

    label: str
    value: float | None
    text: str
    note: str = ""
    marked: bool = False  # drawn apart: the benchmark B, or the silences let go


@dataclass(frozen=True)
class Column:
    """A table column: its header and how a value of the JSON object is written in it."""

    header: str
    shown: Shown


@dataclass(frozen=True)
class Figure:
    """One figure of the page: what it answers, the cases it rests on, its bars and table."""

    title: str
    question: str
    cases: str  # "81 messages sent"
    hidden: str  # why it is not drawn; empty when it is
    summary: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]  # the JSON values, one tuple per table row
    bars: tuple[Bar, ...]
    scale: float  # the value of a full-length bar


def _plain(value: Any) -> str:
    return "—" if value is None else str(value)


def _percent(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _hours(value: Any) -> str:
    return "—" if value is None else f"{value} h"


def _days(value: Any) -> str:
    return "—" if value is None else f"{value} days"


def hidden_reason(cases: int, minimum: int, word: tuple[str, str]) -> str:
    """The short explanation a figure shows instead of its chart below the minimum."""
    return (
        f"Not enough cases yet: {counted(cases, *word)}, {minimum} needed. "
        "Below that a figure says more about luck than about your clients."
    )


_REPLY_TABLES = (
    ("by_channel", "channel", "Channel", "When you write by each channel, do they answer?"),
    ("by_weekday", "weekday", "Weekday", "Does the weekday of your message matter?"),
    ("by_hour", "hour", "Hour", "Does the hour of your message (your local time) matter?"),
)
_REPLY_LABELS: dict[str, Shown] = {
    "hour": lambda hour: f"{hour:02d}:00",
    "channel": lambda channel: channel_words(channel).label,
}
_REPLY_COLUMNS = ("cases", "reply_rate", "median_reply_hours")
_SENT = ("message sent", "messages sent")


def reply_figure(data: dict[str, Any], key: str) -> Figure:
    """Reply rate and median reply time per channel, weekday or hour of your message."""
    _, name, header, question = next(table for table in _REPLY_TABLES if table[0] == key)
    groups = data["replies"][key]
    article = "An" if name == "hour" else "A"
    minimum = data["minimum_cases"]
    total = sum(group["cases"] for group in groups)
    label = _REPLY_LABELS.get(name, str)
    bars = tuple(
        Bar(
            label(group[name]),
            group.get("reply_rate"),
            "too few to tell"
            if group.get("hidden")
            else f"{_percent(group['reply_rate'])} answered"
            + (
                f", median {_hours(group['median_reply_hours'])}"
                if group["median_reply_hours"] is not None
                else ""
            ),
            counted(group["cases"], "sent", "sent"),
        )
        for group in groups
    )
    return Figure(
        title=f"Replies by {header.lower()}",
        question=question,
        cases=counted(total, *_SENT),
        hidden="" if total >= minimum else hidden_reason(total, minimum, _SENT),
        summary=f"{article} {header.lower()} with fewer than {minimum} messages is not rated."
        if total >= minimum
        else "",
        columns=(
            Column(header, label),
            Column("Messages sent", _plain),
            Column("Reply rate", _percent),
            Column("Median reply", _hours),
        ),
        rows=tuple(
            (group[name], *(group.get(column) for column in _REPLY_COLUMNS)) for group in groups
        ),
        bars=bars,
        scale=1.0,
    )


def ladder_figure(data: dict[str, Any]) -> Figure:
    """Replies by the attempt that brought them, and the silences let go."""
    ladder = data["ladder"]
    steps = ladder.get("replies_after", [])
    let_go = ladder.get("let_go")
    rows = tuple((step["attempts"], step["replies"]) for step in steps)
    if not ladder.get("hidden"):
        rows += (("let go", let_go),)
    bars = tuple(
        Bar(
            f"{LET_GO_STEP}th or later" if attempts == LET_GO_STEP else f"attempt {attempts}",
            replies,
            counted(replies, "reply", "replies"),
        )
        for attempts, replies in rows
        if attempts != "let go"
    ) + tuple(
        Bar("let go", count, counted(count, "silence", "silences"), marked=True)
        for attempts, count in rows
        if attempts == "let go"
    )
    word = ("case", "cases")
    return Figure(
        title="Which attempt brought the reply",
        question="Replies after your 1st, 2nd, 3rd… message since they last wrote; "
        "and silences that reached let go.",
        cases=counted(ladder["cases"], "reply or silence let go", "replies or silences let go"),
        hidden=_hidden(ladder, data, word),
        summary="",
        columns=(Column("Attempts", _plain), Column("Replies", _plain)),
        rows=rows,
        bars=bars,
        scale=max([bar.value or 0 for bar in bars], default=0),
    )


def quiet_figure(data: dict[str, Any]) -> Figure:
    """Where the relationship stood when a silence began that was never answered."""
    quiet = data["gone_quiet"]
    words = {"lead": "as a lead", "project": "with a project", "invoiced": "after an invoice"}
    rows = tuple((stage["stage"], stage["silences"]) for stage in quiet.get("stages", []))
    bars = tuple(
        Bar(words.get(stage, stage), count, counted(count, "silence", "silences"))
        for stage, count in rows
    )
    return Figure(
        title="Where clients go quiet",
        question="Silences never answered, by where the relationship stood when they began.",
        cases=counted(quiet["cases"], "silence", "silences"),
        hidden=_hidden(quiet, data, ("silence", "silences")),
        summary="",
        columns=(Column("Stage", _plain), Column("Silences", _plain)),
        rows=rows,
        bars=bars,
        scale=max([count for _, count in rows], default=0),
    )


def commitment_figure(data: dict[str, Any]) -> Figure:
    """How many interactions clients had before they committed, and the benchmark B."""
    before = data["before_commitment"]
    benchmark = before["benchmark"]
    rows = tuple((step["interactions"], step["clients"]) for step in before["distribution"])
    clients = ("committed client", "committed clients")
    bars = tuple(
        Bar(
            counted(interactions, "interaction", "interactions"),
            count,
            counted(count, "client", "clients") + ("  ← B" if interactions == benchmark else ""),
            marked=interactions == benchmark,
        )
        for interactions, count in rows
    )
    minimum = data["minimum_cases"]
    return Figure(
        title="Interactions before commitment",
        question="How many exchanges your clients needed before a first project or invoice.",
        cases=counted(before["cases"], *clients),
        hidden="" if before["enough_history"] else hidden_reason(before["cases"], minimum, clients),
        summary=f"Your clients usually commit within B = {benchmark}: a lead past that is "
        "window shopping."
        if before["enough_history"]
        else "Not enough history yet for a benchmark.",
        columns=(Column("Interactions before", _plain), Column("Clients", _plain)),
        rows=rows,
        bars=bars,
        scale=max([count for _, count in rows], default=0),
    )


def pay_figure(data: dict[str, Any]) -> Figure:
    """Days from issue to full payment: overall, and per client with enough paid invoices."""
    pay = data["days_to_pay"]
    rows: tuple[tuple[Any, ...], ...] = ()
    if not pay.get("hidden"):
        overall = ("All clients", pay["cases"], pay["median_days"], pay["mean_days"])
        rows = (
            overall,
            *(
                (client["client"], client["invoices"], client["median_days"], None)
                for client in pay["by_client"]
            ),
        )
    enough = data["minimum_cases"]
    slowest = ", ".join(pay.get("slowest", [])) or f"no client has {enough} paid invoices yet"
    return Figure(
        title="Days to pay",
        question="From issuing an invoice to the payment that settled it.",
        cases=counted(pay["cases"], "paid invoice", "paid invoices"),
        hidden=_hidden(pay, data, ("paid invoice", "paid invoices")),
        summary=f"Slowest payers: {slowest}." if not pay.get("hidden") else "",
        columns=(
            Column("Client", _plain),
            Column("Paid invoices", _plain),
            Column("Median", _days),
            Column("Mean", _days),
        ),
        rows=rows,
        bars=tuple(
            Bar(str(name), median, f"median {_days(median)}", counted(count, "invoice", "invoices"))
            for name, count, median, _ in rows
        ),
        scale=max([row[2] for row in rows], default=0),
    )


def _hidden(figure: dict[str, Any], data: dict[str, Any], word: tuple[str, str]) -> str:
    if not figure.get("hidden"):
        return ""
    return hidden_reason(figure["cases"], data["minimum_cases"], word)


def page_figures(data: dict[str, Any]) -> list[Figure]:
    """Every figure of the insights object, in the order docs/insights.md explains them."""
    replies: Sequence[Figure] = [reply_figure(data, key) for key, *_ in _REPLY_TABLES]
    return [
        *replies,
        ladder_figure(data),
        quiet_figure(data),
        commitment_figure(data),
        pay_figure(data),
    ]
