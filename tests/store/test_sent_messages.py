"""The stored sent messages: their facts, and every writer keeping them up to date."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from freelance_ghost.core.clock import to_micros
from freelance_ghost.core.history.format import HistoryEvent
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction, EventKind
from freelance_ghost.store.clients import create_client, delete_client
from freelance_ghost.store.database import close_database, database_path, open_database
from freelance_ghost.store.history import import_history
from freelance_ghost.store.insights import insight_counts
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.store.migrations import apply_pending
from freelance_ghost.store.models import database
from freelance_ghost.store.sent_messages import sent_rows
from tests.conftest import BERLIN, NOW

HOUR = 3_600_000_000


def stored() -> list[tuple[object, ...]]:
    """(sent at in hours, channel, reply delay in hours, attempt, last, run start in hours)."""
    rows = database.execute_sql(
        "SELECT sent_at, channel, reply_delay, attempt, last, run_start FROM sent_message "
        "ORDER BY client_id, sent_at"
    ).fetchall()
    return [
        (at // HOUR, channel, None if delay is None else delay // HOUR, step, bool(last), s // HOUR)
        for at, channel, delay, step, last, s in rows
    ]


def test_facts_of_each_sent_message() -> None:
    # Client 1: out at 0, out at 2, in at 5 (answers the second, step 2), out at 6 (last).
    # Client 2: in at 0, out at 1 (last, step 1).
    rows = [
        (1, 0, "out", "email"),
        (1, 2 * HOUR, "out", "phone"),
        (1, 5 * HOUR, "in", "email"),
        (1, 6 * HOUR, "out", "sms"),
        (2, 0, "in", "email"),
        (2, HOUR, "out", "email"),
    ]

    assert list(sent_rows(rows)) == [
        (1, 0, "email", None, 1, False, 0),
        (1, 2 * HOUR, "phone", 3 * HOUR, 2, False, 0),
        (1, 6 * HOUR, "sms", None, 1, True, 6 * HOUR),
        (2, HOUR, "email", None, 1, True, HOUR),
    ]


def test_logging_an_earlier_message_updates_the_later_ones(db: Path) -> None:
    client = create_client(
        "Acme", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW - timedelta(days=30)
    )
    start = NOW - timedelta(days=10)
    log_interaction(client.id, Direction.OUT, Channel.EMAIL, start + timedelta(hours=2))
    log_interaction(client.id, Direction.IN, Channel.EMAIL, start + timedelta(hours=5))
    base = to_micros(start) // HOUR
    assert stored() == [(base + 2, "email", 3, 1, False, base + 2)]

    log_interaction(client.id, Direction.OUT, Channel.PHONE, start)  # logged late, sent first

    assert stored() == [
        (base, "phone", None, 1, False, base),
        (base + 2, "email", 3, 2, False, base),  # now the second attempt of the silence
    ]


def stale() -> list[int]:
    """The client ids whose rows wait for the next Insights."""
    rows = database.execute_sql("SELECT client_id FROM sent_message_stale ORDER BY client_id")
    return [client_id for (client_id,) in rows]


def test_an_import_leaves_them_to_the_next_insights(db: Path) -> None:
    start = NOW - timedelta(days=10)
    events = [
        HistoryEvent(EventKind.INTERACTION, "Acme", start + timedelta(hours=hours), **fields)  # type: ignore[arg-type]
        for hours, fields in (
            (0, {"direction": Direction.OUT, "channel": Channel.EMAIL}),
            (3, {"direction": Direction.IN, "channel": Channel.EMAIL}),
        )
    ]

    import_history(events)

    assert stored() == []  # the import paid nothing for the Insights
    assert len(stale()) == 1

    counts = insight_counts(None, NOW, BERLIN, timedelta(days=3))

    base = to_micros(start) // HOUR
    assert stored() == [(base, "email", 3, 1, False, base)]
    assert stale() == []
    assert [(g.key, g.sent, g.answered) for g in counts.by_channel] == [("email", 1, 1)]
    indexes = database.execute_sql(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'sent_message'"
    )  # set aside for the rewrite of every client's rows, and built again
    assert {name for (name,) in indexes} >= {
        "sent_message_channel",
        "sent_message_weekday",
        "sent_message_hour",
    }


def local_times() -> list[tuple[int | None, int | None]]:
    """(weekday, hour) of each stored message, oldest first."""
    rows = database.execute_sql("SELECT weekday, hour FROM sent_message ORDER BY sent_at")
    return [(weekday, hour) for weekday, hour in rows]


def test_local_times_are_stored_for_the_zone_in_use(db: Path) -> None:
    client = create_client(
        "Acme", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW - timedelta(days=30)
    )
    first, second = NOW - timedelta(days=10), NOW - timedelta(days=2, hours=5)
    log_interaction(client.id, Direction.OUT, Channel.EMAIL, first)
    berlin = first.astimezone(BERLIN)
    insight_counts(None, NOW, BERLIN, timedelta(days=3))
    assert local_times() == [(berlin.weekday(), berlin.hour)]

    log_interaction(client.id, Direction.OUT, Channel.EMAIL, second)  # the client's rows anew
    assert local_times() == [(None, None), (None, None)]  # left to the next read
    insight_counts(None, NOW, BERLIN, timedelta(days=3))
    later = second.astimezone(BERLIN)
    assert local_times() == [(berlin.weekday(), berlin.hour), (later.weekday(), later.hour)]

    tokyo = ZoneInfo("Asia/Tokyo")  # the user moved: every message worked out again
    insight_counts(None, NOW, tokyo, timedelta(days=3))
    assert local_times() == [
        (first.astimezone(tokyo).weekday(), first.astimezone(tokyo).hour),
        (second.astimezone(tokyo).weekday(), second.astimezone(tokyo).hour),
    ]


def test_an_up_to_date_reading_takes_no_write_lock(db: Path) -> None:
    client = create_client(
        "Acme", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW - timedelta(days=30)
    )
    log_interaction(client.id, Direction.OUT, Channel.EMAIL, NOW - timedelta(days=10))
    insight_counts(None, NOW, BERLIN, timedelta(days=3))  # brings the local times in
    writer = sqlite3.connect(database_path(db), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another writer, such as an import, holds the lock

        counts = insight_counts(None, NOW, BERLIN, timedelta(days=3))

        assert [(g.key, g.sent) for g in counts.by_channel] == [("email", 1)]
    finally:
        writer.close()


def test_deleting_a_client_deletes_its_sent_messages(db: Path) -> None:
    client = create_client(
        "Acme", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW - timedelta(days=30)
    )
    log_interaction(client.id, Direction.OUT, Channel.EMAIL, NOW - timedelta(days=1))
    assert len(stored()) == 1

    delete_client(client.id)

    assert stored() == []


def test_the_migration_fills_them_from_the_messages_already_logged(data_dir: Path) -> None:
    path = database_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    apply_pending(connection, target=8)
    connection.execute(
        "INSERT INTO client (id, name, name_key, kind, status, created_at) "
        "VALUES (1, 'Acme', 'acme', 'organization', 'active', 0)"
    )
    connection.executemany(
        "INSERT INTO interaction (client_id, direction, channel, occurred_at) VALUES (1, ?, ?, ?)",
        [("out", "email", 0), ("out", "phone", HOUR), ("in", "email", 4 * HOUR)],
    )
    connection.close()

    open_database(data_dir, NOW)
    try:
        assert stored() == [(0, "email", None, 1, False, 0), (1, "phone", 3, 2, False, 0)]
    finally:
        close_database()
