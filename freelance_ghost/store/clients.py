"""Changes to whole clients, keeping business records safe (invoices outlive relationships)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from peewee import IntegrityError

from freelance_ghost.core.clock import supported_instant, to_micros
from freelance_ghost.core.kinds import ClientKind, ClientStatus
from freelance_ghost.core.names import clean_name
from freelance_ghost.core.plurals import counted
from freelance_ghost.store.models import Client, Invoice, database


class ClientHasInvoicesError(Exception):
    """Deleting this client would lose invoices: money records outlive relationships."""


class ClientNameTakenError(ValueError):
    """Client names are unique, whatever their case."""


def create_client(
    name: str,
    kind: ClientKind,
    status: ClientStatus,
    created_at: datetime,
    notes: str = "",
) -> Client:
    """A new client; refuses an empty name, one already used (case-insensitively) or one
    with an invisible character (NameRefusedError)."""
    cleaned = clean_name(name)
    if not cleaned:
        raise ValueError("a client needs a name")
    try:
        with database.atomic():
            return Client.create(
                name=cleaned,
                name_key=cleaned.casefold(),
                kind=kind,
                status=status,
                notes=notes,
                created_at=created_at,
            )
    except IntegrityError:
        raise ClientNameTakenError(f"there is already a client named {cleaned}") from None


def note_client_event(client_id: int, at: datetime) -> None:
    """A client exists from its first event: an earlier record moves its start back.

    Export writes the client row at its start, before everything it holds, so a history
    exported, imported and exported again comes out the same.
    """
    note_client_events({client_id: at})


def note_client_events(first_at: Mapping[int, datetime]) -> None:
    """:func:`note_client_event` for many clients at once (each with its earliest new
    event), in one prepared statement: a mail batch touches hundreds."""
    rows = []
    for client_id, at in first_at.items():
        micros = to_micros(supported_instant(at))  # as the instant field would refuse it
        rows.append((micros, client_id, micros))
    database.connection().executemany(
        "UPDATE client SET created_at = ? WHERE id = ? AND created_at > ?", rows
    )


def update_client(client_id: int, **changes: object) -> None:
    """Changes a client's name, kind, status or notes."""
    allowed = {"name", "kind", "status", "notes"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))} here")
    if "name" in changes:
        name = clean_name(str(changes["name"]))
        if not name:
            raise ValueError("a client needs a name")
        changes = {**changes, "name": name, "name_key": name.casefold()}
    try:
        with database.atomic():
            Client.update(**changes).where(Client.id == client_id).execute()
    except IntegrityError:
        raise ClientNameTakenError(f"there is already a client named {changes['name']}") from None


def archive_client(client_id: int, at: datetime | None) -> None:
    """Archives (``at``) or restores (None) a client: out of the everyday lists, history kept."""
    with database.atomic():
        Client.update(archived_at=at).where(Client.id == client_id).execute()


def client_still_named(client_id: int, name: str) -> bool:
    """Whether ``client_id`` is still the client called ``name``: ids are reused after the
    newest client is deleted, so something remembered by id alone may name someone else."""
    return Client.select().where((Client.id == client_id) & (Client.name == name)).exists()


def deletion_refusal(client_id: int) -> str | None:
    """Why this client cannot be deleted (it has invoices), or None when it can."""
    client = Client.get_by_id(client_id)
    invoices = Invoice.select().where(Invoice.client == client).count()
    if not invoices:
        return None
    return (
        f"{client.name} has {counted(invoices, 'invoice', 'invoices')}; "
        "archive the client instead, or delete the invoices first"
    )


def delete_client(client_id: int) -> None:
    """Deletes a client with its contacts and conversations, refusing while it has invoices."""
    with database.atomic():
        refusal = deletion_refusal(client_id)
        if refusal is not None:
            raise ClientHasInvoicesError(refusal)
        Client.delete_by_id(client_id)
