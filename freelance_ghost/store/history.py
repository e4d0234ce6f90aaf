"""Client history in and out of the records: all-or-nothing, idempotent import; ordered export."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from peewee import JOIN

from freelance_ghost.core.clock import to_micros
from freelance_ghost.core.history_csv import HistoryEvent, HistoryFormatError
from freelance_ghost.core.kinds import (
    Channel,
    ClientKind,
    ClientStatus,
    Direction,
    EventKind,
    ProjectStatus,
)
from freelance_ghost.core.money import Money, MoneyError, format_amount, to_money
from freelance_ghost.store.conversation import refresh_conversations
from freelance_ghost.store.models import (
    CheckinSchedule,
    Client,
    Contact,
    ContactMethod,
    Interaction,
    Invoice,
    Payment,
    Project,
    ProjectChange,
    database,
)

Progress = Callable[[int, int], None]
_INSERT_BATCH = 1000
_EXPORT_RANK = {kind: rank for rank, kind in enumerate(EventKind)}


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
    events: Sequence[HistoryEvent], progress: Progress | None = None
) -> ImportReport:
    """Applies ``events`` in file order in one transaction: all of them, or nothing at all."""
    with database.atomic():
        importer = _Importer()
        for done, event in enumerate(events, start=1):
            importer.apply(event)
            if progress is not None and (done % _INSERT_BATCH == 0 or done == len(events)):
                progress(done, len(events))
        importer.flush()
        refresh_conversations(ledger.client.id for ledger in importer.ledgers.values())
    return ImportReport(len(events), importer.added, importer.clients_created)


@dataclass
class _ClientLedger:
    """What one client already holds, loaded once so each row is checked without a query."""

    client: Client
    contacts: dict[str, Contact] = field(default_factory=dict)
    methods: set[tuple[int, str, str]] = field(default_factory=set)
    projects: dict[str, Project] = field(default_factory=dict)
    project_latest: dict[int, int] = field(default_factory=dict)
    invoices: dict[str, Invoice] = field(default_factory=dict)
    paid: Counter[int] = field(default_factory=Counter)
    existing: Counter[Hashable] = field(default_factory=Counter)
    seen: Counter[Hashable] = field(default_factory=Counter)

    def is_new(self, key: Hashable) -> bool:
        """True for the n-th occurrence of ``key`` in the file when the data held fewer than n.

        Counting occurrences (not just presence) makes a re-import add nothing while an
        export that holds two identical events still imports both.
        """
        self.seen[key] += 1
        return self.seen[key] > self.existing[key]

    @classmethod
    def load(cls, client: Client) -> _ClientLedger:
        ledger = cls(client)
        for contact in Contact.select().where(Contact.client == client):
            ledger.contacts[contact.name_key] = contact
        methods = ContactMethod.select(
            ContactMethod.contact, ContactMethod.channel, ContactMethod.address
        ).join(Contact)
        for contact_id, channel, address in methods.where(Contact.client == client).tuples():
            ledger.methods.add((contact_id, channel, address))
        for project in Project.select().where(Project.client == client):
            ledger.projects[project.name_key] = project
        changes = ProjectChange.select(
            ProjectChange.project,
            ProjectChange.changed_at,
            ProjectChange.status,
            ProjectChange.deadline,
            ProjectChange.summary,
        ).join(Project)
        for project_id, at, status, deadline, summary in changes.where(
            Project.client == client
        ).tuples():
            ledger.existing[("project", project_id, to_micros(at), status, deadline, summary)] += 1
            ledger.project_latest[project_id] = max(
                ledger.project_latest.get(project_id, 0), to_micros(at)
            )
        for invoice in Invoice.select().where(Invoice.client == client):
            ledger.invoices[invoice.number] = invoice
        payments = Payment.select(Payment.invoice, Payment.received_at, Payment.amount_minor)
        for invoice_id, at, minor in (
            payments.join(Invoice).where(Invoice.client == client).tuples()
        ):
            ledger.paid[invoice_id] += minor
            ledger.existing[("payment", invoice_id, to_micros(at), minor)] += 1
        interactions = Interaction.select(
            Interaction.occurred_at,
            Interaction.direction,
            Interaction.channel,
            Interaction.contact,
            Interaction.project,
            Interaction.summary,
            Interaction.next_step,
            Interaction.next_step_due,
        ).where(Interaction.client == client)
        for at, *rest in interactions.tuples():
            ledger.existing[("interaction", to_micros(at), *rest)] += 1
        schedules = CheckinSchedule.select(
            CheckinSchedule.set_at, CheckinSchedule.cadence_days, CheckinSchedule.channel
        ).where(CheckinSchedule.client == client)
        for at, cadence, channel in schedules.tuples():
            ledger.existing[("schedule", to_micros(at), cadence, channel)] += 1
        return ledger


class _Importer:
    """Applies history rows one by one inside the caller's transaction."""

    def __init__(self) -> None:
        self.ledgers: dict[str, _ClientLedger] = {}
        self.pending_interactions: list[dict[str, Any]] = []
        self.added = 0
        self.clients_created = 0

    def apply(self, event: HistoryEvent) -> None:
        ledger, created = self._ledger(event)
        handlers = {
            EventKind.CLIENT: self._client,
            EventKind.CONTACT: self._contact_row,
            EventKind.PROJECT: self._project_row,
            EventKind.SCHEDULE: self._schedule,
            EventKind.INVOICE: self._invoice,
            EventKind.INTERACTION: self._interaction,
            EventKind.PAYMENT: self._payment,
        }
        if handlers[event.event](ledger, event) or created:
            self.added += 1

    def flush(self) -> None:
        """Writes the interactions still waiting for a batch insert."""
        if self.pending_interactions:
            Interaction.insert_many(self.pending_interactions).execute()
            self.pending_interactions.clear()

    def _ledger(self, event: HistoryEvent) -> tuple[_ClientLedger, bool]:
        """The client's ledger, and whether this row created the client."""
        key = event.client.casefold()
        ledger = self.ledgers.get(key)
        created = False
        if ledger is None:
            client = Client.get_or_none(Client.name_key == key)
            if client is None:
                client = Client.create(
                    name=event.client,
                    name_key=key,
                    kind=ClientKind.ORGANIZATION,
                    status=ClientStatus.ACTIVE,
                    created_at=event.timestamp,
                )
                self.clients_created += 1
                created = True
                ledger = _ClientLedger(client)
            else:
                ledger = _ClientLedger.load(client)
            self.ledgers[key] = ledger
        if event.timestamp < ledger.client.created_at:
            # A client exists from its first event, so its client row leads its history.
            ledger.client.created_at = event.timestamp
            ledger.client.save(only=[Client.created_at])
        return ledger, created

    def _client(self, ledger: _ClientLedger, event: HistoryEvent) -> bool:
        client = ledger.client
        changes: dict[str, Any] = {}
        if event.status and event.status != client.status:
            changes["status"] = event.status
        if event.summary and event.summary != client.notes:
            changes["notes"] = event.summary
        for name, value in changes.items():
            setattr(client, name, value)
        if changes:
            client.save(only=list(changes))
        return bool(changes)

    def _contact(self, ledger: _ClientLedger, name: str, at: datetime) -> tuple[Contact, bool]:
        key = name.casefold()
        contact = ledger.contacts.get(key)
        if contact is not None:
            return contact, False
        contact = Contact.create(client=ledger.client, name=name, name_key=key, created_at=at)
        ledger.contacts[key] = contact
        return contact, True

    def _contact_row(self, ledger: _ClientLedger, event: HistoryEvent) -> bool:
        contact, added = self._contact(ledger, event.contact, event.timestamp)
        if event.summary and event.summary != contact.role:
            contact.role = event.summary
            contact.save(only=[Contact.role])
            added = True
        if event.channel is not None:
            method = (contact.id, event.channel.value, event.address)
            if method not in ledger.methods:
                ContactMethod.create(
                    contact=contact,
                    channel=event.channel,
                    address=event.address,
                    created_at=event.timestamp,
                )
                ledger.methods.add(method)
                added = True
        return added

    def _project(self, ledger: _ClientLedger, name: str, at: datetime) -> Project:
        """The named project, created as active at ``at`` when the history names it first."""
        key = name.casefold()
        project = ledger.projects.get(key)
        if project is None:
            project = Project.create(
                client=ledger.client,
                name=name,
                name_key=key,
                status=ProjectStatus.ACTIVE,
                created_at=at,
            )
            ProjectChange.create(project=project, changed_at=at, status=project.status)
            ledger.projects[key] = project
            ledger.project_latest[project.id] = to_micros(at)
        return project

    def _project_row(self, ledger: _ClientLedger, event: HistoryEvent) -> bool:
        at = to_micros(event.timestamp)
        project = ledger.projects.get(event.project.casefold()) or Project.create(
            client=ledger.client,
            name=event.project,
            name_key=event.project.casefold(),
            status=event.status,
            deadline=event.due_date,
            created_at=event.timestamp,
        )
        ledger.projects[project.name_key] = project
        change = ("project", project.id, at, event.status, event.due_date, event.summary)
        if not ledger.is_new(change):
            return False
        ProjectChange.create(
            project=project,
            changed_at=event.timestamp,
            status=event.status,
            deadline=event.due_date,
            summary=event.summary,
        )
        if at >= ledger.project_latest.get(project.id, at):
            project.status, project.deadline = event.status, event.due_date
            project.save(only=[Project.status, Project.deadline])
        ledger.project_latest[project.id] = max(at, ledger.project_latest.get(project.id, at))
        return True

    def _schedule(self, ledger: _ClientLedger, event: HistoryEvent) -> bool:
        channel = event.channel.value if event.channel else None
        key = ("schedule", to_micros(event.timestamp), event.cadence_days, channel)
        if not ledger.is_new(key):
            return False
        CheckinSchedule.create(
            client=ledger.client,
            cadence_days=event.cadence_days,
            channel=channel,
            set_at=event.timestamp,
        )
        return True

    def _interaction(self, ledger: _ClientLedger, event: HistoryEvent) -> bool:
        contact = (
            self._contact(ledger, event.contact, event.timestamp)[0] if event.contact else None
        )
        project = self._project(ledger, event.project, event.timestamp) if event.project else None
        assert event.direction is not None  # required by the format
        assert event.channel is not None
        row = {
            "occurred_at": event.timestamp,
            "direction": event.direction.value,
            "channel": event.channel.value,
            "contact": contact.id if contact else None,
            "project": project.id if project else None,
            "summary": event.summary,
            "next_step": event.next_step,
            "next_step_due": event.next_step_due,
        }
        if not ledger.is_new(("interaction", to_micros(event.timestamp), *list(row.values())[1:])):
            return False
        self.pending_interactions.append({"client": ledger.client.id, **row})
        if len(self.pending_interactions) >= _INSERT_BATCH:
            self.flush()
        return True

    def _invoice(self, ledger: _ClientLedger, event: HistoryEvent) -> bool:
        assert event.amount is not None  # required by the format
        assert event.due_date is not None
        amount = to_money(event.amount, event.currency)
        project = self._project(ledger, event.project, event.timestamp) if event.project else None
        existing = ledger.invoices.get(event.invoice)
        if existing is not None:
            same = (
                existing.amount == amount
                and existing.issued_at == event.timestamp
                and existing.due_on == event.due_date
                and existing.project_id == (project.id if project else None)
            )
            if same:
                return False
            raise HistoryFormatError(
                f"invoice {event.invoice} of {ledger.client.name} already exists with other "
                f"details ({existing.amount}, due {existing.due_on})",
                line=event.line,
                column="invoice",
            )
        ledger.invoices[event.invoice] = Invoice.create(
            client=ledger.client,
            project=project,
            number=event.invoice,
            amount_minor=amount.minor,
            currency=amount.currency,
            issued_at=event.timestamp,
            due_on=event.due_date,
        )
        return True

    def _payment(self, ledger: _ClientLedger, event: HistoryEvent) -> bool:
        invoice = ledger.invoices.get(event.invoice)
        if invoice is None:
            raise HistoryFormatError(
                f"{ledger.client.name} has no invoice {event.invoice}; "
                "its invoice row must come before its payments",
                line=event.line,
                column="invoice",
            )
        if event.timestamp < invoice.issued_at:
            raise HistoryFormatError(
                f"this payment is dated before invoice {invoice.number} was issued",
                line=event.line,
                column="timestamp",
            )
        if event.currency and event.currency != invoice.currency:
            raise HistoryFormatError(
                f"invoice {invoice.number} is in {invoice.currency}, not {event.currency}",
                line=event.line,
                column="currency",
            )
        assert event.amount is not None  # required by the format
        try:
            amount = to_money(event.amount, invoice.currency)
        except MoneyError as error:
            raise HistoryFormatError(str(error), line=event.line, column="amount") from None
        key = ("payment", invoice.id, to_micros(event.timestamp), amount.minor)
        if not ledger.is_new(key):
            return False
        outstanding = invoice.amount_minor - ledger.paid[invoice.id]
        if amount.minor > outstanding:
            left = format_amount(Money(outstanding, invoice.currency))
            raise HistoryFormatError(
                f"this payment is more than the {left} {invoice.currency} still owed on "
                f"invoice {invoice.number}",
                line=event.line,
                column="amount",
            )
        Payment.create(invoice=invoice, amount_minor=amount.minor, received_at=event.timestamp)
        ledger.paid[invoice.id] += amount.minor
        return True


def export_history(client_name: str | None = None) -> list[HistoryEvent]:
    """Every event, or one client's, in time order (ties: the order import applies them)."""
    client_id = None
    if client_name is not None:
        client = Client.get_or_none(Client.name_key == client_name.strip().casefold())
        if client is None:
            raise LookupError(f"there is no client named '{client_name}'")
        client_id = client.id
    ranked = sorted(_ranked_events(client_id), key=lambda item: item[0])
    return [event for _, event in ranked]


def _ranked_events(
    client_id: int | None,
) -> Iterator[tuple[tuple[int, int, int, int], HistoryEvent]]:
    """Each event with its sort key: (UTC microseconds, kind's rank, source, insertion id).

    Within one moment and kind, rows come in the order they were stored, which is the order
    import applied them: that keeps export-import-export identical.
    """
    sources: list[Callable[[int | None], Iterator[tuple[int, HistoryEvent]]]] = [
        _client_events,
        _bare_contact_events,
        _contact_events,
        _project_events,
        _schedule_events,
        _invoice_events,
        _interaction_events,
        _payment_events,
    ]
    for index, source in enumerate(sources):
        for row_id, event in source(client_id):
            yield (to_micros(event.timestamp), _EXPORT_RANK[event.event], index, row_id), event


def _only(query: Any, column: Any, client_id: int | None) -> Any:
    return query if client_id is None else query.where(column == client_id)


def _client_events(client_id: int | None) -> Iterator[tuple[int, HistoryEvent]]:
    query = Client.select(Client.id, Client.name, Client.created_at, Client.status, Client.notes)
    for row_id, name, at, status, notes in _only(query, Client.id, client_id).tuples():
        yield row_id, HistoryEvent(EventKind.CLIENT, name, at, status=status, summary=notes)


def _contact_events(client_id: int | None) -> Iterator[tuple[int, HistoryEvent]]:
    methods = (
        ContactMethod.select(
            ContactMethod.id,
            Client.name,
            ContactMethod.created_at,
            Contact.name,
            ContactMethod.channel,
            ContactMethod.address,
            Contact.role,
        )
        .join(Contact)
        .join(Client)
    )
    for row_id, client, at, contact, channel, address, role in _only(
        methods, Client.id, client_id
    ).tuples():
        yield (
            row_id,
            HistoryEvent(
                EventKind.CONTACT,
                client,
                at,
                contact=contact,
                channel=Channel(channel),
                address=address,
                summary=role,
            ),
        )


def _bare_contact_events(client_id: int | None) -> Iterator[tuple[int, HistoryEvent]]:
    """Contacts with no channel yet: one row each, so the person is not lost."""
    bare = (
        Contact.select(Contact.id, Client.name, Contact.created_at, Contact.name, Contact.role)
        .join(Client)
        .switch(Contact)
        .join(ContactMethod, join_type=JOIN.LEFT_OUTER)
        .where(ContactMethod.id.is_null())
    )
    for row_id, client, at, contact, role in _only(bare, Client.id, client_id).tuples():
        yield row_id, HistoryEvent(EventKind.CONTACT, client, at, contact=contact, summary=role)


def _project_events(client_id: int | None) -> Iterator[tuple[int, HistoryEvent]]:
    query = (
        ProjectChange.select(
            ProjectChange.id,
            Client.name,
            ProjectChange.changed_at,
            Project.name,
            ProjectChange.status,
            ProjectChange.deadline,
            ProjectChange.summary,
        )
        .join(Project)
        .join(Client)
    )
    for row_id, client, at, project, status, deadline, summary in _only(
        query, Client.id, client_id
    ).tuples():
        yield (
            row_id,
            HistoryEvent(
                EventKind.PROJECT,
                client,
                at,
                project=project,
                status=status,
                due_date=_as_date(deadline),
                summary=summary,
            ),
        )


def _schedule_events(client_id: int | None) -> Iterator[tuple[int, HistoryEvent]]:
    query = CheckinSchedule.select(
        CheckinSchedule.id,
        Client.name,
        CheckinSchedule.set_at,
        CheckinSchedule.cadence_days,
        CheckinSchedule.channel,
    ).join(Client)
    for row_id, client, at, cadence, channel in _only(query, Client.id, client_id).tuples():
        yield (
            row_id,
            HistoryEvent(
                EventKind.SCHEDULE,
                client,
                at,
                cadence_days=cadence,
                channel=Channel(channel) if channel else None,
            ),
        )


def _invoice_events(client_id: int | None) -> Iterator[tuple[int, HistoryEvent]]:
    query = (
        Invoice.select(
            Invoice.id,
            Client.name,
            Invoice.issued_at,
            Invoice.number,
            Invoice.amount_minor,
            Invoice.currency,
            Invoice.due_on,
            Project.name,
        )
        .join(Client)
        .switch(Invoice)
        .join(Project, join_type=JOIN.LEFT_OUTER)
    )
    for row_id, client, at, number, minor, currency, due_on, project in _only(
        query, Client.id, client_id
    ).tuples():
        yield (
            row_id,
            HistoryEvent(
                EventKind.INVOICE,
                client,
                at,
                invoice=number,
                amount=Money(minor, currency).decimal,
                currency=currency,
                due_date=_as_date(due_on),
                project=project or "",
            ),
        )


def _interaction_events(client_id: int | None) -> Iterator[tuple[int, HistoryEvent]]:
    query = (
        Interaction.select(
            Interaction.id,
            Client.name,
            Interaction.occurred_at,
            Contact.name,
            Interaction.direction,
            Interaction.channel,
            Interaction.summary,
            Interaction.next_step,
            Interaction.next_step_due,
            Project.name,
        )
        .join(Client)
        .switch(Interaction)
        .join(Contact, join_type=JOIN.LEFT_OUTER)
        .switch(Interaction)
        .join(Project, join_type=JOIN.LEFT_OUTER)
    )
    for row_id, client, at, contact, direction, channel, summary, step, due, project in _only(
        query, Client.id, client_id
    ).tuples():
        yield (
            row_id,
            HistoryEvent(
                EventKind.INTERACTION,
                client,
                at,
                contact=contact or "",
                direction=Direction(direction),
                channel=Channel(channel),
                summary=summary,
                next_step=step,
                next_step_due=_as_date(due),
                project=project or "",
            ),
        )


def _payment_events(client_id: int | None) -> Iterator[tuple[int, HistoryEvent]]:
    query = (
        Payment.select(
            Payment.id,
            Client.name,
            Payment.received_at,
            Invoice.number,
            Payment.amount_minor,
            Invoice.currency,
        )
        .join(Invoice)
        .join(Client)
    )
    for row_id, client, at, number, minor, currency in _only(query, Client.id, client_id).tuples():
        yield (
            row_id,
            HistoryEvent(
                EventKind.PAYMENT,
                client,
                at,
                invoice=number,
                amount=Money(minor, currency).decimal,
                currency=currency,
            ),
        )


def _as_date(value: date | str | None) -> date | None:
    """Peewee returns stored dates as ``date``; a raw string is parsed the same way."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)
