"""The import's writer: history rows into the records with plain SQL, one row at a time.

The reader and the transaction are in :mod:`freelance_ghost.store.history`; this module holds
what one row does to the records, each client's ledger of what they already hold (so a
re-import adds nothing), and the record rules' calls, as every writer makes them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from sqlite3 import Connection
from typing import Any

from freelance_ghost.core.clock import to_micros
from freelance_ghost.core.history.format import HistoryEvent, HistoryFormatError
from freelance_ghost.core.kinds import ClientKind, ClientStatus, EventKind, ProjectStatus
from freelance_ghost.core.money import Money, MoneyError, to_money
from freelance_ghost.core.record_rules import (
    RecordRuleError,
    check_amount,
    check_cadence,
    check_payment_currency,
    check_payment_date,
    check_payment_owed,
)

_ROWS_PER_INSERT = 100  # interactions per INSERT: 900 bound values, inside SQLite's oldest limit
_INTERACTION_COLUMNS = (
    "client_id, contact_id, project_id, direction, channel, occurred_at, summary, next_step, "
    "next_step_due"
)


@dataclass(slots=True)
class _Contact:
    """A stored contact as rows need it: the id to refer to, the role to compare."""

    id: int
    role: str


@dataclass(frozen=True, slots=True)
class _Invoice:
    """A stored invoice as its payments and a re-imported invoice row are checked against."""

    id: int
    number: str
    amount_minor: int
    currency: str
    issued_at: int  # UTC microseconds
    due_on: str  # YYYY-MM-DD, as stored
    project_id: int | None


@dataclass
class _ClientLedger:
    """One client's record and what it already holds, loaded once so rows need no query.

    Instants are UTC microseconds and dates ``YYYY-MM-DD`` text, as stored, so a row read
    back from the file compares equal to the same row read from the database.
    """

    id: int
    name: str
    status: str
    notes: str
    created_at: int
    changed: bool = False  # status, notes or created_at differ from the stored client row
    contacts: dict[str, _Contact] = field(default_factory=dict)
    methods: set[tuple[int, str, str]] = field(default_factory=set)
    projects: dict[str, int] = field(default_factory=dict)
    project_latest: dict[int, int] = field(default_factory=dict)
    # Projects this import made at a mention, with no change since: when they were made.
    named_first: dict[int, int] = field(default_factory=dict)
    invoices: dict[str, _Invoice] = field(default_factory=dict)
    paid: Counter[int] = field(default_factory=Counter)
    unmatched: Counter[Hashable] = field(default_factory=Counter)  # stored rows no row matched

    def is_new(self, key: Hashable) -> bool:
        """False while the data holds a copy of ``key`` that no earlier row matched.

        Matching copies one for one (not just checking presence) makes a re-import add
        nothing while an export that holds two identical events still imports both. A
        client that held nothing (one this import created, say) has nothing to match.
        """
        left = self.unmatched.get(key) if self.unmatched else None
        if not left:
            return True
        self.unmatched[key] = left - 1
        return False

    @classmethod
    def load(cls, connection: Connection, row: tuple[int, str, str, str, int]) -> _ClientLedger:
        """The ledger of a stored client; keys match those :class:`HistoryWriter` builds."""
        ledger = cls(*row)
        client = (ledger.id,)
        for contact_id, key, role in connection.execute(_CONTACTS_SQL, client):
            ledger.contacts[key] = _Contact(contact_id, role)
        ledger.methods.update(connection.execute(_METHODS_SQL, client))
        ledger.projects.update(connection.execute(_PROJECTS_SQL, client))
        for project_id, at, status, deadline, summary in connection.execute(_CHANGES_SQL, client):
            ledger.unmatched[("project", project_id, at, status, deadline, summary)] += 1
            ledger.project_latest[project_id] = max(ledger.project_latest.get(project_id, 0), at)
        for invoice_row in connection.execute(_INVOICES_SQL, client):
            invoice = _Invoice(*invoice_row)
            ledger.invoices[invoice.number] = invoice
        for invoice_id, at, minor in connection.execute(_PAYMENTS_SQL, client):
            ledger.paid[invoice_id] += minor
            ledger.unmatched[("payment", invoice_id, at, minor)] += 1
        ledger.unmatched.update(connection.execute(_INTERACTIONS_SQL, client))
        for at, cadence, channel in connection.execute(_SCHEDULES_SQL, client):
            ledger.unmatched[("schedule", at, cadence, channel)] += 1
        return ledger


_CLIENT_SQL = "SELECT id, name, status, notes, created_at FROM client WHERE name_key = ?"
_CONTACTS_SQL = "SELECT id, name_key, role FROM contact WHERE client_id = ?"
_METHODS_SQL = (
    "SELECT m.contact_id, m.channel, m.address FROM contact_method m "
    "JOIN contact c ON c.id = m.contact_id WHERE c.client_id = ?"
)
_PROJECTS_SQL = "SELECT name_key, id FROM project WHERE client_id = ?"
_CHANGES_SQL = (
    "SELECT pc.project_id, pc.changed_at, pc.status, pc.deadline, pc.summary "
    "FROM project_change pc "
    "JOIN project p ON p.id = pc.project_id WHERE p.client_id = ?"
)
_INVOICES_SQL = (
    "SELECT id, number, amount_minor, currency, issued_at, due_on, project_id FROM invoice "
    "WHERE client_id = ?"
)
_PAYMENTS_SQL = (
    "SELECT p.invoice_id, p.received_at, p.amount_minor FROM payment p "
    "JOIN invoice i ON i.id = p.invoice_id WHERE i.client_id = ?"
)
# The columns of an interaction row as HistoryWriter._interaction builds it: the row is its key.
_INTERACTIONS_SQL = f"SELECT {_INTERACTION_COLUMNS} FROM interaction WHERE client_id = ?"
_SCHEDULES_SQL = "SELECT set_at, cadence_days, channel FROM checkin_schedule WHERE client_id = ?"


@contextmanager
def _located(event: HistoryEvent) -> Iterator[None]:
    """A record rule's refusal, or a money one (an amount finer than its invoice's
    currency), as the file's refusal at the row's line and the refused column."""
    try:
        yield
    except RecordRuleError as error:
        raise HistoryFormatError.from_rule(error, event.line) from None
    except MoneyError as error:
        raise HistoryFormatError(str(error), line=event.line, column="amount") from None


def _iso(day: date | None) -> str | None:
    """A date as SQLite holds it (peewee stores ``str(date)``)."""
    return None if day is None else day.isoformat()


class HistoryWriter:
    """Applies history rows one by one inside the caller's transaction.

    It writes with plain SQL on the transaction's connection: at a million rows, building
    peewee queries cost ten times the writing. Interactions, nearly every row of a long
    history, go in by the hundred per statement.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.ledgers: dict[str, _ClientLedger] = {}  # by casefolded name
        self.by_name: dict[str, _ClientLedger] = {}  # by the name as rows write it
        self.pending_interactions: list[tuple[Any, ...]] = []
        self.added = 0
        self.clients_created = 0
        self.handlers: dict[EventKind, Callable[[_ClientLedger, HistoryEvent, int], bool]] = {
            EventKind.CLIENT: self._client,
            EventKind.CONTACT: self._contact_row,
            EventKind.PROJECT: self._project_row,
            EventKind.SCHEDULE: self._schedule,
            EventKind.INVOICE: self._invoice,
            EventKind.INTERACTION: self._interaction,
            EventKind.PAYMENT: self._payment,
        }

    def apply(self, event: HistoryEvent) -> None:
        """Writes what ``event`` adds, refusing it (HistoryFormatError) as the rules say."""
        at = to_micros(event.timestamp)
        ledger = self.by_name.get(event.client)
        created = False
        if ledger is None:
            ledger, created = self._ledger(event, at)
        if at < ledger.created_at:
            # A client exists from its first event, so its client row leads its history.
            ledger.created_at = at
            ledger.changed = True
        if self.handlers[event.event](ledger, event, at) or created:
            self.added += 1

    def finish(self) -> None:
        """Writes what is still waiting: the last interactions and the changed client rows."""
        self._write_interactions()
        self.connection.executemany(
            "UPDATE client SET status = ?, notes = ?, created_at = ? WHERE id = ?",
            [
                (ledger.status, ledger.notes, ledger.created_at, ledger.id)
                for ledger in self.ledgers.values()
                if ledger.changed
            ],
        )

    def _insert(self, sql: str, values: tuple[Any, ...]) -> int:
        """Runs one INSERT and returns the new row's id."""
        row_id = self.connection.execute(sql, values).lastrowid
        assert row_id is not None
        return row_id

    def _write_interactions(self) -> None:
        """Inserts the waiting interactions with one statement (SQLite's work per statement
        is then paid once per hundred rows, not once per row)."""
        rows = self.pending_interactions
        if rows:
            marks = ",".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows))
            self.connection.execute(
                f"INSERT INTO interaction ({_INTERACTION_COLUMNS}) VALUES {marks}",
                list(chain.from_iterable(rows)),
            )
            rows.clear()

    def _ledger(self, event: HistoryEvent, at: int) -> tuple[_ClientLedger, bool]:
        """The client's ledger, found by the name any way it is cased, and whether this row
        created the client. The name as written is remembered for the next row."""
        key = event.client.casefold()
        ledger = self.ledgers.get(key)
        created = False
        if ledger is None:
            row = self.connection.execute(_CLIENT_SQL, (key,)).fetchone()
            if row is None:
                client_id = self._insert(
                    "INSERT INTO client (name, name_key, kind, status, notes, created_at) "
                    "VALUES (?, ?, ?, ?, '', ?)",
                    (
                        event.client,
                        key,
                        ClientKind.ORGANIZATION.value,
                        ClientStatus.ACTIVE.value,
                        at,
                    ),
                )
                ledger = _ClientLedger(client_id, event.client, ClientStatus.ACTIVE.value, "", at)
                self.clients_created += 1
                created = True
            else:
                ledger = _ClientLedger.load(self.connection, row)
            self.ledgers[key] = ledger
        self.by_name[event.client] = ledger
        return ledger, created

    def _client(self, ledger: _ClientLedger, event: HistoryEvent, at: int) -> bool:
        changed = False
        if event.status and event.status != ledger.status:
            ledger.status, changed = event.status, True
        if event.summary and event.summary != ledger.notes:
            ledger.notes, changed = event.summary, True
        ledger.changed = ledger.changed or changed
        return changed

    def _contact(
        self, ledger: _ClientLedger, name: str, at: int, role: str = ""
    ) -> tuple[_Contact, bool]:
        key = name.casefold()
        contact = ledger.contacts.get(key)
        if contact is not None:
            return contact, False
        contact_id = self._insert(
            "INSERT INTO contact (client_id, name, name_key, role, notes, created_at) "
            "VALUES (?, ?, ?, ?, '', ?)",
            (ledger.id, name, key, role, at),
        )
        contact = ledger.contacts[key] = _Contact(contact_id, role)
        return contact, True

    def _contact_row(self, ledger: _ClientLedger, event: HistoryEvent, at: int) -> bool:
        contact, added = self._contact(ledger, event.contact, at, role=event.summary)
        if event.summary and event.summary != contact.role:
            contact.role = event.summary
            self.connection.execute(
                "UPDATE contact SET role = ? WHERE id = ?", (contact.role, contact.id)
            )
            added = True
        if event.channel is not None:
            method = (contact.id, event.channel.value, event.address)
            if method not in ledger.methods:
                self.connection.execute(
                    "INSERT INTO contact_method (contact_id, channel, address, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    (*method, at),
                )
                ledger.methods.add(method)
                added = True
        return added

    def _new_project(
        self, ledger: _ClientLedger, name: str, status: str, deadline: str | None, at: int
    ) -> int:
        key = name.casefold()
        project_id = self._insert(
            "INSERT INTO project (client_id, name, name_key, status, deadline, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (ledger.id, name, key, status, deadline, at),
        )
        ledger.projects[key] = project_id
        return project_id

    def _add_change(
        self, project_id: int, at: int, status: str, deadline: str | None, summary: str
    ) -> None:
        self.connection.execute(
            "INSERT INTO project_change (project_id, changed_at, status, deadline, summary) "
            "VALUES (?, ?, ?, ?, ?)",
            (project_id, at, status, deadline, summary),
        )

    def _project(self, ledger: _ClientLedger, name: str, at: int) -> int:
        """The named project, created as active at ``at`` when the history names it first."""
        project_id = ledger.projects.get(name.casefold())
        if project_id is None:
            status = ProjectStatus.ACTIVE.value
            project_id = self._new_project(ledger, name, status, None, at)
            self._add_change(project_id, at, status, None, "")
            ledger.project_latest[project_id] = at
            ledger.named_first[project_id] = at
        elif at < ledger.named_first.get(project_id, at):
            self._project_named_earlier(ledger, project_id, at)
        return project_id

    def _project_named_earlier(self, ledger: _ClientLedger, project_id: int, at: int) -> None:
        """A project this import made at its first mention is mentioned again, earlier in time
        (rows need not come in time order): it has existed since then.

        Otherwise its export would name the project first at the earlier row, and importing
        that export would make it there: the same file would not import to the same records.
        """
        made = ledger.named_first[project_id]
        self.connection.execute("UPDATE project SET created_at = ? WHERE id = ?", (at, project_id))
        self.connection.execute(
            "UPDATE project_change SET changed_at = ? WHERE project_id = ? AND changed_at = ?",
            (at, project_id, made),
        )
        ledger.named_first[project_id] = ledger.project_latest[project_id] = at

    def _project_row(self, ledger: _ClientLedger, event: HistoryEvent, at: int) -> bool:
        deadline = _iso(event.due_date)
        project_id = ledger.projects.get(event.project.casefold())
        if project_id is None:
            project_id = self._new_project(ledger, event.project, event.status, deadline, at)
        change = ("project", project_id, at, event.status, deadline, event.summary)
        if not ledger.is_new(change):
            return False
        self._add_change(project_id, at, event.status, deadline, event.summary)
        ledger.named_first.pop(project_id, None)  # its story is no longer one mention
        latest = ledger.project_latest.get(project_id, at)
        if at >= latest:
            self.connection.execute(
                "UPDATE project SET status = ?, deadline = ? WHERE id = ?",
                (event.status, deadline, project_id),
            )
        ledger.project_latest[project_id] = max(at, latest)
        return True

    def _schedule(self, ledger: _ClientLedger, event: HistoryEvent, at: int) -> bool:
        assert event.cadence_days is not None  # required by the format
        with _located(event):
            check_cadence(event.cadence_days)
        channel = event.channel.value if event.channel else None
        if not ledger.is_new(("schedule", at, event.cadence_days, channel)):
            return False
        self.connection.execute(
            "INSERT INTO checkin_schedule (client_id, cadence_days, channel, set_at) "
            "VALUES (?, ?, ?, ?)",
            (ledger.id, event.cadence_days, channel, at),
        )
        return True

    def _interaction(self, ledger: _ClientLedger, event: HistoryEvent, at: int) -> bool:
        """Queues the row for the next multi-row INSERT (nearly every row of a long history
        comes through here: plain ``str()`` of the choices, no call for what is empty)."""
        contact = self._contact(ledger, event.contact, at)[0].id if event.contact else None
        project = self._project(ledger, event.project, at) if event.project else None
        due = event.next_step_due
        row = (
            ledger.id,
            contact,
            project,
            str(event.direction),
            str(event.channel),
            at,
            event.summary,
            event.next_step,
            due.isoformat() if due else None,
        )
        if ledger.unmatched and not ledger.is_new(row):
            return False
        pending = self.pending_interactions
        pending.append(row)
        if len(pending) == _ROWS_PER_INSERT:
            self._write_interactions()
        return True

    def _invoice(self, ledger: _ClientLedger, event: HistoryEvent, at: int) -> bool:
        assert event.amount is not None  # required by the format
        assert event.due_date is not None
        amount = to_money(event.amount, event.currency)
        with _located(event):
            check_amount(amount.minor)
        project = self._project(ledger, event.project, at) if event.project else None
        due_on = event.due_date.isoformat()
        existing = ledger.invoices.get(event.invoice)
        if existing is not None:
            same = (
                (existing.amount_minor, existing.currency) == (amount.minor, amount.currency)
                and existing.issued_at == at
                and existing.due_on == due_on
                and existing.project_id == project
            )
            if same:
                return False
            stored = Money(existing.amount_minor, existing.currency)
            raise HistoryFormatError(
                f"invoice {event.invoice} of {ledger.name} already exists with other "
                f"details ({stored}, due {existing.due_on})",
                line=event.line,
                column="invoice",
            )
        invoice = (event.invoice, amount.minor, amount.currency, at, due_on, project)
        invoice_id = self._insert(
            "INSERT INTO invoice (client_id, number, amount_minor, currency, issued_at, due_on, "
            "project_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (ledger.id, *invoice),
        )
        ledger.invoices[event.invoice] = _Invoice(invoice_id, *invoice)
        return True

    def _payment(self, ledger: _ClientLedger, event: HistoryEvent, at: int) -> bool:
        invoice = ledger.invoices.get(event.invoice)
        if invoice is None:
            raise HistoryFormatError(
                f"{ledger.name} has no invoice {event.invoice}; "
                "its invoice row must come before its payments",
                line=event.line,
                column="invoice",
            )
        assert event.amount is not None  # required by the format
        with _located(event):
            check_payment_date(invoice.number, invoice.issued_at, at)
            if event.currency:
                check_payment_currency(invoice.number, invoice.currency, event.currency)
            amount = to_money(event.amount, invoice.currency)
            if not ledger.is_new(("payment", invoice.id, at, amount.minor)):
                return False
            check_amount(amount.minor)
            check_payment_owed(
                invoice.number, amount, invoice.amount_minor - ledger.paid[invoice.id]
            )
        self.connection.execute(
            "INSERT INTO payment (invoice_id, amount_minor, received_at) VALUES (?, ?, ?)",
            (invoice.id, amount.minor, at),
        )
        ledger.paid[invoice.id] += amount.minor
        return True
