"""Schema versions: ordered, small, named steps recorded in ``PRAGMA user_version``."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from uuid import uuid4

from freelance_ghost.core.names import NameRefusedError, clean_name
from freelance_ghost.store.pragmas import foreign_keys_off
from freelance_ghost.store.sent_messages import create_group_indexes, fill_sent_messages


@dataclass(frozen=True)
class Migration:
    """One step from ``version - 1`` to ``version``.

    ``rebuilds`` marks a step that copies a table into a new one: it runs with foreign keys
    off, as SQLite's table rebuild asks, so a row whose parent is gone (an outside edit can
    leave one) is carried over as it was instead of refusing the whole database.
    """

    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]
    rebuilds: bool = False


APPLICATION_ID = 0x46474854  # "FGHT": marks the file as ours, not just any SQLite file
_CLIENT_STATUSES = "'lead', 'active', 'paused', 'ghosted', 'closed'"
_CHANNELS = "'email', 'phone', 'sms', 'video', 'in_person', 'social', 'other'"
_PROJECT_STATUSES = "'proposed', 'active', 'on_hold', 'done', 'cancelled'"

_INITIAL_SCHEMA = f"""
CREATE TABLE client (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    name_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'organization')),
    status TEXT NOT NULL CHECK (status IN ({_CLIENT_STATUSES})),
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE TABLE contact (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    name_key TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    UNIQUE (client_id, name_key)
);
CREATE TABLE contact_method (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ({_CHANNELS})),
    address TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    UNIQUE (contact_id, channel, address)
);
CREATE TABLE project (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    name_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ({_PROJECT_STATUSES})),
    deadline DATE,
    created_at INTEGER NOT NULL,
    UNIQUE (client_id, name_key)
);
CREATE TABLE project_change (
    id INTEGER NOT NULL PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    changed_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ({_PROJECT_STATUSES})),
    deadline DATE,
    summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_change_project ON project_change (project_id, changed_at);
CREATE TABLE interaction (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    contact_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    project_id INTEGER REFERENCES project (id) ON DELETE SET NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    channel TEXT NOT NULL CHECK (channel IN ({_CHANNELS})),
    occurred_at INTEGER NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    next_step_due DATE
);
CREATE INDEX interaction_client_occurred_at ON interaction (client_id, occurred_at);
CREATE INDEX interaction_contact ON interaction (contact_id);
CREATE INDEX interaction_project ON interaction (project_id);
CREATE TABLE invoice (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE RESTRICT,
    project_id INTEGER REFERENCES project (id) ON DELETE RESTRICT,
    number TEXT NOT NULL CHECK (trim(number) <> ''),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    issued_at INTEGER NOT NULL,
    due_on DATE NOT NULL,
    UNIQUE (client_id, number)
);
CREATE INDEX invoice_project ON invoice (project_id);
CREATE TABLE payment (
    id INTEGER NOT NULL PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoice (id) ON DELETE CASCADE,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    received_at INTEGER NOT NULL
);
CREATE INDEX payment_invoice ON payment (invoice_id);
CREATE TABLE checkin_schedule (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    cadence_days INTEGER NOT NULL CHECK (cadence_days >= 0),
    channel TEXT CHECK (channel IS NULL OR channel IN ({_CHANNELS})),
    set_at INTEGER NOT NULL
);
CREATE INDEX checkin_schedule_client ON checkin_schedule (client_id, set_at);
"""


def _create_initial_schema(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
    for statement in _split_statements(_INITIAL_SCHEMA):
        connection.execute(statement)


def _add_client_archive(connection: sqlite3.Connection) -> None:
    """Archived clients leave the everyday lists but keep their whole history."""
    connection.execute("ALTER TABLE client ADD COLUMN archived_at INTEGER")


_ATTENTION_SCHEMA = """
CREATE TABLE setting (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
ALTER TABLE client ADD COLUMN min_silence_hours INTEGER CHECK (min_silence_hours > 0);
ALTER TABLE client ADD COLUMN silence_multiplier REAL CHECK (silence_multiplier > 0);
CREATE INDEX interaction_pace ON interaction (client_id, direction, occurred_at, channel);
CREATE TABLE conversation (
    client_id INTEGER NOT NULL PRIMARY KEY REFERENCES client (id) ON DELETE CASCADE,
    last_in INTEGER,
    last_in_channel TEXT,
    last_in_contact_id INTEGER,
    last_out INTEGER,
    last_out_channel TEXT,
    last_any INTEGER,
    attempts INTEGER NOT NULL,
    first_attempt INTEGER,
    unanswered_channels TEXT NOT NULL,
    reply_delays TEXT NOT NULL,
    commitments TEXT NOT NULL,
    first_due DATE
);
CREATE TRIGGER interaction_added AFTER INSERT ON interaction BEGIN
    DELETE FROM conversation WHERE client_id = NEW.client_id;
END;
CREATE TRIGGER interaction_removed AFTER DELETE ON interaction BEGIN
    DELETE FROM conversation WHERE client_id = OLD.client_id;
END;
CREATE TRIGGER interaction_changed AFTER UPDATE ON interaction BEGIN
    DELETE FROM conversation WHERE client_id IN (OLD.client_id, NEW.client_id);
END;
"""


def _add_attention(connection: sqlite3.Connection) -> None:
    """Engine settings, per-client silence overrides, and the conversation summaries.

    ``conversation`` only speeds the engine up: any change to a client's interactions deletes
    its row (triggers), and the engine recomputes a missing row from the interactions.
    """
    for statement in _split_statements(_ATTENTION_SCHEMA):
        connection.execute(statement)


_REMINDERS_SCHEMA = """
CREATE TABLE notified_item (
    key TEXT NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    notified_at INTEGER NOT NULL
);
CREATE INDEX notified_item_client ON notified_item (client_id);
CREATE TABLE snooze (
    key TEXT NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    until INTEGER NOT NULL
);
CREATE INDEX snooze_client ON snooze (client_id);
"""


def _add_reminders(connection: sqlite3.Connection) -> None:
    """What was notified (so nothing repeats) and the snoozes; quiet hours live in ``setting``."""
    for statement in _split_statements(_REMINDERS_SCHEMA):
        connection.execute(statement)


def _drop_pace_index(connection: sqlite3.Connection) -> None:
    """The per-direction interaction index goes: the conversation summaries answer what it
    was for. Kept up on every insert, it slowed large imports, and the engine does not
    need it."""
    connection.execute("DROP INDEX IF EXISTS interaction_pace")


def _one_of(column: str, values: str) -> str:
    """``column`` equal to one of ``values`` (quoted, comma-separated): what ``IN`` says.

    Written as OR-ed equalities because SQLite builds a lookup table for an ``IN`` list of
    three or more constants every time a statement runs, which every inserted row pays for;
    the equalities cost nothing measurable.
    """
    return " OR ".join(f"{column} = {value.strip()}" for value in values.split(","))


_INTERACTION_COLUMNS = (
    "id, client_id, contact_id, project_id, direction, channel, occurred_at, summary, "
    "next_step, next_step_due"
)
_INTERACTION_WITH_EQUALITIES = f"""
CREATE TABLE interaction_next (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    contact_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    project_id INTEGER REFERENCES project (id) ON DELETE SET NULL,
    direction TEXT NOT NULL CHECK ({_one_of("direction", "'in', 'out'")}),
    channel TEXT NOT NULL CHECK ({_one_of("channel", _CHANNELS)}),
    occurred_at INTEGER NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    next_step_due DATE
)
"""


def _rewrite_interaction_checks(connection: sqlite3.Connection) -> None:
    """The interaction table again, its checks as equalities (:func:`_one_of`): the same
    rows, ids, indexes and triggers. At a million rows the ``IN`` check was a twentieth of
    an import.

    SQLite cannot change a constraint in place, so this is its documented table rebuild:
    create the new table, copy, drop the old one, rename the new one, recreate indexes and
    triggers (with foreign keys off: ``Migration.rebuilds``).
    """
    attached = connection.execute(
        "SELECT sql FROM sqlite_schema WHERE tbl_name = 'interaction' "
        "AND type IN ('index', 'trigger') AND sql IS NOT NULL"
    ).fetchall()
    connection.execute(_INTERACTION_WITH_EQUALITIES)
    connection.execute(
        f"INSERT INTO interaction_next ({_INTERACTION_COLUMNS}) "
        f"SELECT {_INTERACTION_COLUMNS} FROM interaction"
    )
    connection.execute("DROP TABLE interaction")
    connection.execute("ALTER TABLE interaction_next RENAME TO interaction")
    for (sql,) in attached:
        connection.execute(sql)


# Where names live: the table, its name column, its key column (None: the name is its own
# key) and what the key is unique within (None: the whole table).
_NAMED = (
    ("client", "name", "name_key", None),
    ("contact", "name", "name_key", "client_id"),
    ("project", "name", "name_key", "client_id"),
    ("invoice", "number", None, "client_id"),
)


def _clean_names(connection: sqlite3.Connection) -> None:
    """Names and invoice numbers stored before they had one written form (core.names) take
    it, so the same name in a history file or a form finds its record again: ``Café`` with a
    separate accent, ``Acme Ltd`` with a no-break space.

    A name holding an invisible character is left as it was, for you to see and change, and
    so is one whose written form another record of its kind already has: two look-alikes
    stay two records rather than one being renamed into the other.
    """
    for table, name_column, key_column, scope in _NAMED:
        within = scope or "NULL"
        key = key_column or name_column
        rows = connection.execute(
            f"SELECT id, {within}, {name_column}, {key} FROM {table} ORDER BY id"
        ).fetchall()
        taken = {(group, stored_key) for _, group, _, stored_key in rows}
        for row_id, group, name, stored_key in rows:
            try:
                cleaned = clean_name(name)
            except NameRefusedError:
                continue
            new_key = cleaned.casefold() if key_column else cleaned
            if not cleaned or (cleaned, new_key) == (name, stored_key):
                continue
            if new_key != stored_key and (group, new_key) in taken:
                continue
            columns = f"{name_column} = ?" + (f", {key_column} = ?" if key_column else "")
            values = (cleaned, new_key) if key_column else (cleaned,)
            connection.execute(f"UPDATE {table} SET {columns} WHERE id = ?", (*values, row_id))
            taken.discard((group, stored_key))
            taken.add((group, new_key))


_MAIL_SCHEMA = """
CREATE TABLE mail_account (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
    host TEXT NOT NULL CHECK (trim(host) <> ''),
    port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security TEXT NOT NULL CHECK (security = 'ssl' OR security = 'starttls'),
    username TEXT NOT NULL CHECK (trim(username) <> ''),
    own_addresses TEXT NOT NULL DEFAULT '',
    folders TEXT NOT NULL DEFAULT '',
    cafile TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE TABLE mail_folder (
    id INTEGER NOT NULL PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES mail_account (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    last_uid INTEGER NOT NULL,
    UNIQUE (account_id, name)
);
CREATE TABLE mail_seen (
    message_key TEXT NOT NULL PRIMARY KEY
);
CREATE TABLE mail_interaction (
    interaction_id INTEGER NOT NULL PRIMARY KEY REFERENCES interaction (id) ON DELETE CASCADE,
    message_key TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE mail_stranger (
    address TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    messages INTEGER NOT NULL DEFAULT 0 CHECK (messages >= 0),
    last_at INTEGER NOT NULL
);
"""


def _add_mail(connection: sqlite3.Connection) -> None:
    """Mail accounts and where each folder's reading got to; which messages were read (a key
    per message, so none is logged twice); which interactions came from mail; and, for people
    who are no client's contact, only their address, name and how many messages there were.

    One line per own address and per folder in ``own_addresses`` and ``folders`` (empty: the
    account's login, and INBOX with the Sent folder). No password is ever stored here.
    """
    for statement in _split_statements(_MAIL_SCHEMA):
        connection.execute(statement)


def _add_records_id(connection: sqlite3.Connection) -> None:
    """A random id for these records, made once (exported contacts take their UIDs from it).

    Made here rather than at the first export, so an export from a read-only folder can
    read it. The key is settings.RECORDS_ID's, which this module cannot import.
    """
    connection.execute(
        "INSERT OR IGNORE INTO setting (key, value) VALUES ('records.id', ?)", (str(uuid4()),)
    )


_SENT_MESSAGE_SCHEMA = """
CREATE TABLE sent_message (
    id INTEGER NOT NULL PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    sent_at INTEGER NOT NULL,
    channel TEXT NOT NULL,
    reply_delay INTEGER,
    attempt INTEGER NOT NULL,
    last INTEGER NOT NULL,
    run_start INTEGER NOT NULL,
    weekday INTEGER,
    hour INTEGER
);
CREATE INDEX sent_message_client_id ON sent_message (client_id);
CREATE TABLE sent_message_stale (
    client_id INTEGER NOT NULL PRIMARY KEY REFERENCES client (id) ON DELETE CASCADE
);
"""


def _add_sent_messages(connection: sqlite3.Connection) -> None:
    """Each sent message with what became of it (store.sent_messages), filled from the
    interactions already logged, so the Insights page need not walk them every time; and
    the clients whose rows an import left to be recomputed when the Insights are next read."""
    for statement in _split_statements(_SENT_MESSAGE_SCHEMA):
        connection.execute(statement)
    fill_sent_messages(connection)
    create_group_indexes(connection)  # after the rows: one sort each, not a million inserts


def _split_statements(script: str) -> list[str]:
    """Statements of a schema script, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.strip().splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return statements


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _create_initial_schema),
    Migration(2, "client archive", _add_client_archive),
    Migration(3, "attention settings and conversation summaries", _add_attention),
    Migration(4, "notification record and snoozes", _add_reminders),
    Migration(5, "no per-direction interaction index", _drop_pace_index),
    Migration(6, "interaction checks as equalities", _rewrite_interaction_checks, rebuilds=True),
    Migration(7, "names in one written form", _clean_names),
    Migration(8, "mail accounts and what was read", _add_mail),
    Migration(9, "an id for these records", _add_records_id),
    Migration(10, "sent messages for the insights", _add_sent_messages),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def pending(version: int) -> list[Migration]:
    """The steps a database at ``version`` still needs, in order."""
    return [step for step in MIGRATIONS if step.version > version]


def apply_pending(connection: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[str]:
    """Brings the database up to ``target``, one step per IMMEDIATE transaction.

    Each step re-reads the version inside its transaction, so two processes opening the same
    new file cannot both apply it. Returns the names of the steps applied.
    """
    applied: list[str] = []
    for step in MIGRATIONS:
        if step.version > target:
            break
        with foreign_keys_off(connection, step.rebuilds):
            connection.execute("BEGIN IMMEDIATE")
            try:
                current = connection.execute("PRAGMA user_version").fetchone()[0]
                if current < step.version:
                    step.apply(connection)
                    connection.execute(f"PRAGMA user_version = {step.version:d}")
                    applied.append(step.name)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
    return applied
