"""The follow-up ladder (docs/rules.md §2): the next step, on which channel, at what hour."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum

from freelance_ghost.core.facts import ClientFacts
from freelance_ghost.core.kinds import Channel

NOON = 12
MORNING_HOUR = 10
AFTERNOON_HOUR = 15


class Action(StrEnum):
    """What to do about a silence, one rung per unanswered attempt."""

    FOLLOW_UP = "follow_up"
    SWITCH_CHANNEL = "switch_channel"
    SWITCH_TIME = "switch_time"
    FINAL_MESSAGE = "final_message"
    LET_GO = "let_go"


@dataclass(frozen=True)
class Suggestion:
    """The next step: an action, with the channel or local hour where they apply."""

    action: Action
    channel: Channel | None = None
    hour: int | None = None


_RUNGS = (Action.FOLLOW_UP, Action.SWITCH_CHANNEL, Action.SWITCH_TIME, Action.FINAL_MESSAGE)


def ladder_step(attempts: int) -> Action:
    """The rung for ``attempts`` unanswered attempts (1 or more): the fifth and later let go."""
    if attempts < 1:
        raise ValueError("the ladder starts at the first unanswered attempt")
    return _RUNGS[attempts - 1] if attempts <= len(_RUNGS) else Action.LET_GO


def needs_channels(attempts: int) -> bool:
    """Whether the suggestion depends on the client's known channels."""
    return ladder_step(attempts) is Action.SWITCH_CHANNEL


def needs_hours(attempts: int) -> bool:
    """Whether the suggestion may depend on the hours the client writes at."""
    return ladder_step(attempts) in (Action.SWITCH_CHANNEL, Action.SWITCH_TIME)


def suggest(facts: ClientFacts, zone: tzinfo) -> Suggestion:
    """The next step for a silent client."""
    action = ladder_step(facts.attempts)
    if action is Action.FOLLOW_UP:
        return Suggestion(action, channel=facts.last_attempt_channel)
    if action is Action.SWITCH_CHANNEL:
        channel = other_channel(facts)
        if channel is not None:
            return Suggestion(action, channel=channel)
        return Suggestion(Action.SWITCH_TIME, hour=better_hour(facts, zone))
    if action is Action.SWITCH_TIME:
        return Suggestion(action, hour=better_hour(facts, zone))
    return Suggestion(action)


def other_channel(facts: ClientFacts) -> Channel | None:
    """A channel no unanswered attempt used: where they last wrote from, else the first in order."""
    tried = facts.unanswered_channels
    latest = facts.last_inbound_channel
    if latest is not None and latest not in tried:
        return latest
    for channel in Channel:  # declared in the order phone, email, video, sms, social, ...
        if channel in facts.known_channels and channel not in tried:
            return channel
    return None


def better_hour(facts: ClientFacts, zone: tzinfo) -> int:
    """The local hour the client most often writes at (ties: the earliest).

    With no message from them on record: mornings if we last wrote in the afternoon, and
    afternoons if we last wrote in the morning.
    """
    if facts.inbound_hours:
        counts = Counter(facts.inbound_hours)
        return min(counts, key=lambda hour: (-counts[hour], hour))
    assert facts.last_attempt is not None  # a silence always has an attempt
    return MORNING_HOUR if facts.last_attempt.astimezone(zone).hour >= NOON else AFTERNOON_HOUR
