"""People at a client and the ways to reach them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from peewee import IntegrityError

from freelance_ghost.core.addresses import AddressRefusedError, check_email_address
from freelance_ghost.core.channels import AddressKind, channel_words
from freelance_ghost.core.contact_import import Directory, ImportPlan, KnownClient, KnownContact
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus
from freelance_ghost.core.names import NameRefusedError, clean_name
from freelance_ghost.core.vcards import ExportedContact
from freelance_ghost.store.clients import create_client, note_client_event
from freelance_ghost.store.models import Client, Contact, ContactMethod, database
from freelance_ghost.store.settings import records_id


class ContactError(ValueError):
    """A contact change the records cannot take."""


@dataclass(frozen=True)
class ContactCard:
    """A person with every way to reach them."""

    contact_id: int
    name: str
    role: str
    methods: tuple[tuple[Channel, str], ...]


def add_contact(client_id: int, name: str, role: str, created_at: datetime) -> Contact:
    """A new person at the client; names are unique per client, whatever their case."""
    try:
        cleaned = clean_name(name)
    except NameRefusedError as error:
        raise ContactError(f"the name: {error}") from None
    if not cleaned:
        raise ContactError("a contact needs a name")
    try:
        with database.atomic():
            note_client_event(client_id, created_at)
            return Contact.create(
                client=client_id,
                name=cleaned,
                name_key=cleaned.casefold(),
                role=role.strip(),
                created_at=created_at,
            )
    except IntegrityError:
        raise ContactError(f"{cleaned} is already a contact of this client") from None


def add_method(contact_id: int, channel: Channel, address: str, created_at: datetime) -> None:
    """Another way to reach a person (the same channel may have several addresses); an email
    address must be exactly one."""
    cleaned = address.strip()
    if cleaned and channel_words(channel).address is AddressKind.EMAIL:
        try:
            check_email_address(cleaned)
        except AddressRefusedError as error:
            raise ContactError(str(error)) from None
    try:
        with database.atomic():
            note_client_event(Contact.get_by_id(contact_id).client_id, created_at)
            ContactMethod.create(
                contact=contact_id, channel=channel, address=cleaned, created_at=created_at
            )
    except IntegrityError:
        raise ContactError("this contact already has that address") from None


def remove_method(contact_id: int, channel: Channel, address: str) -> None:
    """Forgets one way to reach a person."""
    with database.atomic():
        ContactMethod.delete().where(
            (ContactMethod.contact == contact_id)
            & (ContactMethod.channel == channel)
            & (ContactMethod.address == address)
        ).execute()


def contact_cards(client_id: int) -> list[ContactCard]:
    """The client's people in the order they were added, each with their channels."""
    methods: dict[int, list[tuple[Channel, str]]] = {}
    query = (
        ContactMethod.select(ContactMethod.contact, ContactMethod.channel, ContactMethod.address)
        .join(Contact)
        .where(Contact.client == client_id)
        .order_by(ContactMethod.id)
    )
    # peewee's stubs say .tuples() still yields records; it yields the selected columns.
    rows: Iterable[tuple[int, str, str]] = query.tuples()  # type: ignore[assignment]
    for contact_id, channel, address in rows:
        methods.setdefault(contact_id, []).append((Channel(channel), address))
    people = Contact.select().where(Contact.client == client_id).order_by(Contact.id)
    return [
        ContactCard(person.id, person.name, person.role, tuple(methods.get(person.id, ())))
        for person in people
    ]


def contact_directory() -> Directory:
    """Every client and contact with their addresses, for planning a contacts import."""
    emails: dict[int, set[str]] = {}
    phones: dict[int, set[str]] = {}
    rows = database.execute_sql("SELECT contact_id, channel, address FROM contact_method")
    for contact_id, channel, address in rows:
        if channel == Channel.EMAIL:
            emails.setdefault(contact_id, set()).add(address.strip().lower())
        elif channel == Channel.PHONE:
            phones.setdefault(contact_id, set()).add(address.strip())
    clients = tuple(
        KnownClient(client_id, name)
        for client_id, name in database.execute_sql("SELECT id, name FROM client ORDER BY id")
    )
    contacts = tuple(
        KnownContact(
            contact_id,
            client_id,
            name,
            frozenset(emails.get(contact_id, ())),
            frozenset(phones.get(contact_id, ())),
        )
        for contact_id, client_id, name in database.execute_sql(
            "SELECT id, client_id, name FROM contact ORDER BY id"
        )
    )
    return Directory(clients, contacts)


def apply_contact_plan(plan: ImportPlan, at: datetime) -> None:
    """Writes a planned import: its new clients, contacts and addresses, all or none.

    The caller holds the transaction; the cards of one new client or contact share it.
    """
    clients: dict[str, int] = {}
    contacts: dict[tuple[int, str], int] = {}
    for card in plan.cards:
        client_id = card.client_id
        if client_id is None:
            key = card.client_name.casefold()
            if key not in clients:
                made = create_client(card.client_name, card.client_kind, ClientStatus.LEAD, at)
                clients[key] = made.id
            client_id = clients[key]
        contact_id = card.contact_id
        if contact_id is None:
            contact_key = (client_id, card.contact_name.casefold())
            if contact_key not in contacts:
                contacts[contact_key] = add_contact(client_id, card.contact_name, card.role, at).id
            contact_id = contacts[contact_key]
        for address in card.emails:
            add_method(contact_id, Channel.EMAIL, address, at)
        for number in card.phones:
            add_method(contact_id, Channel.PHONE, number, at)


def _uid_keys(client_id: int) -> dict[int, str]:
    """Each contact's UID key: this database's id (no other data folder has it), the
    contact's id and when it was made (an id SQLite reuses after a delete is another
    person), so a card's UID is its person's at every export and nobody else's."""
    database_id = records_id()
    rows = Contact.select(Contact.id, Contact.created_at).where(Contact.client == client_id)
    return {row.id: f"{database_id}/{row.id}/{row.created_at.isoformat()}" for row in rows}


def _client_property(client: Client, contact_name: str) -> str:
    """The client's name for a card whose ORG and name do not say it (a person client's
    contact with another name), so importing the card finds the client again; else ''."""
    if client.kind == ClientKind.ORGANIZATION or client.name_key == contact_name.casefold():
        return ""
    return str(client.name)


def exported_contacts(client_name: str) -> list[ExportedContact]:
    """A client's contacts as cards, in the order they were added; an unknown client is
    refused (LookupError) before anything is written."""
    try:
        key = clean_name(client_name).casefold()  # as the name was stored
    except NameRefusedError:
        key = client_name.strip().casefold()
    client = Client.get_or_none(Client.name_key == key)
    if client is None:
        raise LookupError(f"there is no client named '{client_name}'")
    organization = client.name if client.kind == ClientKind.ORGANIZATION else ""
    keys = _uid_keys(client.id)
    return [
        ExportedContact(
            key=keys[card.contact_id],
            name=card.name,
            organization=organization,
            client=_client_property(client, card.name),
            role=card.role,
            emails=[address for channel, address in card.methods if channel is Channel.EMAIL],
            phones=[
                address
                for channel, address in card.methods
                if channel in (Channel.PHONE, Channel.SMS) and address
            ],
        )
        for card in contact_cards(client.id)
    ]
