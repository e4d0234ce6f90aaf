"""Read-only views for the window: the clients list and a client's header."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from freelance_ghost.core.attention import AttentionSettings, silence_threshold
from freelance_ghost.core.clock import from_micros
from freelance_ghost.core.facts import ClientFacts
from freelance_ghost.core.kinds import ClientKind, ClientStatus
from freelance_ghost.core.pace import MIN_REPLY_DELAYS
from freelance_ghost.store.conversation import compute_summaries
from freelance_ghost.store.models import Client, database


@dataclass(frozen=True)
class ClientOverview:
    """One line of the clients list."""

    client_id: int
    name: str
    status: str
    contacts: int
    last_contact: datetime | None
    open_invoices: int
    archived: bool


_OVERVIEW_SQL = """
SELECT c.id, c.name, c.status,
       (SELECT count(*) FROM contact WHERE contact.client_id = c.id),
       (SELECT max(occurred_at) FROM interaction WHERE interaction.client_id = c.id),
       (SELECT count(*) FROM invoice i
         WHERE i.client_id = c.id
           AND i.amount_minor > coalesce(
                 (SELECT sum(p.amount_minor) FROM payment p WHERE p.invoice_id = i.id), 0)),
       c.archived_at IS NOT NULL
FROM client c
WHERE c.archived_at IS NULL OR ?
ORDER BY c.name_key
"""


def client_overview(include_archived: bool = False) -> list[ClientOverview]:
    """Every client (archived ones only when asked), by name, with what the list shows."""
    return [
        ClientOverview(
            client_id=row[0],
            name=row[1],
            status=row[2],
            contacts=row[3],
            last_contact=from_micros(row[4]) if row[4] is not None else None,
            open_invoices=row[5],
            archived=bool(row[6]),
        )
        for row in database.execute_sql(_OVERVIEW_SQL, (include_archived,)).fetchall()
    ]


def has_clients() -> bool:
    """Whether the data folder holds any client at all (archived ones count)."""
    return Client.select().exists()


@dataclass(frozen=True)
class ClientHeader:
    """What the top of a client's page says about the relationship."""

    client_id: int
    name: str
    kind: ClientKind
    status: ClientStatus
    notes: str
    archived: bool
    typical_reply: timedelta
    pace_known: bool
    threshold: timedelta
    min_silence_hours: int | None
    silence_multiplier: float | None


def client_header(client_id: int, settings: AttentionSettings) -> ClientHeader:
    """The client's pace and the silence threshold that follows from it (docs/rules.md §1)."""
    client = Client.get_by_id(client_id)
    delays = compute_summaries([client_id])[client_id].reply_delays
    facts = ClientFacts(
        client_id=client.id,
        name=client.name,
        status=ClientStatus(client.status),
        reply_delays=tuple(timedelta(microseconds=d) for d in delays),
        min_silence=(
            timedelta(hours=client.min_silence_hours)
            if client.min_silence_hours is not None
            else None
        ),
        multiplier=client.silence_multiplier,
    )
    threshold, typical = silence_threshold(facts, settings)
    return ClientHeader(
        client_id=client.id,
        name=client.name,
        kind=ClientKind(client.kind),
        status=ClientStatus(client.status),
        notes=client.notes,
        archived=client.archived_at is not None,
        typical_reply=typical,
        pace_known=len(delays) >= MIN_REPLY_DELAYS,
        threshold=threshold,
        min_silence_hours=client.min_silence_hours,
        silence_multiplier=client.silence_multiplier,
    )
