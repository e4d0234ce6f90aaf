"""Writing records from the window: clients, contacts, invoices, payments and schedules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, EventKind, ProjectStatus
from freelance_ghost.core.money import Money
from freelance_ghost.store.clients import (
    ClientNameTakenError,
    archive_client,
    create_client,
    update_client,
)
from freelance_ghost.store.contacts import ContactError, add_contact, add_method, contact_cards
from freelance_ghost.store.history_export import export_history
from freelance_ghost.store.invoices import InvoiceError, add_invoice, add_payment, invoice_lines
from freelance_ghost.store.models import Client
from freelance_ghost.store.overview import client_overview
from freelance_ghost.store.projects import add_project
from freelance_ghost.store.schedules import current_schedule, set_schedule

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def new_client(name: str = "Globex") -> int:
    return create_client(name, ClientKind.ORGANIZATION, ClientStatus.LEAD, T0).id


def test_client_names_are_unique_and_not_empty(db: Path) -> None:
    new_client("Globex")
    with pytest.raises(ClientNameTakenError, match="already a client named GLOBEX"):
        create_client("GLOBEX", ClientKind.PERSON, ClientStatus.LEAD, T0)
    with pytest.raises(ValueError, match="needs a name"):
        create_client("   ", ClientKind.PERSON, ClientStatus.LEAD, T0)
    assert Client.select().count() == 1


def test_names_typed_in_a_form_are_kept_in_one_written_form(db: Path) -> None:
    client = Client.get_by_id(new_client("\u3000Cafe\u0301\xa0Noir "))  # é as e and an accent
    assert (client.name, client.name_key) == ("Café Noir", "café noir")
    with pytest.raises(ClientNameTakenError, match="already a client named CAFÉ NOIR"):
        new_client("CAFÉ NOIR")
    update_client(client.id, name="Café\u2009Noir\u2009")
    assert Client.get_by_id(client.id).name == "Café Noir"


def test_a_name_with_an_invisible_character_is_refused_and_nothing_written(db: Path) -> None:
    client = new_client()
    contact = add_contact(client, "Ann", "", T0).id
    for write in (
        lambda: new_client("\ufeffGlobex"),
        lambda: update_client(client, name="Glo\u200bbex"),
        lambda: add_contact(client, "An\u202en", "", T0),
        lambda: add_project(client, "Site\u200d", ProjectStatus.ACTIVE, None, T0),
        lambda: add_invoice(client, "A\u20601", Money(100, "EUR"), T0, date(2026, 4, 1)),
    ):
        with pytest.raises(
            ValueError, match=r"U\+[0-9A-F]{4} \(.*\) at character \d+ cannot be seen"
        ):
            write()
    with pytest.raises(ContactError, match=r"'ann@x\.example,eve@evil\.example' is not one email"):
        add_method(contact, Channel.EMAIL, "ann@x.example,eve@evil.example", T0)
    assert [row.name for row in client_overview()] == ["Globex"]
    assert [event.event for event in export_history()] == [EventKind.CLIENT, EventKind.CONTACT]


def test_renaming_keeps_names_unique(db: Path) -> None:
    first, second = new_client("Globex"), new_client("Initech")
    update_client(first, name="Globex Corp", status=ClientStatus.ACTIVE)
    assert Client.get_by_id(first).name_key == "globex corp"
    with pytest.raises(ClientNameTakenError):
        update_client(second, name="globex corp")
    with pytest.raises(ValueError, match="cannot change created_at"):
        update_client(second, created_at=T0)


def test_archived_clients_leave_the_list(db: Path) -> None:
    client = new_client()
    archive_client(client, T0)
    assert client_overview() == []
    archive_client(client, None)
    assert [row.name for row in client_overview()] == ["Globex"]


def test_contacts_have_several_channels(db: Path) -> None:
    client = new_client()
    hank = add_contact(client, "Hank", "CEO", T0).id
    add_method(hank, Channel.EMAIL, "hank@globex.example", T0)
    add_method(hank, Channel.PHONE, "+1 555 0100", T0)
    with pytest.raises(ContactError, match="already has that address"):
        add_method(hank, Channel.PHONE, "+1 555 0100", T0)
    with pytest.raises(ContactError, match="already a contact"):
        add_contact(client, "hank", "", T0)
    (card,) = contact_cards(client)
    assert card.methods == ((Channel.EMAIL, "hank@globex.example"), (Channel.PHONE, "+1 555 0100"))


def test_invoices_and_payments_stay_exact(db: Path) -> None:
    client = new_client()
    invoice = add_invoice(client, "2026-001", Money(125000, "EUR"), T0, date(2026, 4, 1))
    add_payment(invoice.id, Money(100000, "EUR"), T0 + timedelta(days=20))
    with pytest.raises(
        InvoiceError, match=r"more than the 250\.00 EUR still owed on invoice 2026-001"
    ):
        add_payment(invoice.id, Money(25001, "EUR"), T0 + timedelta(days=21))
    with pytest.raises(InvoiceError, match="is in EUR"):
        add_payment(invoice.id, Money(100, "USD"), T0 + timedelta(days=21))
    with pytest.raises(InvoiceError, match="already has an invoice 2026-001"):
        add_invoice(client, "2026-001", Money(1, "EUR"), T0, date(2026, 4, 1))
    with pytest.raises(InvoiceError, match="cannot come before invoice 2026-001 was issued"):
        add_payment(invoice.id, Money(1, "EUR"), T0 - timedelta(days=1))
    (line,) = invoice_lines(client)
    assert (line.amount, line.paid, line.outstanding) == (
        Money(125000, "EUR"),
        Money(100000, "EUR"),
        Money(25000, "EUR"),
    )


def test_the_latest_schedule_is_in_force(db: Path) -> None:
    client = new_client()
    assert current_schedule(client) is None
    set_schedule(client, 14, Channel.EMAIL, T0)
    set_schedule(client, 30, None, T0 + timedelta(days=1))
    schedule = current_schedule(client)
    assert schedule is not None
    assert (schedule.cadence_days, schedule.channel) == (30, None)
    with pytest.raises(ValueError, match="0 or more"):
        set_schedule(client, -1, None, T0)
    with pytest.raises(ValueError, match="longer than the 3650-day maximum"):
        set_schedule(client, 3651, None, T0)


def test_an_older_record_moves_its_clients_start_back(db: Path, tmp_path: Path) -> None:
    """Export lists a client before everything it holds, so the history re-imports identically."""
    client = new_client()  # created at T0
    earlier = T0 - timedelta(days=30)
    invoice = add_invoice(client, "2026-000", Money(5000, "EUR"), earlier, date(2026, 2, 1))
    assert Client.get_by_id(client).created_at == earlier
    contact = add_contact(client, "Hank", "", earlier - timedelta(days=1))
    add_method(contact.id, Channel.EMAIL, "hank@globex.example", earlier - timedelta(days=2))
    set_schedule(client, 14, None, earlier - timedelta(days=3))
    add_payment(invoice.id, Money(5000, "EUR"), earlier + timedelta(days=1))
    assert Client.get_by_id(client).created_at == earlier - timedelta(days=3)
    exported = export_history()
    assert exported[0].event is EventKind.CLIENT
