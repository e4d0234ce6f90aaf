"""Read-only queries the window needs, each a few SQL aggregates (no per-row Python loops)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from freelance_ghost.core.attention import AttentionSettings, silence_due
from freelance_ghost.core.clock import from_micros, local_date
from freelance_ghost.core.facts import ClientFacts, Commitment, OpenInvoice, Reachable
from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.core.ladder import needs_channels, needs_hours
from freelance_ghost.core.money import Money
from freelance_ghost.store.models import database
from freelance_ghost.store.pace import reply_delays_of


@dataclass(frozen=True)
class ClientOverview:
    """One line of the clients list."""

    client_id: int
    name: str
    status: str
    contacts: int
    last_contact: datetime | None
    open_invoices: int


_OVERVIEW_SQL = """
SELECT c.id, c.name, c.status,
       (SELECT count(*) FROM contact WHERE contact.client_id = c.id),
       (SELECT max(occurred_at) FROM interaction WHERE interaction.client_id = c.id),
       (SELECT count(*) FROM invoice i
         WHERE i.client_id = c.id
           AND i.amount_minor > coalesce(
                 (SELECT sum(p.amount_minor) FROM payment p WHERE p.invoice_id = i.id), 0))
FROM client c
WHERE c.archived_at IS NULL
ORDER BY c.name_key
"""


def client_overview() -> list[ClientOverview]:
    """Every client that is not archived, by name, with what the list shows about it."""
    rows = database.execute_sql(_OVERVIEW_SQL).fetchall()
    return [
        ClientOverview(
            client_id=row[0],
            name=row[1],
            status=row[2],
            contacts=row[3],
            last_contact=from_micros(row[4]) if row[4] is not None else None,
            open_invoices=row[5],
        )
        for row in rows
    ]


_FACTS_SQL = """
WITH base AS (
    SELECT c.id, c.name, c.status, c.min_silence_hours, c.silence_multiplier,
        (SELECT max(occurred_at) FROM interaction i
          WHERE i.client_id = c.id AND i.direction = 'in') AS last_in,
        (SELECT max(occurred_at) FROM interaction i
          WHERE i.client_id = c.id AND i.direction = 'out') AS last_out,
        (SELECT max(occurred_at) FROM interaction i WHERE i.client_id = c.id) AS last_any
    FROM client c
    WHERE c.status IN ('lead', 'active', 'paused') AND c.archived_at IS NULL
)
SELECT b.id, b.name, b.status, b.min_silence_hours, b.silence_multiplier,
    b.last_in, b.last_out, b.last_any,
    (SELECT channel FROM interaction i WHERE i.client_id = b.id AND i.direction = 'in'
      ORDER BY occurred_at DESC, id DESC LIMIT 1) AS last_in_channel,
    (SELECT contact.name FROM interaction i JOIN contact ON contact.id = i.contact_id
      WHERE i.client_id = b.id AND i.direction = 'in'
      ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1) AS last_in_contact,
    (SELECT channel FROM interaction o WHERE o.client_id = b.id AND o.direction = 'out'
      ORDER BY occurred_at DESC, id DESC LIMIT 1) AS last_out_channel,
    CASE WHEN b.last_out > coalesce(b.last_in, -9223372036854775807) THEN
        (SELECT count(*) || ' ' || min(occurred_at) || ' ' || group_concat(DISTINCT channel)
           FROM interaction o WHERE o.client_id = b.id AND o.direction = 'out'
            AND o.occurred_at > coalesce(b.last_in, -9223372036854775807))
    END AS unanswered,
    (SELECT cadence_days || ' ' || set_at || ' ' || coalesce(channel, '')
       FROM checkin_schedule s WHERE s.client_id = b.id
      ORDER BY set_at DESC, id DESC LIMIT 1) AS schedule
FROM base b
"""

_COMMITMENTS_SQL = """
SELECT i.client_id, i.next_step, i.next_step_due, contact.name
FROM client c
JOIN interaction i ON i.client_id = c.id
    AND i.occurred_at = (SELECT max(occurred_at) FROM interaction x WHERE x.client_id = c.id)
LEFT JOIN contact ON contact.id = i.contact_id
WHERE c.status IN ('lead', 'active', 'paused') AND c.archived_at IS NULL
    AND i.next_step_due IS NOT NULL AND i.next_step_due <= ?
ORDER BY i.client_id, i.id
"""

_OPEN_INVOICES_SQL = """
SELECT i.client_id, c.name, i.number, i.amount_minor - coalesce(p.paid, 0), i.currency, i.due_on
FROM invoice i
JOIN client c ON c.id = i.client_id
LEFT JOIN (SELECT invoice_id, sum(amount_minor) AS paid FROM payment GROUP BY invoice_id) p
    ON p.invoice_id = i.id
WHERE i.due_on < ? AND i.amount_minor > coalesce(p.paid, 0)
ORDER BY i.due_on, i.id
"""


def attention_facts(now: datetime, zone: tzinfo, settings: AttentionSettings) -> list[ClientFacts]:
    """ClientFacts of every client that can need a conversation item, in a few SQL aggregates.

    The reply delays come from the pace cache; channels and writing hours are loaded only for
    the clients whose silence is due and whose ladder step needs them.
    """
    today = local_date(now, zone).isoformat()
    rows = database.execute_sql(_FACTS_SQL).fetchall()
    commitments: dict[int, list[Commitment]] = defaultdict(list)
    for client_id, step, due, contact in database.execute_sql(_COMMITMENTS_SQL, (today,)):
        commitments[client_id].append(Commitment(step, date.fromisoformat(due), contact))
    delays = reply_delays_of(row[0] for row in rows if row[11] is not None)
    facts = [_facts_of(row, commitments, delays) for row in rows]
    due = [f for f in facts if silence_due(f, now, settings)]
    channels = _known_channels([f.client_id for f in due if needs_channels(f.attempts)])
    hours = _inbound_hours([f.client_id for f in due if needs_hours(f.attempts)], zone)
    return [
        replace(
            f,
            known_channels=channels.get(f.client_id, frozenset()),
            inbound_hours=tuple(hours.get(f.client_id, ())),
        )
        if f.client_id in channels or f.client_id in hours
        else f
        for f in facts
    ]


def _facts_of(
    row: tuple[Any, ...], commitments: dict[int, list[Commitment]], delays: dict[int, list[int]]
) -> ClientFacts:
    (client_id, name, status, min_hours, multiplier, last_in, last_out, last_any,
     in_channel, in_contact, out_channel, unanswered, schedule) = row  # fmt: skip
    attempts, first_attempt, tried = 0, None, frozenset[Channel]()
    if unanswered is not None:
        count, first, channels = unanswered.split(" ", 2)
        attempts, first_attempt = int(count), from_micros(int(first))
        tried = frozenset(Channel(channel) for channel in channels.split(","))
    cadence, set_at, schedule_channel = 0, None, None
    if schedule is not None:
        cadence_text, set_text, channel_text = schedule.split(" ", 2)
        cadence, set_at = int(cadence_text), from_micros(int(set_text))
        schedule_channel = Channel(channel_text) if channel_text else None
    return ClientFacts(
        client_id=client_id,
        name=name,
        status=ClientStatus(status),
        last_inbound=_instant(last_in),
        last_inbound_channel=Channel(in_channel) if in_channel else None,
        last_inbound_contact=in_contact,
        attempts=attempts,
        first_attempt=first_attempt,
        last_attempt=_instant(last_out) if attempts else None,
        last_attempt_channel=Channel(out_channel) if attempts else None,
        unanswered_channels=tried,
        reply_delays=tuple(timedelta(microseconds=d) for d in delays.get(client_id, ())),
        last_interaction=_instant(last_any),
        cadence_days=cadence,
        schedule_channel=schedule_channel,
        schedule_set_at=set_at,
        commitments=tuple(commitments.get(client_id, ())),
        min_silence=timedelta(hours=min_hours) if min_hours is not None else None,
        multiplier=multiplier,
    )


def _instant(micros: int | None) -> datetime | None:
    return from_micros(micros) if micros is not None else None


def _marks(ids: list[int]) -> str:
    return ",".join("?" * len(ids))


def _known_channels(client_ids: list[int]) -> dict[int, frozenset[Channel]]:
    """Channels the client has contact methods for or has used, per client."""
    found: dict[int, set[Channel]] = {client_id: set() for client_id in client_ids}
    for start in range(0, len(client_ids), 400):
        chunk = client_ids[start : start + 400]
        sql = (
            "SELECT contact.client_id, m.channel FROM contact_method m "
            f"JOIN contact ON contact.id = m.contact_id WHERE contact.client_id IN ({_marks(chunk)}) "
            f"UNION SELECT client_id, channel FROM interaction WHERE client_id IN ({_marks(chunk)})"
        )
        for client_id, channel in database.execute_sql(sql, chunk + chunk):
            found[client_id].add(Channel(channel))
    return {client_id: frozenset(channels) for client_id, channels in found.items()}


def _inbound_hours(client_ids: list[int], zone: tzinfo) -> dict[int, list[int]]:
    """The local hour of every message the client sent us, per client."""
    hours: dict[int, list[int]] = {client_id: [] for client_id in client_ids}
    for start in range(0, len(client_ids), 400):
        chunk = client_ids[start : start + 400]
        sql = (
            "SELECT client_id, occurred_at FROM interaction "
            f"WHERE direction = 'in' AND client_id IN ({_marks(chunk)})"
        )
        for client_id, micros in database.execute_sql(sql, chunk):
            hours[client_id].append(from_micros(micros).astimezone(zone).hour)
    return hours


def reachable_of(client_ids: list[int]) -> dict[int, tuple[Reachable, ...]]:
    """Every contact method of these clients, people in the order they were added."""
    found: dict[int, list[Reachable]] = defaultdict(list)
    for start in range(0, len(client_ids), 400):
        chunk = client_ids[start : start + 400]
        sql = (
            "SELECT contact.client_id, contact.name, m.channel, m.address FROM contact_method m "
            f"JOIN contact ON contact.id = m.contact_id WHERE contact.client_id IN ({_marks(chunk)}) "
            "ORDER BY contact.id, m.id"
        )
        for client_id, contact, channel, address in database.execute_sql(sql, chunk):
            found[client_id].append(Reachable(contact, Channel(channel), address))
    return {client_id: tuple(ways) for client_id, ways in found.items()}


def open_invoices(today: date) -> list[OpenInvoice]:
    """Invoices past their due date with money still owed, whatever the client's status."""
    return [
        OpenInvoice(
            client_id, client, number, Money(outstanding, currency), date.fromisoformat(due)
        )
        for client_id, client, number, outstanding, currency, due in database.execute_sql(
            _OPEN_INVOICES_SQL, (today.isoformat(),)
        )
    ]
