"""Read mail into the records: the writer of interactions from mail, the message keys read,
each folder's reading position, and the people the user writes with who are no client's.

A sync hands :func:`record_mail` its messages five hundred at a time; each batch is one
transaction of a few set-based statements (plain SQL on the transaction's connection, as the
history import writes), so a first sync of a large mailbox is not paid row by row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from sqlite3 import Connection
from typing import TypeVar

from freelance_ghost.core.clock import FIRST_YEAR, from_micros, to_micros
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction
from freelance_ghost.core.mail.mapping import CHANNEL, Known, MailTouch, own_addresses, touches
from freelance_ghost.core.mail.message import Address, MailMessage
from freelance_ghost.core.names import NameRefusedError, clean_name
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact, add_method
from freelance_ghost.store.interactions import after_logging
from freelance_ghost.store.models import database

FILE_SOURCE = "file"  # the source of interactions read from mail files (else an account's name)
_CHUNK = 500  # values per IN (...) list: well inside SQLite's oldest limit of 999

_T = TypeVar("_T")
FIRST_INSTANT = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FolderPosition:
    """How far a folder has been read: stored with the batch that got it there."""

    account_id: int
    folder: str
    uidvalidity: int
    last_uid: int


@dataclass(frozen=True)
class MailBatchResult:
    """What a batch did: messages read, interactions logged, messages read before (in another
    folder, or an earlier run), bulk messages, stranger mentions counted, unreadable ones."""

    read: int
    logged: int
    already: int
    bulk: int
    strangers: int
    unreadable: int = 0  # messages with no usable date: skipped by the reader, counted here

    def __add__(self, other: MailBatchResult) -> MailBatchResult:
        return MailBatchResult(
            self.read + other.read,
            self.logged + other.logged,
            self.already + other.already,
            self.bulk + other.bulk,
            self.strangers + other.strangers,
            self.unreadable + other.unreadable,
        )


NOTHING = MailBatchResult(0, 0, 0, 0, 0)


@dataclass(frozen=True)
class Stranger:
    """Someone the user writes with who is no client's contact (only these facts are kept)."""

    address: str
    name: str
    messages: int
    last_at: datetime


_KNOWN_SQL = (
    "SELECT lower(trim(m.address)), c.client_id, c.id FROM contact_method m "
    "JOIN contact c ON c.id = m.contact_id WHERE m.channel = ? AND trim(m.address) <> '' "
    "ORDER BY c.client_id, c.id"
)
_INSERT_INTERACTION_SQL = (
    "INSERT INTO interaction (id, client_id, contact_id, direction, channel, occurred_at, "
    "summary) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_MAIL_INTERACTION_SQL = (
    "INSERT INTO mail_interaction (interaction_id, message_key, source) VALUES (?, ?, ?)"
)
_UPSERT_STRANGER_SQL = (
    "INSERT INTO mail_stranger (address, name, messages, last_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (address) DO UPDATE SET "
    "name = CASE WHEN name = '' THEN excluded.name ELSE name END, "
    "messages = messages + excluded.messages, last_at = max(last_at, excluded.last_at)"
)
_SAVE_POSITION_SQL = (
    "INSERT INTO mail_folder (account_id, name, uidvalidity, last_uid) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (account_id, name) DO UPDATE SET "
    "uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid"
)
# A stranger who has since become a contact is nobody's stranger any more.
_STRANGERS_SQL = (
    "SELECT address, name, messages, last_at FROM mail_stranger s WHERE NOT EXISTS ("
    "SELECT 1 FROM contact_method m WHERE m.channel = ? AND lower(trim(m.address)) = s.address"
    ") ORDER BY messages DESC, last_at DESC, address LIMIT ?"
)


def known_addresses() -> dict[str, list[Known]]:
    """Every contact's email address, lower-cased, with the contacts that have it (a shared
    address belongs to each), each client's contacts in the order they were added."""
    known: dict[str, list[Known]] = {}
    for address, client_id, contact_id in database.connection().execute(
        _KNOWN_SQL, (Channel.EMAIL.value,)
    ):
        known.setdefault(address, []).append(Known(client_id, contact_id))
    return known


def every_own_address() -> frozenset[str]:
    """The user's addresses as every stored account names them (login and own addresses)."""
    own: frozenset[str] = frozenset()
    rows = database.connection().execute("SELECT username, own_addresses FROM mail_account")
    for login, others in rows:
        own |= own_addresses(login, others.splitlines())
    return own


def record_mail(
    messages: Sequence[MailMessage],
    own: frozenset[str],
    source: str,
    position: FolderPosition | None = None,
) -> MailBatchResult:
    """Logs the messages not read before, in one transaction with ``position``.

    Every message's key joins ``mail_seen``, known or not, so no message is logged or counted
    twice whatever folders it sits in; a known contact's message becomes one interaction per
    client (marked with ``source``); counterparts who are nobody's contact are only counted.
    ``position`` (a folder's UIDVALIDITY and last UID) commits with the batch, so a sync
    stopped half-way resumes after the last batch that was stored, and never doubles one.
    ``own`` holds the user's addresses, lower-cased.
    """
    with database.atomic():
        connection = database.connection()
        fresh = _unseen(connection, messages)
        connection.executemany(
            "INSERT INTO mail_seen (message_key) VALUES (?)", [(m.key,) for m in fresh]
        )
        known = known_addresses()
        logged: list[tuple[MailMessage, MailTouch]] = []
        met: dict[str, _Met] = {}
        bulk = 0
        for message in fresh:
            bulk += message.bulk
            made, strangers = touches(message, own, known)
            logged.extend((message, touch) for touch in made)
            for person in strangers:
                met.setdefault(person.address, _Met()).count(person, message.sent_at)
        _write_interactions(connection, logged, source)
        connection.executemany(
            _UPSERT_STRANGER_SQL,
            [(address, m.name, m.messages, to_micros(m.last_at)) for address, m in met.items()],
        )
        if position is not None:
            connection.execute(
                _SAVE_POSITION_SQL,
                (position.account_id, position.folder, position.uidvalidity, position.last_uid),
            )
        _apply_logging_rules(logged)
    return MailBatchResult(
        read=len(messages),
        logged=len(logged),
        already=len(messages) - len(fresh),
        bulk=bulk,
        strangers=sum(m.messages for m in met.values()),
    )


@dataclass
class _Met:
    """A stranger's messages in one batch, before they are added to the stored counts."""

    name: str = ""
    messages: int = 0
    last_at: datetime = FIRST_INSTANT

    def count(self, person: Address, at: datetime) -> None:
        """One more message; the first name they gave is kept."""
        self.name = self.name or person.name
        self.messages += 1
        self.last_at = max(self.last_at, at)


def _unseen(connection: Connection, messages: Sequence[MailMessage]) -> list[MailMessage]:
    """The messages whose key was never read, each once (a batch may hold a message twice)."""
    by_key: dict[str, MailMessage] = {}
    for message in messages:
        by_key.setdefault(message.key, message)
    seen: set[str] = set()
    for keys in _chunks(list(by_key), _CHUNK):
        marks = ",".join("?" * len(keys))
        seen.update(
            key
            for (key,) in connection.execute(
                f"SELECT message_key FROM mail_seen WHERE message_key IN ({marks})", keys
            )
        )
    return [message for key, message in by_key.items() if key not in seen]


def _write_interactions(
    connection: Connection, logged: Sequence[tuple[MailMessage, MailTouch]], source: str
) -> None:
    """Inserts the interactions and their mail marks with one prepared statement each.

    The ids are given, counted on from the highest: the transaction began IMMEDIATE, so
    no other writer can take one meanwhile, and each mark then knows its interaction's id
    without a query per row.
    """
    if not logged:
        return
    (highest,) = connection.execute("SELECT coalesce(max(id), 0) FROM interaction").fetchone()
    first = highest + 1
    connection.executemany(
        _INSERT_INTERACTION_SQL,
        [
            (
                first + offset,
                touch.client_id,
                touch.contact_id,
                touch.direction.value,
                CHANNEL.value,
                to_micros(touch.occurred_at),
                touch.summary,
            )
            for offset, (_, touch) in enumerate(logged)
        ],
    )
    connection.executemany(
        _INSERT_MAIL_INTERACTION_SQL,
        [(first + offset, message.key, source) for offset, (message, _) in enumerate(logged)],
    )


def _apply_logging_rules(logged: Sequence[tuple[MailMessage, MailTouch]]) -> None:
    """The rules every writer of interactions obeys (store.interactions.after_logging),
    once for the whole batch."""
    first_at: dict[int, datetime] = {}
    inbound: dict[int, datetime] = {}
    for _, touch in logged:
        earlier = first_at.get(touch.client_id)
        if earlier is None or touch.occurred_at < earlier:
            first_at[touch.client_id] = touch.occurred_at
        if touch.direction is Direction.IN:
            latest = inbound.get(touch.client_id)
            if latest is None or touch.occurred_at > latest:
                inbound[touch.client_id] = touch.occurred_at
    if first_at:
        after_logging(first_at, inbound)


def strangers(limit: int = 20) -> list[Stranger]:
    """The people the user writes with most who are no client's contact, most messages first."""
    rows = database.connection().execute(_STRANGERS_SQL, (Channel.EMAIL.value, limit))
    return [
        Stranger(address, name, messages, from_micros(last_at))
        for address, name, messages, last_at in rows
    ]


def forget_stranger(address: str) -> None:
    """Drops what is kept of this person (the user said they are nobody to follow)."""
    with database.atomic():
        database.connection().execute(
            "DELETE FROM mail_stranger WHERE address = ?", (address.strip().lower(),)
        )


def add_stranger_as_lead(address: str, at: datetime) -> int:
    """Makes a lead of someone the user writes with: a client (a person, named by their
    display name, or their address when they gave none that can be a name) with one contact
    and that email address. Their next messages are then logged; returns the client's id."""
    key = address.strip().lower()
    row = (
        database.connection()
        .execute("SELECT name FROM mail_stranger WHERE address = ?", (key,))
        .fetchone()
    )
    name = _lead_name(row[0] if row else "", key)
    with database.atomic():
        client = create_client(name, ClientKind.PERSON, ClientStatus.LEAD, at)
        contact = add_contact(client.id, name, "", at)
        add_method(contact.id, Channel.EMAIL, key, at)
        database.connection().execute("DELETE FROM mail_stranger WHERE address = ?", (key,))
    return client.id


def _lead_name(display_name: str, address: str) -> str:
    """The display name if it can be a client's name, else the address."""
    try:
        cleaned = clean_name(display_name)
    except NameRefusedError:
        return address
    return cleaned or address


def mail_sources(client_id: int) -> dict[int, str]:
    """Where each of the client's interactions from mail came from (an account's name, or
    "file"); those not from mail are absent.

    One query by client: a busy client's page asked it in chunks of 500 interaction ids,
    about 40 ms at 100,000 interactions even with no mail at all.
    """
    rows = database.connection().execute(
        "SELECT m.interaction_id, m.source FROM mail_interaction m "
        "JOIN interaction i ON i.id = m.interaction_id WHERE i.client_id = ?",
        (client_id,),
    )
    return dict(rows)


def _chunks(items: Sequence[_T], size: int) -> Iterator[list[_T]]:
    """``items`` in lists of at most ``size``."""
    source = iter(items)
    while chunk := list(islice(source, size)):
        yield chunk
