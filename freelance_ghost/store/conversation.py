"""Conversation summaries: each client's interactions boiled down once, so the engine stays fast."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter

from peewee import chunked

from freelance_ghost.core.pace import ConversationSummary, Touch, summarize
from freelance_ghost.store.models import CHUNK, Conversation, database


def compute_summaries(client_ids: Iterable[int]) -> dict[int, ConversationSummary]:
    """Summaries computed afresh from the interactions of these clients."""
    ids = sorted(set(client_ids))
    touches: dict[int, list[Touch]] = {client_id: [] for client_id in ids}
    for chunk in chunked(ids, CHUNK):
        marks = ",".join("?" * len(chunk))
        rows = database.execute_sql(
            "SELECT client_id, occurred_at, direction, channel, contact_id, next_step, "
            f"next_step_due FROM interaction WHERE client_id IN ({marks}) "
            "ORDER BY client_id, occurred_at, id",
            chunk,
        )
        for client_id, group in groupby(rows, itemgetter(0)):
            touches[client_id] = [Touch(*row[1:]) for row in group]
    return {client_id: summarize(history) for client_id, history in touches.items()}


def refresh_conversations(client_ids: Iterable[int]) -> None:
    """Recomputes and stores the summaries of these clients (after writing their interactions)."""
    rows = [
        _row(client_id, summary) for client_id, summary in compute_summaries(client_ids).items()
    ]
    with database.atomic():
        for chunk in chunked(rows, CHUNK):
            Conversation.replace_many(chunk).execute()


def _row(client_id: int, summary: ConversationSummary) -> dict[str, object]:
    dues = [due for _, due, _ in summary.commitments]
    return {
        "client": client_id,
        "last_in": summary.last_in,
        "last_in_channel": summary.last_in_channel,
        "last_in_contact_id": summary.last_in_contact_id,
        "last_out": summary.last_out,
        "last_out_channel": summary.last_out_channel,
        "last_any": summary.last_any,
        "attempts": summary.attempts,
        "first_attempt": summary.first_attempt,
        "unanswered_channels": ",".join(summary.unanswered_channels),
        "reply_delays": ",".join(map(str, summary.reply_delays)),
        "commitments": json.dumps(summary.commitments, ensure_ascii=False),
        "first_due": min(dues) if dues else None,
    }


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
        commitments=tuple(tuple(c) for c in json.loads(commitments)),  # type: ignore[misc]
    )
