"""Conversation summaries: each client's interactions boiled down once, so the engine stays fast."""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import closing

from freelance_ghost.core.pace import ConversationSummary, summarize_newest_first
from freelance_ghost.store.models import database
from freelance_ghost.store.sent_messages import mark_stale, refresh_sent_messages

_NEWEST_FIRST_SQL = (
    "SELECT occurred_at, direction, channel, contact_id, next_step, next_step_due "
    "FROM interaction WHERE client_id = ? ORDER BY occurred_at DESC, id DESC"
)


def compute_summaries(client_ids: Iterable[int]) -> dict[int, ConversationSummary]:
    """Summaries computed afresh from the interactions of these clients.

    Each client's rows are read newest first through its index and only as far back as
    the summary reaches (core.pace), so a long history costs what a short one does.
    """
    connection = database.connection()
    summaries = {}
    for client_id in sorted(set(client_ids)):
        with closing(connection.execute(_NEWEST_FIRST_SQL, (client_id,))) as rows:
            summaries[client_id] = summarize_newest_first(rows)
    return summaries


_REPLACE_SQL = (
    "INSERT OR REPLACE INTO conversation (client_id, last_in, last_in_channel, "
    "last_in_contact_id, last_out, last_out_channel, last_any, attempts, first_attempt, "
    "unanswered_channels, reply_delays, commitments, first_due) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def refresh_conversations(client_ids: Iterable[int], *, bulk: bool = False) -> None:
    """Recomputes and stores the summaries of these clients (after writing their interactions),
    and their sent messages for the Insights page: every writer of interactions calls this.

    A bulk writer (an import) only marks the sent messages stale: the Insights recompute them
    when next read, so a large import does not pay for a page that may not be opened.
    Plain SQL: after a large import, peewee building the rows took as long as computing them.
    """
    summaries = compute_summaries(client_ids)
    rows = [_row(client_id, summary) for client_id, summary in summaries.items()]
    with database.atomic():
        database.connection().executemany(_REPLACE_SQL, rows)
        if bulk:
            mark_stale(database.connection(), summaries)
        else:
            refresh_sent_messages(database.connection(), summaries)


def _row(client_id: int, summary: ConversationSummary) -> tuple[object, ...]:
    """The summary's columns in the order of ``_REPLACE_SQL``."""
    dues = [due for _, due, _ in summary.commitments]
    return (
        client_id,
        summary.last_in,
        summary.last_in_channel,
        summary.last_in_contact_id,
        summary.last_out,
        summary.last_out_channel,
        summary.last_any,
        summary.attempts,
        summary.first_attempt,
        ",".join(summary.unanswered_channels),
        ",".join(map(str, summary.reply_delays)),
        json.dumps(summary.commitments, ensure_ascii=False),
        min(dues) if dues else None,
    )


def decode_summary(
    last_in: int | None,
    last_in_channel: str | None,
    last_in_contact_id: int | None,
    last_out: int | None,
    last_out_channel: str | None,
    last_any: int | None,
    attempts: int,
    first_attempt: int | None,
    unanswered_channels: str,
    reply_delays: str,
    commitments: str,
) -> ConversationSummary:
    """A stored row back into a summary (the columns in table order)."""
    return ConversationSummary(
        last_in=last_in,
        last_in_channel=last_in_channel,
        last_in_contact_id=last_in_contact_id,
        last_out=last_out,
        last_out_channel=last_out_channel,
        last_any=last_any,
        attempts=attempts,
        first_attempt=first_attempt,
        unanswered_channels=tuple(unanswered_channels.split(",")) if unanswered_channels else (),
        reply_delays=tuple(int(d) for d in reply_delays.split(",")) if reply_delays else (),
        commitments=tuple(tuple(c) for c in json.loads(commitments)),
    )
