"""Logging a touch point, with the rule that comes with it: ghosted clients come back."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime

from freelance_ghost.core.kinds import Channel, ClientStatus, Direction
from freelance_ghost.core.record_rules import check_next_step
from freelance_ghost.store.clients import note_client_events
from freelance_ghost.store.conversation import refresh_conversations
from freelance_ghost.store.models import Client, Interaction, database


def log_interaction(
    client_id: int,
    direction: Direction,
    channel: Channel,
    occurred_at: datetime,
    *,
    contact_id: int | None = None,
    project_id: int | None = None,
    summary: str = "",
    next_step: str = "",
    next_step_due: date | None = None,
) -> Interaction:
    """Records one interaction; a message from a ghosted client makes it active again."""
    check_next_step(next_step, next_step_due)
    with database.atomic():
        client = Client.get_by_id(client_id)
        interaction = Interaction.create(
            client=client,
            contact=contact_id,
            project=project_id,
            direction=direction,
            channel=channel,
            occurred_at=occurred_at,
            summary=summary,
            next_step=next_step,
            next_step_due=next_step_due,
        )
        inbound = [client.id] if direction is Direction.IN else []
        after_logging({client.id: occurred_at}, inbound)
    return interaction


def after_logging(first_at: Mapping[int, datetime], inbound: Collection[int]) -> None:
    """What comes with logged interactions, however many and whoever logs them: a ghosted
    client who reached us is active again (they came back), a client exists from its
    first event, and the touched clients' conversation summaries are brought up to date.

    ``first_at`` holds each touched client's earliest new interaction, ``inbound`` the
    clients with a new one that came in. Set-based, so a mail sync pays it once a batch.
    """
    if inbound:
        Client.update(status=ClientStatus.ACTIVE).where(
            Client.id.in_(list(inbound)) & (Client.status == ClientStatus.GHOSTED)
        ).execute()
    note_client_events(first_at)
    refresh_conversations(first_at)


def set_silence_overrides(
    client_id: int, min_silence_hours: int | None, multiplier: float | None
) -> None:
    """This client's own minimum silence and multiplier (None: use the global settings)."""
    if min_silence_hours is not None and min_silence_hours <= 0:
        raise ValueError("the minimum silence must be more than zero hours")
    if multiplier is not None and multiplier <= 0:
        raise ValueError("the multiplier must be more than zero")
    with database.atomic():
        Client.update(min_silence_hours=min_silence_hours, silence_multiplier=multiplier).where(
            Client.id == client_id
        ).execute()
