"""Check-in schedules: the latest one set for a client is the one in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from freelance_ghost.core.kinds import Channel
from freelance_ghost.core.record_rules import check_cadence
from freelance_ghost.store.clients import note_client_event
from freelance_ghost.store.models import CheckinSchedule, database


@dataclass(frozen=True)
class Schedule:
    """The check-in rhythm in force."""

    cadence_days: int
    channel: Channel | None
    set_at: datetime


def set_schedule(client_id: int, cadence_days: int, channel: Channel | None, at: datetime) -> None:
    """Sets the rhythm from ``at`` on (0 stops check-ins); the history of changes is kept."""
    check_cadence(cadence_days)
    with database.atomic():
        note_client_event(client_id, at)
        CheckinSchedule.create(
            client=client_id, cadence_days=cadence_days, channel=channel, set_at=at
        )


def current_schedule(client_id: int) -> Schedule | None:
    """The schedule in force, if any was ever set."""
    row = (
        CheckinSchedule.select()
        .where(CheckinSchedule.client == client_id)
        .order_by(CheckinSchedule.set_at.desc(), CheckinSchedule.id.desc())
        .first()
    )
    if row is None:
        return None
    return Schedule(row.cadence_days, Channel(row.channel) if row.channel else None, row.set_at)
