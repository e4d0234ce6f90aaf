"""Client history out of the records: every event, or one client's, as rows in time order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from freelance_ghost.core.history.format import FILLED, HistoryEvent
from freelance_ghost.core.history.rows import HistoryRow, row_event
from freelance_ghost.core.kinds import EventKind
from freelance_ghost.core.names import NameRefusedError, clean_name
from freelance_ghost.store.models import database


@dataclass(frozen=True)
class _Source:
    """Where one kind of event is stored: its tables (the client as ``cl``) and its values."""

    kind: EventKind
    tables: str
    at: str  # the event's instant
    cells: dict[str, str]  # each column of FILLED[kind], in its order, and the SQL of its value
    id: str  # the record's id: within a moment and kind, rows come in the order stored
    where: str = "1"


# In EventKind order: at one moment, rows come in the order import applies them. With the
# order of storing within a kind, that keeps export-import-export identical.
_SOURCES = (
    _Source(
        EventKind.CLIENT,
        "client cl",
        "cl.created_at",
        {"summary": "cl.notes", "status": "cl.status"},
        "cl.id",
    ),
    _Source(  # a contact with no way to reach them yet still gets a row, to keep the person
        EventKind.CONTACT,
        "contact ct JOIN client cl ON cl.id = ct.client_id",
        "ct.created_at",
        {"contact": "ct.name", "channel": "''", "address": "''", "summary": "ct.role"},
        "ct.id",
        "NOT EXISTS (SELECT 1 FROM contact_method m WHERE m.contact_id = ct.id)",
    ),
    _Source(
        EventKind.CONTACT,
        "contact_method m JOIN contact ct ON ct.id = m.contact_id "
        "JOIN client cl ON cl.id = ct.client_id",
        "m.created_at",
        {
            "contact": "ct.name",
            "channel": "m.channel",
            "address": "m.address",
            "summary": "ct.role",
        },
        "m.id",
    ),
    _Source(
        EventKind.PROJECT,
        "project_change pc JOIN project p ON p.id = pc.project_id "
        "JOIN client cl ON cl.id = p.client_id",
        "pc.changed_at",
        {
            "summary": "pc.summary",
            "project": "p.name",
            "status": "pc.status",
            "due_date": "coalesce(pc.deadline, '')",
        },
        "pc.id",
    ),
    _Source(
        EventKind.SCHEDULE,
        "checkin_schedule s JOIN client cl ON cl.id = s.client_id",
        "s.set_at",
        {"channel": "coalesce(s.channel, '')", "cadence_days": "s.cadence_days"},
        "s.id",
    ),
    _Source(
        EventKind.INVOICE,
        "invoice i JOIN client cl ON cl.id = i.client_id "
        "LEFT JOIN project p ON p.id = i.project_id",
        "i.issued_at",
        {
            "project": "coalesce(p.name, '')",
            "invoice": "i.number",
            "amount": "i.amount_minor",
            "currency": "i.currency",
            "due_date": "i.due_on",
        },
        "i.id",
    ),
    _Source(
        EventKind.INTERACTION,
        "interaction x JOIN client cl ON cl.id = x.client_id "
        "LEFT JOIN contact ct ON ct.id = x.contact_id "
        "LEFT JOIN project p ON p.id = x.project_id",
        "x.occurred_at",
        {
            "contact": "coalesce(ct.name, '')",
            "direction": "x.direction",
            "channel": "x.channel",
            "summary": "x.summary",
            "next_step": "x.next_step",
            "next_step_due": "coalesce(x.next_step_due, '')",
            "project": "coalesce(p.name, '')",
        },
        "x.id",
    ),
    _Source(
        EventKind.PAYMENT,
        "payment pay JOIN invoice i ON i.id = pay.invoice_id JOIN client cl ON cl.id = i.client_id",
        "pay.received_at",
        {"invoice": "i.number", "amount": "pay.amount_minor", "currency": "i.currency"},
        "pay.id",
    ),
)
_VALUES = [f"v{index}" for index in range(max(map(len, FILLED.values())))]
_ROW = ", ".join(["client", "at", "event", *_VALUES])


def history_rows(client_name: str | None = None) -> Iterator[HistoryRow]:
    """Every event's row, or one client's, in time order, read as they are written out.

    An unknown client is refused here, before the caller writes anything.
    """
    if client_name is None:
        return iter(database.execute_sql(_history_sql("1")))
    try:
        key = clean_name(client_name).casefold()  # as the name was stored
    except NameRefusedError:
        key = client_name.strip().casefold()  # stored before such names were refused
    found = database.execute_sql("SELECT id FROM client WHERE name_key = ?", (key,)).fetchone()
    if found is None:
        raise LookupError(f"there is no client named '{client_name}'")
    return iter(database.execute_sql(_history_sql("cl.id = :client"), {"client": found[0]}))


def export_history(client_name: str | None = None) -> list[HistoryEvent]:
    """Every event, or one client's, in time order (ties: the order import applies them)."""
    return [row_event(row) for row in history_rows(client_name)]


def _history_sql(only: str) -> str:
    """Every source's rows where ``only`` holds, in one sort that leaves its key out.

    One sort of all rows in SQLite is faster than merging the sorted sources, there or in
    Python.
    """
    selects = " UNION ALL ".join(
        _select(source, place, only) for place, source in enumerate(_SOURCES)
    )
    return (
        f"WITH history({_ROW}, source, id) AS ({selects}) "
        f"SELECT {_ROW} FROM history ORDER BY at, source, id"
    )


def _select(source: _Source, place: int, only: str) -> str:
    """The source's rows, padded to the longest kind, then their sort key."""
    values = [source.cells[name] for name in FILLED[source.kind]]
    values += ["NULL"] * (len(_VALUES) - len(values))
    return (
        f"SELECT cl.name, {source.at}, '{source.kind.value}', {', '.join(values)}, "
        f"{place}, {source.id} FROM {source.tables} WHERE {source.where} AND {only}"
    )
