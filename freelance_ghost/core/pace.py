"""A client's own pace and the state of the conversation: reply delays, attempts, commitments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
class Touch:
    """One interaction as the conversation summary needs it."""

    occurred_at: int  # UTC microseconds
    direction: str
    channel: str
    contact_id: int | None = None
    next_step: str = ""
    next_step_due: str | None = None  # YYYY-MM-DD


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


def summarize(touches: Sequence[Touch]) -> ConversationSummary:
    """The summary of a client's interactions given in time order (ties in the order stored)."""
    if not touches:
        return ConversationSummary()
    inbound = [t for t in touches if t.direction == Direction.IN]
    outbound = [t for t in touches if t.direction == Direction.OUT]
    last_in = inbound[-1] if inbound else None
    last_out = outbound[-1] if outbound else None
    unanswered = [t for t in outbound if last_in is None or t.occurred_at > last_in.occurred_at]
    last_any = touches[-1].occurred_at
    return ConversationSummary(
        last_in=last_in.occurred_at if last_in else None,
        last_in_channel=last_in.channel if last_in else None,
        last_in_contact_id=last_in.contact_id if last_in else None,
        last_out=last_out.occurred_at if last_out else None,
        last_out_channel=last_out.channel if last_out else None,
        last_any=last_any,
        attempts=len(unanswered),
        first_attempt=unanswered[0].occurred_at if unanswered else None,
        unanswered_channels=tuple(sorted({t.channel for t in unanswered})),
        reply_delays=tuple(reply_delays((t.occurred_at, t.direction) for t in touches)),
        commitments=tuple(
            (t.next_step, t.next_step_due, t.contact_id)
            for t in touches
            if t.occurred_at == last_any and t.next_step_due is not None
        ),
    )
