"""What the engine knows about each client and open invoice: plain frozen values, no queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.core.money import Money


@dataclass(frozen=True)
class Reachable:
    """One way to reach a person at the client."""

    contact: str
    channel: Channel
    address: str


@dataclass(frozen=True)
class Commitment:
    """A next step agreed in the client's latest interaction."""

    next_step: str
    due: date
    contact: str | None


@dataclass(frozen=True)
class ClientFacts:
    """One client's conversation as the attention rules need it (docs/rules.md §1 to §4, §6)."""

    client_id: int
    name: str
    status: ClientStatus
    last_inbound: datetime | None = None
    last_inbound_channel: Channel | None = None
    last_inbound_contact: str | None = None
    attempts: int = 0
    first_attempt: datetime | None = None
    last_attempt: datetime | None = None
    last_attempt_channel: Channel | None = None
    unanswered_channels: frozenset[Channel] = frozenset()
    reply_delays: tuple[timedelta, ...] = ()
    last_interaction: datetime | None = None
    cadence_days: int = 0
    schedule_channel: Channel | None = None
    schedule_set_at: datetime | None = None
    commitments: tuple[Commitment, ...] = ()
    min_silence: timedelta | None = None
    multiplier: float | None = None
    # Loaded only for clients whose silence item needs them (ladder steps 2 and 3, sentences):
    known_channels: frozenset[Channel] = frozenset()
    inbound_hours: tuple[int, ...] = ()
    reachable: tuple[Reachable, ...] = ()


@dataclass(frozen=True)
class OpenInvoice:
    """An invoice with money still owed on it."""

    client_id: int
    client: str
    number: str
    outstanding: Money
    due_on: date


@dataclass(frozen=True)
class ProjectDeadline:
    """An active project's deadline: the user's own promise (docs/rules.md §5a)."""

    client_id: int
    client: str
    project: str
    deadline: date


@dataclass(frozen=True)
class LeadExchanges:
    """A lead that has committed to nothing yet, and how many exchanges it has had."""

    client_id: int
    client: str
    interactions: int


@dataclass(frozen=True)
class Qualification:
    """What lead qualification needs (docs/rules.md §5b): every committed client's count of
    interactions before its commitment, and the uncommitted leads."""

    committed_counts: tuple[int, ...] = ()
    leads: tuple[LeadExchanges, ...] = ()
