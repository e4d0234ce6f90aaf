"""Read-only queries the window needs, each a few SQL aggregates (no per-row Python loops)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from freelance_ghost.core.clock import from_micros
from freelance_ghost.store.models import database


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
