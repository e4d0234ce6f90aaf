"""Client history into the records: all-or-nothing, idempotent import (export: history_export).

This module reads and orchestrates (the transaction, progress, the bulk-write set-up); what
each row writes is :mod:`freelance_ghost.store.history_writer`'s."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from sqlite3 import Connection

from freelance_ghost.core.history.format import HistoryEvent
from freelance_ghost.store.conversation import refresh_conversations
from freelance_ghost.store.history_writer import HistoryWriter
from freelance_ghost.store.models import database
from freelance_ghost.store.pragmas import foreign_keys_off

Progress = Callable[[int, bool], None]  # rows applied so far; whether they are all
_PROGRESS_EVERY = 1000  # rows between two progress reports
_IMPORT_CACHE_KIB = 256 * 1024  # SQLite's page cache during an import (the default: 2 MiB)


@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows read, rows that added something, clients it created."""

    rows: int
    added: int
    clients_created: int

    @property
    def already_present(self) -> int:
        """Rows that were in the data already (a re-import adds nothing)."""
        return self.rows - self.added


def import_history(
    events: Iterable[HistoryEvent], progress: Progress | None = None
) -> ImportReport:
    """Applies ``events`` in file order in one transaction: all of them, or nothing at all.

    ``events`` may be read as they are applied (a long file is never held whole): a refusal
    from the reading, or from a row, rolls back every row before it. ``progress`` hears of
    every thousand rows applied, and whether they are the last (then the summaries and the
    commit follow). Foreign keys are not checked inside the transaction: every id an import
    writes is one it read or inserted in its own transaction, which no other connection can
    change, so the checks cannot fail, and at a million rows they cost half a second.
    Nothing else may write on this connection meanwhile: ``progress`` must not let a user's
    Delete through (the window's does not). Nested in a transaction (the demo's), the checks
    stay on.
    """
    connection = database.connection()
    with foreign_keys_off(connection), _roomy_page_cache(connection), database.atomic():
        with _bulk_interaction_writes(connection):
            importer = HistoryWriter(connection)
            apply = importer.apply
            rows = 0
            for batch, last in _batches(events):
                for event in batch:
                    apply(event)
                rows += len(batch)
                if progress is not None:
                    progress(rows, last)
            importer.finish()
        touched = (ledger.id for ledger in importer.ledgers.values())
        refresh_conversations(touched, bulk=True)  # indexed again
    return ImportReport(rows, importer.added, importer.clients_created)


def _batches(events: Iterable[HistoryEvent]) -> Iterator[tuple[list[HistoryEvent], bool]]:
    """The events a thousand at a time, each batch with whether it is the last.

    One batch is read ahead, so the last is known as such when it is applied.
    """
    source = iter(events)
    batch = list(islice(source, _PROGRESS_EVERY))
    while batch:
        following = list(islice(source, _PROGRESS_EVERY))
        yield batch, not following
        batch = following


@contextmanager
def _bulk_interaction_writes(connection: Connection) -> Iterator[None]:
    """Inside the import's transaction, writes interactions without per-row upkeep.

    The trigger that marks a client's summary stale on each new interaction (9 µs a row,
    measured) is dropped: the import refreshes every client it touches at its end anyway.
    Into empty records (a first import, the large one), the interaction indexes are
    dropped too and built once at the end (1 µs a row) instead of kept up row by row
    (4.5 µs); a file is read as it is applied, so its length is not known, and for a short
    one the rebuild costs next to nothing. Everything comes back before the commit;
    SQLite's DDL is transactional, so a failed or cancelled import rolls the drops back
    with the rest.
    """
    # Only with no client at all: a stored client's interactions are looked up through them.
    empty = connection.execute("SELECT NOT EXISTS (SELECT 1 FROM client)").fetchone()[0]
    kinds = ("trigger", "index") if empty else ("trigger",)
    upkeep = connection.execute(
        "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'interaction' "
        f"AND sql IS NOT NULL AND type IN ({', '.join('?' * len(kinds))}) "
        "AND (type = 'index' OR sql LIKE '%AFTER INSERT ON interaction%')",
        kinds,
    ).fetchall()
    for kind, name, _ in upkeep:
        connection.execute(f'DROP {kind.upper()} "{name}"')
    yield
    for _, _, sql in upkeep:
        connection.execute(sql)


@contextmanager
def _roomy_page_cache(connection: Connection) -> Iterator[Connection]:
    """Lets SQLite keep up to 256 MiB of pages while an import runs, then gives them back.

    A long history adds rows to every client's stretch of the interaction indexes at once;
    with the default 2 MiB cache most rows re-read pages, and writing took twice as long.
    """
    previous = connection.execute("PRAGMA cache_size").fetchone()[0]
    connection.execute(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
    try:
        yield connection
    finally:
        connection.execute(f"PRAGMA cache_size = {previous}")
