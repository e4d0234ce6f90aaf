"""A client's own pace: reply delays and the typical reply time of SPEC 2.1."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
