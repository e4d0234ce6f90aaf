"""A timeline's events: messages, invoice moments and check-ins, and the sequences holding them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import overload

from freelance_ghost.core.kinds import Channel, Direction
from freelance_ghost.core.money import Money


@dataclass(frozen=True)
class Message:
    """One interaction: who reached whom, how, and what it was about."""

    at: datetime
    direction: Direction
    channel: Channel
    contact: str
    summary: str
    interaction_id: int = 0


@dataclass(frozen=True)
class MessageLog(Sequence[Message]):
    """A client's messages in stored order, kept as the columns they are read in.

    A long relationship has tens of thousands: its silences and the timeline's marks need only
    the moments and directions, the history list only the rows on screen, so a Message is made
    when one is asked for.
    """

    at: tuple[datetime, ...] = ()
    direction: tuple[Direction, ...] = ()
    channel: tuple[Channel, ...] = ()
    contact: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    interaction_id: tuple[int, ...] = ()

    @classmethod
    def of(cls, messages: Iterable[Message]) -> MessageLog:
        """The log of these messages, in the order given."""
        rows = [
            (m.at, m.direction, m.channel, m.contact, m.summary, m.interaction_id) for m in messages
        ]
        return cls(*zip(*rows, strict=True)) if rows else cls()

    def __len__(self) -> int:
        return len(self.at)

    @overload
    def __getitem__(self, index: int) -> Message: ...

    @overload
    def __getitem__(self, index: slice) -> list[Message]: ...

    def __getitem__(self, index: int | slice) -> Message | list[Message]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return Message(
            self.at[index],
            self.direction[index],
            self.channel[index],
            self.contact[index],
            self.summary[index],
            self.interaction_id[index],
        )

    def __iter__(self) -> Iterator[Message]:
        return map(
            Message,
            self.at,
            self.direction,
            self.channel,
            self.contact,
            self.summary,
            self.interaction_id,
        )


class InvoiceStep(StrEnum):
    """The moments of an invoice's life the timeline marks."""

    ISSUED = "issued"
    DUE = "due"
    PAID = "paid"


@dataclass(frozen=True)
class InvoiceEvent:
    """An invoice issued or falling due (``amount`` invoiced), or a payment (``amount`` paid).

    ``outstanding`` is what was still owed right after the moment.
    """

    at: datetime
    step: InvoiceStep
    invoice: str
    amount: Money
    outstanding: Money
    invoice_id: int = 0


@dataclass(frozen=True)
class CheckinMark:
    """A scheduled check-in that came due (or comes due next) with no touch point before it."""

    at: datetime
    cadence_days: int
    channel: Channel | None


TimelineEvent = Message | InvoiceEvent | CheckinMark


@dataclass(frozen=True)
class Events(Sequence[TimelineEvent]):
    """A timeline's events in time order; its messages stay in their log until asked for.

    Event ``i`` is ``messages[order[i]]``, or, when ``order[i]`` is ``len(messages)`` or more,
    ``others[order[i] - len(messages)]`` (the invoice events and check-ins).
    """

    messages: MessageLog
    others: tuple[InvoiceEvent | CheckinMark, ...]
    order: tuple[int, ...]

    @classmethod
    def in_time_order(
        cls, messages: MessageLog, invoices: Sequence[InvoiceEvent], checkins: Sequence[CheckinMark]
    ) -> Events:
        """Time order; at the same instant messages, then invoice events, then check-ins.

        Python's sort is stable, so numbering the kinds in that order settles ties.
        """
        others: tuple[InvoiceEvent | CheckinMark, ...] = (*invoices, *checkins)
        moments = [*messages.at, *(event.at for event in others)]
        return cls(messages, others, tuple(sorted(range(len(moments)), key=moments.__getitem__)))

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, index: int) -> TimelineEvent: ...

    @overload
    def __getitem__(self, index: slice) -> list[TimelineEvent]: ...

    def __getitem__(self, index: int | slice) -> TimelineEvent | list[TimelineEvent]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        position = self.order[index]
        count = len(self.messages)
        return self.messages[position] if position < count else self.others[position - count]
