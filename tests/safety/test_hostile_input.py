"""Hostile input: mutated and random history files and dialog text never crash the importer or
the store, every refusal names its line, and a refused write leaves nothing behind."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from freelance_ghost.core.addresses import check_email_address
from freelance_ghost.core.history.format import (
    COLUMNS,
    HistoryEvent,
    HistoryFormatError,
    decode_history,
)
from freelance_ghost.core.history.reading import parse_history
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction
from freelance_ghost.core.money import Money
from freelance_ghost.core.names import clean_name
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact, add_method
from freelance_ghost.store.history import import_history
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.store.invoices import add_invoice
from freelance_ghost.store.models import Client, Contact, ContactMethod, database
from tests.conftest import BERLIN
from tests.safety.test_kill import write_import_files

AT = datetime(2026, 1, 1, 9, tzinfo=UTC)
TABLES = ("client", "contact", "contact_method", "project", "invoice", "payment", "interaction")


def valid_file(tmp: Path) -> bytes:
    write_import_files(tmp)
    return (tmp / "import-0.csv").read_bytes()


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return valid_file(tmp_path_factory.mktemp("seed"))


_AMOUNT = COLUMNS.index("amount")
INSERTS = [b'"', b",", b"\n", b"\r\n", b"\x00", b"'", b"=", b"\xff", b'""', b"\xef\xbb\xbf"]
INSERTS += [
    "\u200b".encode(),  # a zero-width space
    "\u202e".encode(),  # a right-to-left override
    "\xa0".encode(),  # a no-break space
    "\u0301".encode(),  # a combining accent
    b"@",
    b";",
]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        actions = ["flip", "insert", "truncate", "duplicate", "cell", "amount"]
        action = draw(st.sampled_from(actions))
        where = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif action == "insert":
            data[where:where] = draw(st.sampled_from(INSERTS))
        elif action == "truncate":
            del data[where:]
        elif action == "amount":
            data = bytearray(reprice(draw, bytes(data)))
        elif action == "duplicate":
            lines = bytes(data).split(b"\n")
            line = draw(st.integers(0, len(lines) - 1))
            lines.insert(line, lines[line])
            data = bytearray(b"\n".join(lines))
        else:
            lines = bytes(data).split(b"\n")
            line = draw(st.integers(0, len(lines) - 1))
            cells = lines[line].split(b",")
            cell = draw(st.integers(0, len(cells) - 1))
            cells[cell] = draw(st.text(max_size=12)).encode("utf-8", "surrogatepass")
            lines[line] = b",".join(cells)
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def reprice(draw: st.DrawFn, data: bytes) -> bytes:
    """One invoice's or payment's amount redrawn: well formed, yet maybe against a record rule."""
    lines = data.split(b"\n")
    money = [
        n
        for n, line in enumerate(lines)
        if (b",invoice," in line or b",payment," in line) and line.count(b",") >= _AMOUNT
    ]
    if not money:
        return data
    line = draw(st.sampled_from(money))
    cells = lines[line].split(b",")
    cents = draw(st.integers(0, 99_999))
    cells[_AMOUNT] = f"{cents // 100}.{cents % 100:02d}".encode()
    lines[line] = b",".join(cells)
    return b"\n".join(lines)


@st.composite
def repriced(draw: st.DrawFn, seed: bytes) -> bytes:
    return reprice(draw, seed)


def check_accepted(events: list[HistoryEvent]) -> None:
    """What a file may hold once accepted: names in their one form, one address per email."""
    for event in events:
        for name in (event.client, event.contact, event.project, event.invoice):
            assert clean_name(name) == name, event
        if event.channel is Channel.EMAIL and event.address:
            assert check_email_address(event.address) == event.address, event


def check_parse(data: bytes) -> None:
    """Only HistoryFormatError may escape, and it names a line (the column when a cell is bad)."""
    refusal: HistoryFormatError | None = None
    try:
        check_accepted(parse_history(decode_history(data), BERLIN))
    except HistoryFormatError as error:
        refusal = error
    if refusal is None:
        return
    empty = "the file is empty" in refusal.message  # the one refusal with no line to name
    assert refusal.line is not None or empty, (str(refusal), data)
    if refusal.column is not None:
        assert str(refusal).startswith(f"line {refusal.line}, column '{refusal.column}'")


def fast(examples: int) -> settings:
    """Seeded (derandomized) runs of ``examples`` inputs, no deadline, no example database."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def test_mutated_files_refuse_with_a_line(seed_file: bytes) -> None:
    @fast(7000)
    @given(mutated(seed_file))
    def run(data: bytes) -> None:
        check_parse(data)

    run()


@fast(3000)
@given(st.binary(max_size=300) | st.text(alphabet='ab,"\n\r\x00 =1-', max_size=200).map(str.encode))
def test_random_input_refuses_with_a_line(data: bytes) -> None:
    check_parse(data)


def counts() -> list[int]:
    return [database.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES]


def import_refusal(events: list[HistoryEvent]) -> HistoryFormatError | None:
    """Why the store refused ``events`` (None: it took them)."""
    try:
        import_history(events)
    except HistoryFormatError as error:
        return error
    return None


def test_refused_imports_write_nothing(db: Path, seed_file: bytes) -> None:
    import_history(parse_history(decode_history(seed_file), BERLIN))

    @fast(400)
    @given(mutated(seed_file) | repriced(seed_file))
    def run(data: bytes) -> None:
        try:
            events = parse_history(decode_history(data), BERLIN)
        except HistoryFormatError:
            reject()  # refused before the store: the parsing tests above cover that
        before = counts()
        refusal = import_refusal(events)
        if refusal is None:
            reject()  # an import that was allowed has nothing to undo
        assert refusal.line is not None
        assert counts() == before

    run()


TEXT = st.text(max_size=40)  # any Unicode, including controls, NULs and lone quotes


def test_dialog_text_fields(db: Path) -> None:
    @fast(300)
    @given(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT)
    def run(
        name: str, notes: str, contact: str, address: str, number: str, summary: str, step: str
    ) -> None:
        before = counts()
        try:
            client = create_client(name, ClientKind.PERSON, ClientStatus.ACTIVE, AT, notes=notes)
        except ValueError:
            assert counts() == before
            return
        assert clean_name(client.name) == client.name
        for write in (
            lambda: add_method(
                add_contact(client.id, contact, notes, AT).id, Channel.EMAIL, address, AT
            ),
            lambda: add_invoice(client.id, number, Money(100, "EUR"), AT, date(2026, 2, 1)),
            lambda: log_interaction(
                client.id,
                Direction.IN,
                Channel.EMAIL,
                AT,
                summary=summary,
                next_step=step,
                next_step_due=date(2026, 2, 1),
            ),
        ):
            middle = counts()
            try:
                write()
            except ValueError:
                assert (
                    counts() == middle or counts()[1] == middle[1] + 1
                )  # contact kept, method refused

    run()
    names = [*Client.select(Client.name).tuples(), *Contact.select(Contact.name).tuples()]
    assert all(clean_name(name) == name for (name,) in names)
    emails = ContactMethod.select(ContactMethod.address).where(ContactMethod.channel == "email")
    assert all(check_email_address(a) == a for (a,) in emails.tuples() if a)  # "": none yet
