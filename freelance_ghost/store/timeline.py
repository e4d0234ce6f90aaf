"""One client's timeline read from the database in six queries, whatever its length."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, tzinfo

from freelance_ghost.core.attention import AttentionSettings
from freelance_ghost.core.clock import from_micros, stored_date
from freelance_ghost.core.facts import ClientFacts, ProjectDeadline
from freelance_ghost.core.kinds import Channel, ClientStatus, Direction
from freelance_ghost.core.money import Money
from freelance_ghost.core.timeline import (
    Payment,
    ScheduleChange,
    Timeline,
    build_timeline,
    day_start,
    invoice_events,
)
from freelance_ghost.core.timeline_events import InvoiceEvent, MessageLog
from freelance_ghost.store.models import database

_CLIENT_SQL = "SELECT name, status, min_silence_hours, silence_multiplier FROM client WHERE id = ?"
_MESSAGES_SQL = """
SELECT i.id, i.occurred_at, i.direction, i.channel, coalesce(contact.name, ''), i.summary
FROM interaction i LEFT JOIN contact ON contact.id = i.contact_id
WHERE i.client_id = ?
ORDER BY i.occurred_at, i.id
"""
_INVOICES_SQL = """
SELECT id, number, amount_minor, currency, issued_at, due_on FROM invoice
WHERE client_id = ? ORDER BY issued_at, id
"""
_PAYMENTS_SQL = """
SELECT p.invoice_id, p.amount_minor, p.received_at FROM payment p
JOIN invoice i ON i.id = p.invoice_id
WHERE i.client_id = ? ORDER BY p.received_at, p.id
"""
_SCHEDULES_SQL = """
SELECT set_at, cadence_days, channel FROM checkin_schedule
WHERE client_id = ? ORDER BY set_at, id
"""
_DEADLINES_SQL = """
SELECT name, deadline FROM project
WHERE client_id = ? AND status = 'active' AND deadline IS NOT NULL
ORDER BY deadline, id
"""
_DIRECTIONS = {direction.value: direction for direction in Direction}
_CHANNELS = {channel.value: channel for channel in Channel}


def client_timeline(
    client_id: int, now: datetime, zone: tzinfo, settings: AttentionSettings
) -> Timeline:
    """Everything that happened with the client, with its silences measured at ``now``."""
    name, status, min_hours, multiplier = database.execute_sql(_CLIENT_SQL, (client_id,)).fetchone()
    facts = ClientFacts(
        client_id=client_id,
        name=name,
        status=ClientStatus(status),
        min_silence=timedelta(hours=min_hours) if min_hours is not None else None,
        multiplier=multiplier,
    )
    return build_timeline(
        facts,
        _message_log(client_id),
        _invoice_events(client_id, zone),
        _schedules(client_id),
        now,
        zone,
        settings,
        _deadlines(client_id, name),
    )


def _deadlines(client_id: int, client: str) -> list[ProjectDeadline]:
    """The client's active projects with a deadline, soonest first, late ones included."""
    return [
        ProjectDeadline(client_id, client, project, stored_date(deadline))
        for project, deadline in database.execute_sql(_DEADLINES_SQL, (client_id,))
    ]


def _message_log(client_id: int) -> MessageLog:
    """Every interaction, oldest first, as columns: no object per message (core.MessageLog)."""
    rows = database.execute_sql(_MESSAGES_SQL, (client_id,)).fetchall()
    if not rows:
        return MessageLog()
    ids, micros, directions, channels, contacts, summaries = zip(*rows, strict=True)
    return MessageLog(
        at=tuple(map(from_micros, micros)),
        direction=tuple(map(_DIRECTIONS.__getitem__, directions)),
        channel=tuple(map(_CHANNELS.__getitem__, channels)),
        contact=contacts,
        summary=summaries,
        interaction_id=ids,
    )


def _invoice_events(client_id: int, zone: tzinfo) -> list[InvoiceEvent]:
    received: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for invoice_id, minor, micros in database.execute_sql(_PAYMENTS_SQL, (client_id,)):
        received[invoice_id].append((from_micros(micros), minor))
    events: list[InvoiceEvent] = []
    for invoice_id, number, minor, currency, issued, due_on in database.execute_sql(
        _INVOICES_SQL, (client_id,)
    ):
        payments = [Payment(at, Money(paid, currency)) for at, paid in received[invoice_id]]
        due_at = day_start(stored_date(due_on), zone)
        amount = Money(minor, currency)
        events.extend(
            invoice_events(number, amount, from_micros(issued), due_at, payments, invoice_id)
        )
    return events


def _schedules(client_id: int) -> list[ScheduleChange]:
    return [
        ScheduleChange(from_micros(set_at), cadence, _CHANNELS[channel] if channel else None)
        for set_at, cadence, channel in database.execute_sql(_SCHEDULES_SQL, (client_id,))
    ]
