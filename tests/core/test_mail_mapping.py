"""The mail mapping: direction, counterparts, one touch per client, bulk, strangers."""

from __future__ import annotations

from datetime import UTC, datetime

from freelance_ghost.core.kinds import Direction
from freelance_ghost.core.mail.mapping import Known, MailTouch, touches
from freelance_ghost.core.mail.message import Address, MailMessage

AT = datetime(2026, 3, 2, 9, tzinfo=UTC)
OWN = frozenset({"me@example.org", "me@work.example"})
ANN = Known(client_id=1, contact_id=10)
ANN_AT_HOME = Known(client_id=1, contact_id=11)
BOB = Known(client_id=2, contact_id=20)
KNOWN = {
    "ann@globex.example": [ANN],
    "ann@home.example": [ANN_AT_HOME],
    "bob@initech.example": [BOB],
    "shared@team.example": [ANN, BOB],
}


def mail(sender: str | None, *recipients: str, bulk: bool = False) -> MailMessage:
    return MailMessage(
        key="k",
        sender=None if sender is None else Address("", sender),
        recipients=tuple(Address("", to) for to in recipients),
        sent_at=AT,
        subject="Quote",
        bulk=bulk,
    )


def test_a_message_from_a_contact_is_inbound_for_its_client() -> None:
    made, strangers = touches(mail("ann@globex.example", "me@example.org"), OWN, KNOWN)
    assert made == [MailTouch(1, 10, Direction.IN, AT, "Quote")]
    assert strangers == []


def test_a_message_from_an_own_address_is_outbound_to_to_and_cc() -> None:
    message = mail("me@work.example", "bob@initech.example", "ann@globex.example")
    made, _ = touches(message, OWN, KNOWN)
    assert made == [
        MailTouch(2, 20, Direction.OUT, AT, "Quote"),
        MailTouch(1, 10, Direction.OUT, AT, "Quote"),
    ]


def test_inbound_recipients_are_not_counterparts() -> None:
    made, strangers = touches(mail("x@nowhere.example", "ann@globex.example"), OWN, KNOWN)
    assert made == []
    assert strangers == [Address("", "x@nowhere.example")]


def test_one_touch_per_client_with_its_first_matching_contact() -> None:
    message = mail("me@example.org", "ann@home.example", "ann@globex.example")
    made, _ = touches(message, OWN, KNOWN)
    assert made == [MailTouch(1, 11, Direction.OUT, AT, "Quote")]


def test_an_address_shared_by_two_clients_touches_both() -> None:
    made, _ = touches(mail("shared@team.example", "me@example.org"), OWN, KNOWN)
    assert [(t.client_id, t.contact_id) for t in made] == [(1, 10), (2, 20)]


def test_bulk_mail_touches_nobody_and_counts_nobody() -> None:
    assert touches(mail("ann@globex.example", bulk=True), OWN, KNOWN) == ([], [])
    assert touches(mail("me@example.org", "z@x.example", bulk=True), OWN, KNOWN) == ([], [])


def test_strangers_are_counterparts_of_no_contact_and_never_the_user() -> None:
    message = mail(
        "me@example.org", "new@x.example", "me@work.example", "new@x.example", "bob@initech.example"
    )
    made, strangers = touches(message, OWN, KNOWN)
    assert [t.client_id for t in made] == [2]
    assert strangers == [Address("", "new@x.example")]


def test_a_message_with_no_sender_touches_nobody() -> None:
    assert touches(mail(None, "me@example.org"), OWN, KNOWN) == ([], [])


def test_a_stranger_whose_address_the_records_refuse_is_not_counted() -> None:
    """Such an address could never become a lead's contact, so "Add as lead" would fail."""
    made, strangers = touches(mail("me@example.org", "a..b@x.org", "carol@y.example"), OWN, KNOWN)
    assert made == []
    assert [person.address for person in strangers] == ["carol@y.example"]
