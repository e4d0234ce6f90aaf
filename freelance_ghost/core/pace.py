"""A client's own pace and the state of the conversation: reply delays, attempts, commitments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from statistics import median

from freelance_ghost.core.kinds import Direction

REPLY_DELAYS_KEPT = 10
MIN_REPLY_DELAYS = 3


def reply_delays(
    history: Iterable[tuple[int, Direction | str]], keep: int = REPLY_DELAYS_KEPT
) -> list[int]:
    """The latest ``keep`` reply delays (microseconds, oldest first) of a time-ordered history.

    A reply delay runs from the first outbound message after the previous inbound one to the
    next inbound one: each inbound counts once, and follow-ups in between do not shorten it.
    """
    delays: list[int] = []
    first_unanswered: int | None = None
    for occurred_at, direction in history:
        if direction == Direction.OUT:
            if first_unanswered is None:
                first_unanswered = occurred_at
        elif first_unanswered is not None:
            delays.append(occurred_at - first_unanswered)
            first_unanswered = None
    return delays[-keep:]


def typical_reply(delays: Sequence[int], default: int) -> int:
    """The median of the delays, or ``default`` while fewer than three are on record."""
    if len(delays) < MIN_REPLY_DELAYS:
        return default
    return int(median(delays))


@dataclass(frozen=True)
class ConversationSummary:
    """Everything the engine needs from one client's interactions, in a few numbers."""

    last_in: int | None = None
    last_in_channel: str | None = None
    last_in_contact_id: int | None = None
    last_out: int | None = None
    last_out_channel: str | None = None
    last_any: int | None = None
    attempts: int = 0
    first_attempt: int | None = None
    unanswered_channels: tuple[str, ...] = ()
    reply_delays: tuple[int, ...] = ()
    commitments: tuple[tuple[str, str, int | None], ...] = ()  # (next step, due, contact id)


TouchRow = tuple[int, str, str, int | None, str, str | None]
"""One interaction as a summary reads it: occurred_at (UTC microseconds), direction, channel,
contact id, next step, next step due (``YYYY-MM-DD``)."""
_IN = Direction.IN.value


def summarize_newest_first(rows: Iterable[TouchRow]) -> ConversationSummary:
    """The summary of a client's interactions given newest first (ties: the later stored first).

    It stops reading as soon as nothing older can change the summary: once the kept reply
    delays are complete (an older message of theirs ends the stretch they are measured on,
    see :func:`reply_delays`) and the rows at the latest instant, which hold the open
    commitments, are all read. Ten years of history then cost a few dozen rows.
    """
    newest_first = iter(rows)
    newest = next(newest_first, None)
    if newest is None:
        return ConversationSummary()
    last_any = newest[0]
    last_in: TouchRow | None = None
    last_out: TouchRow | None = None
    commitments: list[tuple[str, str, int | None]] = []
    after_last_in: list[TouchRow] = []  # our messages newer than every one of theirs
    tail: list[tuple[int, str]] = []  # the stretch the kept reply delays are measured on
    delays, measuring = 0, True
    answered, theirs_after = False, False  # ours since (going back) a message of theirs
    for row in chain((newest,), newest_first):
        at, direction = row[0], row[1]
        if at == last_any and row[5] is not None:
            commitments.append((row[4], row[5], row[3]))
        if direction == _IN:
            last_in = last_in or row
            delays += answered
            measuring = measuring and delays < REPLY_DELAYS_KEPT
            theirs_after, answered = True, False
        else:
            last_out = last_out or row
            if last_in is None:
                after_last_in.append(row)
            answered = answered or theirs_after
        if measuring:
            tail.append((at, direction))
        elif at < last_any:
            break  # older rows are older than the commitments too
    unanswered = [r for r in after_last_in if last_in is None or r[0] > last_in[0]]
    return ConversationSummary(
        last_in=last_in[0] if last_in else None,
        last_in_channel=last_in[2] if last_in else None,
        last_in_contact_id=last_in[3] if last_in else None,
        last_out=last_out[0] if last_out else None,
        last_out_channel=last_out[2] if last_out else None,
        last_any=last_any,
        attempts=len(unanswered),
        first_attempt=unanswered[-1][0] if unanswered else None,
        unanswered_channels=tuple(sorted({r[2] for r in unanswered})),
        reply_delays=tuple(reply_delays(reversed(tail))),
        commitments=tuple(reversed(commitments)),
    )
