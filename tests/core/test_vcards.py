"""vCard reading and writing: the three versions, round trips, faults at their line."""

from __future__ import annotations

import pytest

from freelance_ghost.core.vcards import (
    Card,
    ExportedContact,
    VCardError,
    contact_uid,
    read_cards,
    vcard_text,
)

# The same person as a phone (2.1, quoted-printable, a soft line break), a desktop address
# book (3.0, folded lines) and a newer one (4.0, tel: URIs) write them.
VERSION_21 = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BC=\r\n"
    "ller\r\n"
    "ORG:Globex;R&D\r\n"
    "TITLE:CTO\r\n"
    "EMAIL;INTERNET;PREF:jm@globex.example\r\n"
    "EMAIL;INTERNET:jorg@home.example\r\n"
    "TEL;CELL:+49 170 1234567\r\n"
    "TEL;WORK;VOICE:+49 30 7654321\r\n"
    "END:VCARD\r\n"
)
VERSION_30 = (
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "FN:Jörg Müller\n"
    "N:Müller;Jörg;;;\n"
    "ORG:Globex\n"
    "TITLE:CTO\n"
    "EMAIL;TYPE=INTERNET,WORK:jm@globex.exa\n"
    " mple\n"
    "EMAIL;TYPE=INTERNET,HOME:jorg@home.example\n"
    "TEL;TYPE=CELL:+49 170 1234567\n"
    "TEL;TYPE=WORK:+49 30 7654321\n"
    "END:VCARD\n"
)
VERSION_40 = (
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "FN:Jörg Müller\n"
    "N:Müller;Jörg;;;\n"
    "KIND:individual\n"
    "ORG:Globex\n"
    "TITLE:CTO\n"
    "EMAIL;TYPE=work;PREF=1:jm@globex.example\n"
    "EMAIL;TYPE=home:jorg@home.example\n"
    "TEL;VALUE=uri;TYPE=cell:tel:+49 170 1234567\n"
    "TEL;VALUE=uri;TYPE=work:tel:+49 30 7654321\n"
    "END:VCARD\n"
)
JORG = Card(
    line=1,
    name="Jörg Müller",
    organization="Globex",
    client="",
    role="CTO",
    is_organization=False,
    emails=("jm@globex.example", "jorg@home.example"),
    phones=("+49 170 1234567", "+49 30 7654321"),
)


@pytest.mark.parametrize("text", [VERSION_21, VERSION_30, VERSION_40], ids=["2.1", "3.0", "4.0"])
def test_each_version_reads_as_the_same_person(text: str) -> None:
    assert read_cards(text) == [JORG]


@pytest.mark.parametrize("text", [VERSION_21, VERSION_30, VERSION_40], ids=["2.1", "3.0", "4.0"])
def test_each_version_round_trips_through_an_export(text: str) -> None:
    (card,) = read_cards(text)
    exported = ExportedContact(
        "1/1", card.name, card.organization, card.client, card.role, card.emails, card.phones
    )
    assert read_cards(vcard_text(exported)) == [card]


def test_an_export_keeps_its_uid_from_one_export_to_the_next() -> None:
    contact = ExportedContact("7/12", "Ann Lee", "", "", "", ["ann@lee.example"], [])
    text = vcard_text(contact)
    assert f"UID:{contact_uid('7/12')}" in text.splitlines()
    assert vcard_text(contact) == text
    assert contact_uid("7/13") != contact_uid("7/12")


def test_a_card_with_only_an_organization_is_an_organization() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Initech\nORG:Initech\nX-ABShowAs:COMPANY\nEND:VCARD\n"
    (card,) = read_cards(text)
    assert (card.name, card.organization, card.is_organization) == ("Initech", "", True)


def test_cards_follow_each_other_with_their_first_lines() -> None:
    cards = read_cards(VERSION_30 + "\n" + VERSION_40)
    assert [card.line for card in cards] == [1, 14]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL ann@x.example\nEND:VCARD\n", 4, "cannot be read"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL:ann(at)x\nEND:VCARD\n", 4, "not an email"),
        (
            "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL:a@x.example\nEMAIL:b@\nEND:VCARD\n",
            5,
            "not an email",
        ),
        ("BEGIN:VCARD\nVERSION:3.0\n\nFN:A\u200bnn\nEND:VCARD\n", 4, "ZERO WIDTH SPACE"),
        ("BEGIN:VCARD\nVERSION:3.0\nNOTE:no name\nEND:VCARD\n", 1, "no name"),
        (VERSION_30 + "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\n", 13, "no END:VCARD"),
        ("Name,Email\nAnn,ann@x.example\n", 1, "expected BEGIN:VCARD"),
        ("", 1, "no vCard here"),
    ],
)
def test_a_fault_is_said_at_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(VCardError) as refused:
        read_cards(text)
    assert refused.value.line == line
    assert words in str(refused.value)
    assert str(refused.value).startswith(f"line {line}: ")
