"""``contacts import`` and ``contacts export`` from the command line, and a real address
book (khard) reading what export writes."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from freelance_ghost.cli import main
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact, add_method, contact_cards
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.models import Client, Contact, ContactMethod
from tests.conftest import NOW
from tests.tools import require_tool

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

BOOK = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BCller\r\n"
    "ORG:Globex\r\n"
    "EMAIL;INTERNET:jorg@globex.example\r\n"
    "TEL;CELL:+49 170 1234567\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "FN:Ann Lee\n"
    "EMAIL:ann@globex.example\n"
    "EMAIL:ann@home.example\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "FN:Sam Ortiz\n"
    "ORG:Initech\n"
    "TEL;VALUE=uri:tel:+1-555-0100\n"
    "END:VCARD\n"
)


def add_globex_with_ann() -> None:
    """Globex, with its contact Ann at her work address, in the open records."""
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)
    add_method(add_contact(client.id, "Ann", "", T0).id, Channel.EMAIL, "ann@globex.example", T0)


def address_rows() -> list[tuple[str, str, str, str]]:
    """Every client, contact and address in the open records, in the order they were added."""
    rows = (
        ContactMethod.select(
            Client.name, Contact.name, ContactMethod.channel, ContactMethod.address
        )
        .join(Contact)
        .join(Client)
        .order_by(ContactMethod.id)
        .tuples()
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


@pytest.fixture
def globex(data_dir: Path) -> Path:
    """A data folder where Globex's Ann has her work address."""
    open_database(data_dir, NOW)
    add_globex_with_ann()
    close_database()
    return data_dir


def records(data_dir: Path) -> list[tuple[str, str, str, str]]:
    """Every client, contact and address, to compare before and after."""
    open_database(data_dir, NOW)
    try:
        return address_rows()
    finally:
        close_database()


def test_the_dry_run_shows_where_each_card_goes_and_writes_nothing(
    globex: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.vcf"
    book.write_text(BOOK, encoding="utf-8")
    before = records(globex)
    assert main(["contacts", "import", str(book), "--dry-run", "--data-dir", str(globex)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "line 1: Jörg Müller -> Globex (same organization), contact Jörg Müller (new): "
        "1 email, 1 phone",
        "line 8: Ann Lee -> Globex (same email), contact Ann: 1 email",
        "line 14: Sam Ortiz -> Initech (new client), contact Sam Ortiz (new): 1 phone",
        "3 cards: 1 new client, 2 new contacts, 4 new addresses.",
        "Dry run: nothing was imported.",
    ]
    assert records(globex) == before


def test_import_writes_the_preview_and_a_second_import_adds_nothing(
    globex: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.vcf"
    book.write_text(BOOK, encoding="utf-8")
    assert main(["contacts", "import", str(book), "--data-dir", str(globex)]) == 0
    after = records(globex)
    assert after == [
        ("Globex", "Ann", "email", "ann@globex.example"),
        ("Globex", "Jörg Müller", "email", "jorg@globex.example"),
        ("Globex", "Jörg Müller", "phone", "+49 170 1234567"),
        ("Globex", "Ann", "email", "ann@home.example"),
        ("Initech", "Sam Ortiz", "phone", "+1-555-0100"),
    ]
    open_database(globex, NOW)
    assert Client.get(Client.name == "Initech").kind == ClientKind.ORGANIZATION
    close_database()
    capsys.readouterr()
    assert main(["contacts", "import", str(book), "--data-dir", str(globex)]) == 0
    assert "0 new clients, 0 new contacts, 0 new addresses" in capsys.readouterr().out
    assert records(globex) == after


def test_a_malformed_card_is_refused_at_its_line_and_nothing_is_written(
    globex: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.vcf"
    # Two good cards, then one whose second email is two addresses.
    bad = "BEGIN:VCARD\nVERSION:3.0\nFN:Eve\nEMAIL:eve@x.example\nEMAIL:eve@x.example;b@y\nEND:VCARD\n"
    book.write_text(BOOK + bad, encoding="utf-8")
    before = records(globex)
    assert main(["contacts", "import", str(book), "--data-dir", str(globex)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"freelance-ghost: {book}: line 24: ")
    assert err[0].endswith("nothing was imported")
    assert records(globex) == before


def test_a_missing_client_is_refused_for_export(
    globex: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["contacts", "export", "--client", "Nobody", "--data-dir", str(globex)]) == 2
    assert capsys.readouterr().err == "freelance-ghost: there is no client named 'Nobody'\n"


def test_export_writes_one_card_per_contact_with_a_stable_uid(
    globex: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.vcf"
    book.write_text(BOOK, encoding="utf-8")
    assert main(["contacts", "import", str(book), "--data-dir", str(globex)]) == 0
    first, second = tmp_path / "one.vcf", tmp_path / "two.vcf"
    for target in (first, second):
        assert (
            main(
                [
                    "contacts",
                    "export",
                    "--client",
                    "globex",
                    "-o",
                    str(target),
                    "--data-dir",
                    str(globex),
                ]
            )
            == 0
        )
    text = first.read_text(encoding="utf-8")
    assert text == second.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 2
    assert len({line for line in text.splitlines() if line.startswith("UID:")}) == 2


def test_khard_reads_an_exported_vdir(
    globex: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    khard = require_tool("khard")
    book = tmp_path / "book.vcf"
    book.write_text(BOOK, encoding="utf-8")
    assert main(["contacts", "import", str(book), "--data-dir", str(globex)]) == 0
    vdir = tmp_path / "vdir"
    vdir.mkdir()
    assert (
        main(
            ["contacts", "export", "--client", "Globex", "-o", str(vdir), "--data-dir", str(globex)]
        )
        == 0
    )
    files = sorted(vdir.iterdir())
    assert len(files) == 2
    assert all(f.suffix == ".vcf" for f in files)
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[clients]]\npath = {vdir}\n", encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}

    def run(*words: str) -> str:
        done = subprocess.run(
            [khard, "-c", str(config), *words], capture_output=True, text=True, env=env, check=True
        )
        return done.stdout

    listed = run("list")
    assert "Ann" in listed
    assert "Jörg Müller" in listed
    shown = run("show", "Jörg")
    assert "Organisation: Globex" in shown
    assert "jorg@globex.example" in shown
    assert "+49 170 1234567" in shown
    uid = files[0].stem if "Jörg" in files[0].read_text(encoding="utf-8") else files[1].stem
    assert f"UID: urn:uuid:{uid}" in shown
    open_database(globex, NOW)
    ann = contact_cards(Client.get(Client.name == "Globex").id)[0]
    close_database()
    assert ann.methods == (
        (Channel.EMAIL, "ann@globex.example"),
        (Channel.EMAIL, "ann@home.example"),
    )


def test_a_card_whose_addresses_are_two_clients_contacts_is_refused_whole(
    globex: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(globex, NOW)
    initech = create_client("Initech", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)
    add_method(add_contact(initech.id, "Bo", "", T0).id, Channel.EMAIL, "bo@initech.example", T0)
    close_database()
    book = tmp_path / "book.vcf"
    # A good card first, then one holding Ann's (Globex) and Bo's (Initech) addresses.
    both = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Bo\nORG:Umbrella\n"
        "EMAIL:ann@globex.example\nEMAIL:bo@initech.example\nEMAIL:new@x.example\nEND:VCARD\n"
    )
    book.write_text(BOOK + both, encoding="utf-8")
    before = records(globex)
    assert main(["contacts", "import", str(book), "--data-dir", str(globex)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"freelance-ghost: {book}: line 20: Ann Bo's email addresses belong to different "
        "contacts (ann@globex.example is Ann's at Globex; bo@initech.example is Bo's at "
        "Initech): one card cannot join them; split the card or merge the contacts first; "
        "nothing was imported"
    ]
    assert records(globex) == before


def test_a_windows_address_book_keeps_its_quotes_dashes_and_euro(
    globex: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "outlook.vcf"
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Zoë “Bo” O’Neil – CEO\r\nORG:€uro Café\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:2.1\r\n"
        "FN;CHARSET=WINDOWS-1252;ENCODING=QUOTED-PRINTABLE:Ren=E9e =93Ro=94\r\n"
        "ORG:€uro Café\r\nEND:VCARD\r\n"
    )
    book.write_bytes(card.encode("cp1252"))
    assert main(["contacts", "import", str(book), "--data-dir", str(globex)]) == 0
    open_database(globex, NOW)
    try:
        client = Client.get(Client.name == "€uro Café")
        assert [c.name for c in client.contacts.order_by(Contact.id)] == [
            "Zoë “Bo” O’Neil – CEO",
            "Renée “Ro”",
        ]
    finally:
        close_database()
