"""The attention facts: what the engine knows of each client that can need attention."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from peewee import chunked

from freelance_ghost.core.attention import AttentionSettings, silence_due
from freelance_ghost.core.clock import from_micros, local_date, stored_date, to_micros
from freelance_ghost.core.facts import (
    ClientFacts,
    Commitment,
    LeadExchanges,
    OpenInvoice,
    ProjectDeadline,
    Qualification,
    Reachable,
)
from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.core.ladder import needs_channels, needs_hours
from freelance_ghost.core.money import Money
from freelance_ghost.core.pace import ConversationSummary
from freelance_ghost.store.conversation import compute_summaries, decode_summary
from freelance_ghost.store.models import CHUNK, database

_CLIENT_FACTS_SQL = """
WITH schedule AS (
    SELECT client_id, cadence_days, set_at, channel FROM (
        SELECT client_id, cadence_days, set_at, channel,
            row_number() OVER (PARTITION BY client_id ORDER BY set_at DESC, id DESC) AS newest
        FROM checkin_schedule)
    WHERE newest = 1
)
SELECT c.id, c.name, c.status, c.min_silence_hours, c.silence_multiplier,
    sch.cadence_days, sch.set_at, sch.channel, s.client_id IS NOT NULL, contact.name,
    s.last_in, s.last_in_channel, s.last_in_contact_id, s.last_out, s.last_out_channel,
    s.last_any, s.attempts, s.first_attempt, s.unanswered_channels, s.reply_delays,
    s.commitments
FROM client c
LEFT JOIN conversation s ON s.client_id = c.id
LEFT JOIN contact ON contact.id = s.last_in_contact_id
LEFT JOIN schedule sch ON sch.client_id = c.id
WHERE c.status IN ('lead', 'active', 'paused') AND c.archived_at IS NULL
"""

_CANDIDATES_SQL = (
    _CLIENT_FACTS_SQL
    + """
    AND (s.client_id IS NULL
        -- a silence is due only once the client's own minimum silence has passed
        OR (s.attempts > 0
            AND s.last_out <= :now - coalesce(c.min_silence_hours * 3600000000, :min_silence))
        -- a check-in is due no earlier than a day before cadence days (daylight saving)
        OR (sch.cadence_days > 0
            AND max(coalesce(s.last_any, sch.set_at), sch.set_at)
                + (sch.cadence_days - 1) * 86400000000 <= :now)
        OR s.first_due <= :today)
"""
)

# Whatever the moment: every client with a check-in schedule or a next step (the calendar).
_DATED_FACTS_SQL = (
    _CLIENT_FACTS_SQL
    + """
    AND (s.client_id IS NULL OR sch.cadence_days > 0 OR s.first_due IS NOT NULL)
"""
)

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
    """ClientFacts of the clients that may need a conversation item at ``now``.

    One query over the conversation summaries keeps only clients whose silence, check-in or
    next step can be due; summaries dropped by a recent change are recomputed on the spot.
    Channels and writing hours are loaded only where the ladder step needs them.
    """
    parameters = {
        "now": to_micros(now),
        "today": local_date(now, zone).isoformat(),
        "min_silence": settings.min_silence // timedelta(microseconds=1),
    }
    rows = database.execute_sql(_CANDIDATES_SQL, parameters).fetchall()
    return _with_ladder_details(_facts_of_rows(rows), now, zone, settings)


def dated_facts() -> list[ClientFacts]:
    """ClientFacts of every client that has a check-in schedule or a next step, due or not."""
    return _facts_of_rows(database.execute_sql(_DATED_FACTS_SQL).fetchall())


def _facts_of_rows(rows: list[tuple[Any, ...]]) -> list[ClientFacts]:
    """The facts of the rows of ``_CLIENT_FACTS_SQL``; summaries dropped by a recent change
    are recomputed on the spot."""
    missing = compute_summaries(row[0] for row in rows if not row[8])
    summaries = [decode_summary(*row[10:]) if row[8] else missing[row[0]] for row in rows]
    names = _contact_names(
        {contact_id for summary in summaries for _, _, contact_id in summary.commitments}
        | {summary.last_in_contact_id for summary in missing.values()}
    )
    return [
        _facts_of(
            row[:8], summary, row[9] if row[8] else _name(names, summary.last_in_contact_id), names
        )
        for row, summary in zip(rows, summaries, strict=True)
    ]


def _facts_of(
    client: tuple[Any, ...],
    summary: ConversationSummary,
    last_contact: str | None,
    names: dict[int, str],
) -> ClientFacts:
    client_id, name, status, min_hours, multiplier, cadence, set_at, schedule_channel = client
    attempts = summary.attempts
    return ClientFacts(
        client_id=client_id,
        name=name,
        status=ClientStatus(status),
        last_inbound=_instant(summary.last_in),
        last_inbound_channel=_channel(summary.last_in_channel),
        last_inbound_contact=last_contact,
        attempts=attempts,
        first_attempt=_instant(summary.first_attempt),
        last_attempt=_instant(summary.last_out) if attempts else None,
        last_attempt_channel=_channel(summary.last_out_channel) if attempts else None,
        unanswered_channels=frozenset(_CHANNELS[c] for c in summary.unanswered_channels),
        reply_delays=tuple(timedelta(microseconds=d) for d in summary.reply_delays),
        last_interaction=_instant(summary.last_any),
        cadence_days=cadence or 0,
        schedule_channel=_channel(schedule_channel),
        schedule_set_at=_instant(set_at),
        commitments=tuple(
            Commitment(step, stored_date(due), names.get(contact_id) if contact_id else None)
            for step, due, contact_id in summary.commitments
        ),
        min_silence=timedelta(hours=min_hours) if min_hours is not None else None,
        multiplier=multiplier,
    )


def _with_ladder_details(
    facts: list[ClientFacts], now: datetime, zone: tzinfo, settings: AttentionSettings
) -> list[ClientFacts]:
    """Adds channels and writing hours to the due silences whose ladder step needs them."""
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


_CHANNELS = {channel.value: channel for channel in Channel}


def _channel(value: str | None) -> Channel | None:
    """The channel named in a row (a dict lookup: Enum calls cost more in a 10,000-row loop)."""
    return _CHANNELS[value] if value else None


def _contact_names(contact_ids: Iterable[int | None]) -> dict[int, str]:
    ids = sorted({contact_id for contact_id in contact_ids if contact_id is not None})
    names: dict[int, str] = {}
    for chunk in chunked(ids, CHUNK):
        sql = f"SELECT id, name FROM contact WHERE id IN ({_marks(chunk)})"
        names.update(database.execute_sql(sql, chunk).fetchall())
    return names


def _name(names: dict[int, str], contact_id: int | None) -> str | None:
    """The contact's name; none when no contact was recorded or it is gone."""
    return None if contact_id is None else names.get(contact_id)


def _instant(micros: int | None) -> datetime | None:
    return from_micros(micros) if micros is not None else None


def _marks(ids: list[int]) -> str:
    """One ``?`` per id, for ``IN (...)``."""
    return ",".join("?" * len(ids))


def _known_channels(client_ids: list[int]) -> dict[int, frozenset[Channel]]:
    """Channels the client has contact methods for or has used, per client."""
    found: dict[int, set[Channel]] = {client_id: set() for client_id in client_ids}
    for chunk in chunked(client_ids, CHUNK):
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
    for chunk in chunked(client_ids, CHUNK):
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
    for chunk in chunked(client_ids, CHUNK):
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
        OpenInvoice(client_id, client, number, Money(outstanding, currency), stored_date(due))
        for client_id, client, number, outstanding, currency, due in database.execute_sql(
            _OPEN_INVOICES_SQL, (today.isoformat(),)
        )
    ]


_DEADLINES_SQL = """
SELECT p.client_id, c.name, p.name, p.deadline
FROM project p
JOIN client c ON c.id = p.client_id
WHERE p.status = 'active' AND p.deadline IS NOT NULL AND p.deadline <= ?
    AND c.status != 'closed' AND c.archived_at IS NULL
ORDER BY p.deadline, p.id
"""


def project_deadlines(last_day: date) -> list[ProjectDeadline]:
    """Active projects due on or before ``last_day`` (today + the warning days) of open clients."""
    return [
        ProjectDeadline(client_id, client, project, stored_date(deadline))
        for client_id, client, project, deadline in database.execute_sql(
            _DEADLINES_SQL, (last_day.isoformat(),)
        )
    ]


# A client's commitment: the earliest of its first project and its first invoice.
COMMITMENTS_SQL = """
SELECT client_id, min(at) AS committed_at FROM (
    SELECT client_id, created_at AS at FROM project
    UNION ALL SELECT client_id, issued_at FROM invoice)
GROUP BY client_id
"""

# Each committed client's interactions strictly before its commitment: a range count on the
# (client, occurred_at) index per client, never a row of interaction brought into Python.
_COMMITTED_COUNTS_SQL = f"""
SELECT (SELECT count(*) FROM interaction i
        WHERE i.client_id = k.client_id AND i.occurred_at < k.committed_at)
FROM ({COMMITMENTS_SQL}) k
"""

_UNCOMMITTED_LEADS_SQL = """
SELECT c.id, c.name, (SELECT count(*) FROM interaction i WHERE i.client_id = c.id)
FROM client c
WHERE c.status = 'lead' AND c.archived_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM project p WHERE p.client_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM invoice v WHERE v.client_id = c.id)
"""


def committed_counts() -> list[int]:
    """Every committed client's number of interactions before its commitment."""
    return [count for (count,) in database.execute_sql(_COMMITTED_COUNTS_SQL)]


def qualification() -> Qualification:
    """What window-shopper items need; the counts are read only when there is a lead to judge."""
    leads = tuple(
        LeadExchanges(client_id, name, count)
        for client_id, name, count in database.execute_sql(_UNCOMMITTED_LEADS_SQL)
    )
    if not leads:
        return Qualification()
    return Qualification(tuple(committed_counts()), leads)
