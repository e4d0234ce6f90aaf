"""A contacts import writes what its preview showed, or nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from freelance_ghost.core.kinds import ClientKind, ClientStatus
from freelance_ghost.core.vcards import read_cards
from freelance_ghost.services.contacts import (
    ContactFileError,
    export_vcards,
    import_cards,
    preview_import,
    vcards_text,
)
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.models import Client, Contact

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
CARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Sam Ortiz\nORG:Initech\nEND:VCARD\n"


def test_records_changed_since_the_preview_write_nothing(db: Path) -> None:
    cards = read_cards(CARD)
    previewed = preview_import(cards, "book.vcf")  # Initech would be a new client
    create_client("Initech", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)
    with pytest.raises(ContactFileError, match="changed since the preview"):
        import_cards(cards, "book.vcf", previewed, T0)
    assert Contact.select().count() == 0
    assert Client.select().count() == 1


def test_an_unchanged_preview_is_written_as_shown(db: Path) -> None:
    cards = read_cards(CARD)
    written = import_cards(cards, "book.vcf", preview_import(cards, "book.vcf"), T0)
    assert [(c.client_name, c.contact_name) for c in written.cards] == [("Initech", "Sam Ortiz")]
    client = Client.get(Client.name == "Initech")
    assert (client.kind, client.status) == (ClientKind.ORGANIZATION, ClientStatus.LEAD)
    assert [c.name for c in Contact.select()] == ["Sam Ortiz"]


def test_a_card_joining_two_contacts_planned_by_the_file_is_refused(db: Path) -> None:
    # Two new people of the same file, then a card with both their addresses.
    cards = read_cards(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nORG:Globex\nEMAIL:ann@globex.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bo\nORG:Initech\nEMAIL:bo@initech.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL:ann@globex.example\n"
        "EMAIL:BO@initech.example\nEND:VCARD\n"
    )
    with pytest.raises(ContactFileError, match=r"^book.vcf: line 13: Ann's email addresses"):
        preview_import(cards, "book.vcf")
    assert Client.select().count() == 0


def uids(client_name: str) -> list[str]:
    """The UIDs an export of the client's contacts gives, in order."""
    text = vcards_text(client_name)
    return [line for line in text.splitlines() if line.startswith("UID:")]


def test_two_data_folders_give_their_people_different_uids(tmp_path: Path) -> None:
    found = []
    for folder in ("one", "two"):  # the same client and contact ids in each
        open_database(tmp_path / folder, T0)
        client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)
        add_contact(client.id, "Ann", "", T0)
        found.append(uids("Globex"))
        assert uids("Globex") == found[-1]  # the same at every export of one database
        close_database()
    assert len(found[0]) == len(found[1]) == 1
    assert found[0] != found[1]


def test_a_reused_contact_id_is_another_person_with_another_uid(db: Path) -> None:
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)
    ann = add_contact(client.id, "Ann", "", T0)
    [before] = uids("Globex")
    Contact.delete_by_id(ann.id)
    bo = add_contact(client.id, "Bo", "", T0 + timedelta(days=1))
    assert bo.id == ann.id  # SQLite gives the freed id again
    assert uids("Globex") != [before]


def clients_and_contacts() -> list[tuple[str, ClientKind, str, str]]:
    """Every client with its kind, contact and role, to compare two sets of records."""
    rows = (
        Contact.select(Client.name, Client.kind, Contact.name, Contact.role)
        .join(Client)
        .order_by(Client.name, Contact.name)
        .tuples()
    )
    return [(name, ClientKind(kind), contact, role) for name, kind, contact, role in rows]


def test_an_export_imports_back_to_the_same_clients(tmp_path: Path) -> None:
    open_database(tmp_path / "one", T0)
    jane = create_client("Jane Doe", ClientKind.PERSON, ClientStatus.ACTIVE, T0)
    add_contact(jane.id, "Jane", "", T0)  # a person client whose contact has another name
    sam = create_client("Sam Ortiz", ClientKind.PERSON, ClientStatus.ACTIVE, T0)
    add_contact(sam.id, "Sam Ortiz", "", T0)
    globex = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)
    add_contact(globex.id, "Ann", "CTO", T0)
    cards = read_cards("".join(vcards_text(c) for c in ("Jane Doe", "Sam Ortiz", "Globex")))
    into_the_same = preview_import(cards, "book.vcf")
    assert into_the_same.summary() == "3 cards: 0 new clients, 0 new contacts, 0 new addresses."
    before = clients_and_contacts()
    close_database()
    open_database(tmp_path / "two", T0)
    import_cards(cards, "book.vcf", preview_import(cards, "book.vcf"), T0)
    assert clients_and_contacts() == before


def test_an_export_to_a_link_writes_through_it_and_keeps_the_link(db: Path, tmp_path: Path) -> None:
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)
    add_contact(client.id, "Ann", "", T0)
    real = tmp_path / "book.vcf"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.vcf"
    link.symlink_to(real)
    assert export_vcards("Globex", link) == 1
    assert link.is_symlink()
    assert real.read_bytes().decode("utf-8") == vcards_text("Globex")
