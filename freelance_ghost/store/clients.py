"""Changes to whole clients that must keep the business records safe."""

from __future__ import annotations

from freelance_ghost.store.models import Client, Invoice, database


class ClientHasInvoicesError(Exception):
    """Deleting this client would lose invoices: money records outlive relationships."""


def delete_client(client_id: int) -> None:
    """Deletes a client with its contacts and conversations, refusing while it has invoices."""
    with database.atomic():
        client = Client.get_by_id(client_id)
        invoices = Invoice.select().where(Invoice.client == client).count()
        if invoices:
            raise ClientHasInvoicesError(
                f"{client.name} has {invoices} invoice{'s' if invoices != 1 else ''}; "
                "archive the client instead, or delete the invoices first"
            )
        client.delete_instance()
