"""A contacts import writes what its preview showed, or nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from freelance_ghost.core.kinds import ClientKind, ClientStatus
from freelance_ghost.core.vcards import read_cards
from freelance_ghost.services.contacts import ContactFileError, import_cards, preview_import
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.models import Client, Contact

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
CARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Sam Ortiz\nORG:Initech\nEND:VCARD\n"


def test_records_changed_since_the_preview_write_nothing(db: Path) -> None:
    cards = read_cards(CARD)
    previewed = preview_import(cards)  # Initech would be a new client
    create_client("Initech", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)
    with pytest.raises(ContactFileError, match="changed since the preview"):
        import_cards(cards, previewed, T0)
    assert Contact.select().count() == 0
    assert Client.select().count() == 1


def test_an_unchanged_preview_is_written_as_shown(db: Path) -> None:
    cards = read_cards(CARD)
    written = import_cards(cards, preview_import(cards), T0)
    assert [(c.client_name, c.contact_name) for c in written.cards] == [("Initech", "Sam Ortiz")]
    client = Client.get(Client.name == "Initech")
    assert (client.kind, client.status) == (ClientKind.ORGANIZATION, ClientStatus.LEAD)
    assert [c.name for c in Contact.select()] == ["Sam Ortiz"]
