"""People at a client and the ways to reach them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from peewee import IntegrityError

from freelance_ghost.core.addresses import AddressRefusedError, check_email_address
from freelance_ghost.core.channels import AddressKind, channel_words
from freelance_ghost.core.kinds import Channel
from freelance_ghost.core.names import NameRefusedError, clean_name
from freelance_ghost.store.clients import note_client_event
from freelance_ghost.store.models import Contact, ContactMethod, database


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
