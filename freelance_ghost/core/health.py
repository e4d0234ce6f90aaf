"""A client's health at a glance, from its attention items: the worst one decides."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from freelance_ghost.core.attention import (
    AttentionItem,
    InvoiceItem,
    Level,
    SilenceItem,
    WindowShopperItem,
)
from freelance_ghost.core.kinds import ClientStatus


class Health(IntEnum):
    """Worst first; the clients list shows it with an icon and words, never colour alone."""

    GHOSTED = 0
    QUIET = 1
    PAYMENT_OVERDUE = 2
    DUE = 3
    IN_TOUCH = 4
    CLOSED = 5

    @property
    def label(self) -> str:
        """The words shown next to the mark."""
        return _LABELS[self]


_LABELS = {
    Health.GHOSTED: "Ghosted",
    Health.QUIET: "Gone quiet",
    Health.PAYMENT_OVERDUE: "Payment overdue",
    Health.DUE: "Check-in or next step due",
    Health.IN_TOUCH: "In touch",
    Health.CLOSED: "Closed",
}


def item_health(item: AttentionItem) -> Health:
    """How bad one item is for the relationship."""
    if isinstance(item, SilenceItem):
        return Health.GHOSTED if item.level is Level.GHOSTED else Health.QUIET
    if isinstance(item, InvoiceItem):
        return Health.PAYMENT_OVERDUE
    if isinstance(item, WindowShopperItem):
        return Health.IN_TOUCH  # they keep talking: the question is whether to go on
    return Health.DUE


def client_health(
    items: Iterable[AttentionItem], statuses: dict[int, ClientStatus]
) -> dict[int, Health]:
    """Each client's mark: its worst item, else what its status says, else in touch."""
    health: dict[int, Health] = {}
    for client_id, status in statuses.items():
        if status is ClientStatus.GHOSTED:
            health[client_id] = Health.GHOSTED
        elif status is ClientStatus.CLOSED:
            health[client_id] = Health.CLOSED
    for item in items:
        health[item.client_id] = min(health.get(item.client_id, Health.IN_TOUCH), item_health(item))
    return health
