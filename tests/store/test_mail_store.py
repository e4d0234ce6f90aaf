"""Recording read mail: dedupe, the ghosted rule, strangers, folder positions, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction
from freelance_ghost.core.mail.mapping import Known
from freelance_ghost.core.mail.message import Address, MailMessage
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact, add_method
from freelance_ghost.store.conversation import compute_summaries
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.store.mail import (
    FolderPosition,
    MailBatchResult,
    add_stranger_as_lead,
    forget_stranger,
    known_addresses,
    mail_sources,
    record_mail,
    strangers,
)
from freelance_ghost.store.mail_records import MailAccount, MailFolder, MailSeen
from freelance_ghost.store.models import Client, Interaction, database

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
OWN = frozenset({"me@example.org"})


def client_with(name: str, address: str, status: ClientStatus = ClientStatus.ACTIVE) -> int:
    client = create_client(name, ClientKind.ORGANIZATION, status, T0)
    contact = add_contact(client.id, name.split()[0], "", T0)
    add_method(contact.id, Channel.EMAIL, address, T0)
    return client.id


def mail(key: str, sender: str, *to: str, hours: int = 1, bulk: bool = False) -> MailMessage:
    return MailMessage(
        key=key,
        sender=Address(sender.split("@")[0].title(), sender),
        recipients=tuple(Address("", address) for address in to),
        sent_at=T0 + timedelta(hours=hours),
        subject=f"about {key}",
        bulk=bulk,
    )


def account() -> int:
    return MailAccount.create(
        name="work", host="imap.example", port=993, security="ssl", username="me", created_at=T0
    ).id


def test_known_addresses_are_every_email_method_lower_cased(db: Path) -> None:
    globex = client_with("Globex", "Ann@Globex.Example")
    contact = add_contact(globex, "Phone only", "", T0)
    add_method(contact.id, Channel.PHONE, "+49 30 1234", T0)
    known = known_addresses()
    assert list(known) == ["ann@globex.example"]
    assert known["ann@globex.example"][0].client_id == globex
    assert known["ann@globex.example"] == [Known(globex, known["ann@globex.example"][0].contact_id)]


def test_a_batch_logs_known_mail_once_and_marks_its_source(db: Path) -> None:
    globex = client_with("Globex", "ann@globex.example")
    result = record_mail(
        [
            mail("a", "ann@globex.example", "me@example.org"),
            mail("b", "me@example.org", "ann@globex.example", hours=2),
            mail("c", "someone@else.example", "me@example.org"),
        ],
        OWN,
        "work",
    )
    assert result == MailBatchResult(read=3, logged=2, already=0, bulk=0, strangers=1)
    rows = list(Interaction.select().order_by(Interaction.occurred_at))
    assert [(r.client_id, r.direction, r.channel, r.summary) for r in rows] == [
        (globex, "in", "email", "about a"),
        (globex, "out", "email", "about b"),
    ]
    assert rows[0].occurred_at == T0 + timedelta(hours=1)
    assert mail_sources(globex) == {rows[0].id: "work", rows[1].id: "work"}
    log_interaction(globex, Direction.OUT, Channel.PHONE, T0)  # typed in, not from mail
    assert mail_sources(globex) == {rows[0].id: "work", rows[1].id: "work"}
    assert MailSeen.select().count() == 3  # the stranger's message too: never counted twice
    stored = (
        database.connection()
        .execute("SELECT last_in, last_out FROM conversation WHERE client_id = ?", (globex,))
        .fetchone()
    )  # the summary the engine reads was brought up to date, not just dropped
    summary = compute_summaries([globex])[globex]
    assert stored == (summary.last_in, summary.last_out)
    assert None not in stored


def test_a_message_read_again_in_another_folder_or_run_adds_nothing(db: Path) -> None:
    client_with("Globex", "ann@globex.example")
    batch = [mail("a", "ann@globex.example"), mail("x", "new@x.example")]
    record_mail(batch, OWN, "work")
    again = record_mail([*batch, batch[0]], OWN, "work")
    assert again == MailBatchResult(read=3, logged=0, already=3, bulk=0, strangers=0)
    assert Interaction.select().count() == 1
    assert [s.messages for s in strangers()] == [1]


def test_a_message_twice_in_one_batch_is_logged_once(db: Path) -> None:
    client_with("Globex", "ann@globex.example")
    result = record_mail([mail("a", "ann@globex.example")] * 2, OWN, "file")
    assert (result.logged, result.already) == (1, 1)
    assert Interaction.select().count() == 1


def test_bulk_mail_is_read_but_never_logged_or_counted(db: Path) -> None:
    client_with("Globex", "ann@globex.example")
    result = record_mail([mail("n", "ann@globex.example", bulk=True)], OWN, "work")
    assert (result.logged, result.bulk, result.strangers) == (0, 1, 0)
    assert Interaction.select().count() == 0
    assert MailSeen.select().count() == 1


def test_an_inbound_message_brings_a_ghosted_client_back(db: Path) -> None:
    gone = client_with("Globex", "ann@globex.example", ClientStatus.GHOSTED)
    quiet = client_with("Initech", "bob@initech.example", ClientStatus.GHOSTED)
    record_mail(
        [mail("a", "ann@globex.example"), mail("b", "me@example.org", "bob@initech.example")],
        OWN,
        "work",
    )
    assert Client.get_by_id(gone).status == ClientStatus.ACTIVE
    assert Client.get_by_id(quiet).status == ClientStatus.GHOSTED  # writing to them is no reply


def test_an_old_reply_read_by_a_sync_does_not_bring_a_ghosted_client_back(db: Path) -> None:
    """A first sync reads old mail too: a reply from before the unanswered follow-ups the
    user gave up on is not the client coming back; a new one is."""
    gone = client_with("Globex", "ann@globex.example", ClientStatus.GHOSTED)
    record_mail(
        [
            mail("reply", "ann@globex.example", hours=-72),
            mail("nudge", "me@example.org", "ann@globex.example", hours=-24),
        ],
        OWN,
        "work",
    )
    assert Client.get_by_id(gone).status == ClientStatus.GHOSTED
    record_mail([mail("back", "ann@globex.example", hours=1)], OWN, "work")
    assert Client.get_by_id(gone).status == ClientStatus.ACTIVE


def test_a_client_exists_from_its_first_mail(db: Path) -> None:
    globex = client_with("Globex", "ann@globex.example")
    record_mail([mail("old", "ann@globex.example", hours=-48)], OWN, "work")
    assert Client.get_by_id(globex).created_at == T0 - timedelta(hours=48)


def test_strangers_are_counted_with_their_first_name_and_latest_message(db: Path) -> None:
    record_mail(
        [
            mail("a", "me@example.org", "carol@x.example", "dan@y.example", hours=1),
            mail("b", "carol@x.example", "me@example.org", hours=5),
        ],
        OWN,
        "work",
    )
    record_mail([mail("c", "carol@x.example", hours=3)], OWN, "work")
    found = strangers()
    assert [(s.address, s.name, s.messages) for s in found] == [
        ("carol@x.example", "Carol", 3),
        ("dan@y.example", "", 1),
    ]
    assert found[0].last_at == T0 + timedelta(hours=5)
    assert strangers(limit=1) == found[:1]
    forget_stranger("DAN@y.example")
    assert [s.address for s in strangers()] == ["carol@x.example"]


def test_a_stranger_added_as_a_lead_becomes_a_client_whose_mail_is_logged(db: Path) -> None:
    record_mail([mail("a", "carol@x.example")], OWN, "work")
    client_id = add_stranger_as_lead("carol@x.example", T0)
    client = Client.get_by_id(client_id)
    assert (client.name, client.kind, client.status) == ("Carol", "person", "lead")
    assert strangers() == []
    record_mail([mail("b", "carol@x.example")], OWN, "work")
    assert [i.client_id for i in Interaction.select()] == [client_id]


def test_a_stranger_who_became_a_contact_is_no_stranger(db: Path) -> None:
    record_mail([mail("a", "carol@x.example")], OWN, "work")
    client_with("Carol Co", "Carol@X.example")
    assert strangers() == []


def test_the_folder_position_is_saved_with_its_batch(db: Path) -> None:
    account_id = account()
    record_mail([], OWN, "work", FolderPosition(account_id, "INBOX", 7, 10))
    record_mail([mail("a", "x@y.example")], OWN, "work", FolderPosition(account_id, "INBOX", 7, 42))
    folder = MailFolder.get(MailFolder.account == account_id, MailFolder.name == "INBOX")
    assert (folder.uidvalidity, folder.last_uid) == (7, 42)
    assert MailFolder.select().count() == 1


def test_a_failed_batch_leaves_nothing_not_even_its_position(db: Path) -> None:
    client_with("Globex", "ann@globex.example")
    missing_account = FolderPosition(account_id=999, folder="INBOX", uidvalidity=1, last_uid=5)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        record_mail(
            [mail("a", "ann@globex.example"), mail("z", "z@z.example")],
            OWN,
            "work",
            missing_account,
        )
    assert Interaction.select().count() == 0
    assert MailSeen.select().count() == 0
    assert strangers() == []
    assert database.connection().execute("SELECT count(*) FROM mail_folder").fetchone() == (0,)
