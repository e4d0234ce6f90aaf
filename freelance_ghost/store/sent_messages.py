"""Each message you sent, with what became of it: kept as interactions are written.

The Insights page groups and ranks these rows instead of walking every interaction each
time (a window pass over a million interactions took seconds). A message's facts depend on
the client's whole conversation (a message logged before it can change its ladder step), so
a touched client's rows are recomputed whole. A writer of a few interactions does that in the
same transaction as the write (store.conversation.refresh_conversations); an import only marks
its clients stale (``mark_stale``), and the Insights recompute the stale ones, all in one
pass, before reading (``refresh_stale``): the import pays nothing, the first Insights after it
pay once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager

_ORDERED_SQL = (
    "SELECT client_id, occurred_at, direction, channel FROM interaction "
    "WHERE client_id IN (SELECT value FROM json_each(?)) ORDER BY client_id, occurred_at, id"
)
_ALL_ORDERED_SQL = (
    "SELECT client_id, occurred_at, direction, channel FROM interaction "
    "ORDER BY client_id, occurred_at, id"
)
# Each figure's group with the reply delay, so a median is a step along the index to the
# middle of its group; sent_at in them too, so a --since filter needs no row lookups.
GROUP_INDEXES = ("channel", "weekday", "hour")
_MARK_STALE_SQL = (
    "INSERT OR IGNORE INTO sent_message_stale (client_id) SELECT value FROM json_each(?)"
)
_DELETE_SQL = "DELETE FROM sent_message WHERE client_id IN (SELECT value FROM json_each(?))"
# Rows go in under new rowids, in the order they are computed: keyed by interaction id they
# went into the B-tree in scattered order, which made an import's refresh twice as slow.
_INSERT_SQL = (
    "INSERT INTO sent_message (client_id, sent_at, channel, reply_delay, attempt, last, "
    "run_start) VALUES (?, ?, ?, ?, ?, ?, ?)"
)

SentRow = tuple[int, int, str, int | None, int, bool, int]
"""(client id, sent at, channel, reply delay, attempt, last, run start)."""


def refresh_sent_messages(connection: sqlite3.Connection, client_ids: Iterable[int]) -> None:
    """Recomputes the sent-message rows of these clients: one read, one delete, one insert.

    One ordered read through the (client, time) index, however many clients: an import that
    touched every client pays one pass, not one query per client.
    """
    ids = json.dumps(sorted(set(client_ids)))
    connection.execute(_DELETE_SQL, (ids,))
    with closing(connection.execute(_ORDERED_SQL, (ids,))) as rows:
        connection.executemany(_INSERT_SQL, sent_rows(rows))


def mark_stale(connection: sqlite3.Connection, client_ids: Iterable[int]) -> None:
    """Marks these clients' rows for recomputing at the next ``refresh_stale``: one statement,
    so a bulk writer pays nothing for the Insights."""
    connection.execute(_MARK_STALE_SQL, (json.dumps(sorted(set(client_ids))),))


def refresh_stale(connection: sqlite3.Connection) -> None:
    """Recomputes the rows of every client marked stale, in one pass, and clears the marks.

    The caller holds the transaction, so the rows and the marks change together.
    """
    stale = [
        client_id for (client_id,) in connection.execute("SELECT client_id FROM sent_message_stale")
    ]
    if stale:
        refresh_sent_messages(connection, stale)
        connection.execute("DELETE FROM sent_message_stale")


def mostly_stale(connection: sqlite3.Connection) -> bool:
    """Whether at least a quarter of the clients are marked stale (a large import): then
    rebuilding the group indexes after the rows costs less than updating them row by row."""
    (stale,) = connection.execute("SELECT count(*) FROM sent_message_stale").fetchone()
    (clients,) = connection.execute("SELECT count(*) FROM client").fetchone()
    return bool(stale > 0 and 4 * stale >= clients)


def create_group_indexes(connection: sqlite3.Connection) -> None:
    """The (group, reply delay, sent at) indexes of ``GROUP_INDEXES``."""
    for column in GROUP_INDEXES:
        connection.execute(
            f"CREATE INDEX IF NOT EXISTS sent_message_{column} "
            f"ON sent_message ({column}, reply_delay, sent_at)"
        )


@contextmanager
def group_indexes_set_aside(connection: sqlite3.Connection) -> Iterator[None]:
    """Drops the group indexes for a rewrite of most rows and builds them again after it.

    At a million interactions, keeping them up to date row by row made the rewrite five times
    slower than writing without them and sorting each once. The caller holds the transaction.
    """
    for column in GROUP_INDEXES:
        connection.execute(f"DROP INDEX IF EXISTS sent_message_{column}")
    yield
    create_group_indexes(connection)


def fill_sent_messages(connection: sqlite3.Connection) -> None:
    """Every client's sent-message rows afresh (the migration that adds the table)."""
    connection.execute("DELETE FROM sent_message")
    connection.execute("DELETE FROM sent_message_stale")
    with closing(connection.execute(_ALL_ORDERED_SQL)) as rows:
        connection.executemany(_INSERT_SQL, sent_rows(rows))


def sent_rows(rows: Iterable[tuple[int, int, str, str]]) -> Iterator[SentRow]:
    """The facts of each sent message, from interactions (client id, time, direction,
    channel) ordered by client, time and id.

    docs/insights.md: a message is answered when the client's next interaction came in (the
    delay is the time between); its attempt is its place among the messages sent since the
    client last wrote (the ladder step), the first of them starts the silence (run start),
    and ``last`` marks the client's latest interaction, a silence still open.
    """
    client = None
    pending: tuple[int, int, str, int, int] | None = None  # the previous message sent
    attempt = 0
    run_start = 0
    for client_id, at, direction, channel in rows:
        if client_id != client:
            if pending is not None:
                yield (*pending[:3], None, pending[3], True, pending[4])
            client, pending, attempt = client_id, None, 0
        if pending is not None:
            delay = at - pending[1] if direction == "in" else None
            yield (*pending[:3], delay, pending[3], False, pending[4])
            pending = None
        if direction == "in":
            attempt = 0
            continue
        attempt += 1
        if attempt == 1:
            run_start = at
        pending = (client_id, at, channel, attempt, run_start)
    if pending is not None:
        yield (*pending[:3], None, pending[3], True, pending[4])
