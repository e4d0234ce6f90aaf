"""The history CSV format: the exact header, strict cells, located errors, formula safety."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freelance_ghost.core.history.format import (
    COLUMNS,
    HEADER_LINE,
    HistoryEvent,
    HistoryFormatError,
    decode_history,
    neutralise_formula,
    restore_formula,
)
from freelance_ghost.core.history.reading import parse_history
from freelance_ghost.core.history.rows import write_history
from freelance_ghost.core.kinds import Channel, Direction, EventKind

BERLIN = ZoneInfo("Europe/Berlin")


def row(**cells: str) -> str:
    """One CSV line with the given cells filled (no quoting needed by the callers)."""
    return ",".join(cells.get(name, "") for name in COLUMNS)


def parse(*lines: str) -> list[HistoryEvent]:
    return parse_history("\r\n".join([HEADER_LINE, *lines]) + "\r\n", BERLIN)


def refusal(*lines: str) -> HistoryFormatError:
    with pytest.raises(HistoryFormatError) as caught:
        parse(*lines)
    return caught.value


def test_header_has_the_17_columns_in_spec_order() -> None:
    assert HEADER_LINE == (
        "client,timestamp,event,contact,direction,channel,address,summary,next_step,"
        "next_step_due,project,status,invoice,amount,currency,due_date,cadence_days"
    )


def test_an_interaction_row_becomes_a_typed_event() -> None:
    (event,) = parse(
        row(
            client="Globex",
            timestamp="2026-01-06T10:00:00",
            event="interaction",
            contact="Hank",
            direction="out",
            channel="email",
            summary="Sent proposal",
            next_step="Call back",
            next_step_due="2026-01-10",
            project="Website",
        )
    )
    assert event == HistoryEvent(
        EventKind.INTERACTION,
        "Globex",
        datetime(2026, 1, 6, 9, tzinfo=UTC),
        contact="Hank",
        direction=Direction.OUT,
        channel=Channel.EMAIL,
        summary="Sent proposal",
        next_step="Call back",
        next_step_due=date(2026, 1, 10),
        project="Website",
    )
    assert event.line == 2


def test_an_invoice_row_keeps_its_exact_amount() -> None:
    (event,) = parse(
        row(
            client="Globex",
            timestamp="2026-01-07T10:00:00Z",
            event="invoice",
            invoice="INV-1",
            amount="1250.50",
            currency="EUR",
            due_date="2026-02-06",
        )
    )
    assert event.amount == Decimal("1250.50")
    assert event.currency == "EUR"


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"timestamp": "2026-13-40"}, "timestamp", "not a real date and time"),
        ({"timestamp": "13/01/2026"}, "timestamp", "not an ISO 8601"),
        ({"event": "meeting"}, "event", "not one of: client, contact"),
        ({"direction": "sideways"}, "direction", "not one of: in, out"),
        ({"channel": "pigeon"}, "channel", "not one of"),
        ({"client": "  "}, "client", "client name is empty"),
        ({"channel": ""}, "channel", "needs a value"),
        ({"amount": "5"}, "amount", "does not use this column"),
        ({"next_step_due": "2026-02-01"}, "next_step", "due date needs a next step"),
        ({"next_step": "x", "next_step_due": "2026-02-31"}, "next_step_due", "not a real"),
    ],
)
def test_bad_cells_are_refused_with_line_and_column(
    cells: dict[str, str], column: str, reason: str
) -> None:
    base = {
        "client": "Globex",
        "timestamp": "2026-01-06T10:00",
        "event": "interaction",
        "direction": "out",
        "channel": "email",
    }
    error = refusal(
        row(client="Globex", timestamp="2026-01-05T10:00", event="client"), row(**{**base, **cells})
    )
    assert (error.line, error.column) == (3, column)
    assert reason in error.message
    assert str(error).startswith(f"line 3, column '{column}': ")


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"amount": "-5.00"}, "amount", "negative"),
        ({"amount": "5.001"}, "amount", "more decimals than EUR allows"),
        ({"amount": "0"}, "amount", "more than zero"),
        ({"currency": "EURO"}, "currency", "not an ISO 4217"),
        ({"due_date": ""}, "due_date", "needs a value"),
    ],
)
def test_bad_invoices_are_refused(cells: dict[str, str], column: str, reason: str) -> None:
    base = {
        "client": "Globex",
        "timestamp": "2026-01-06T10:00",
        "event": "invoice",
        "invoice": "INV-1",
        "amount": "100.00",
        "currency": "EUR",
        "due_date": "2026-02-01",
    }
    error = refusal(row(**{**base, **cells}))
    assert (error.line, error.column) == (2, column)
    assert reason in error.message


def test_line_numbers_count_lines_inside_quoted_cells() -> None:
    first = row(client="A", timestamp="2026-01-05T10:00", event="client").replace("A,", '"A",', 1)
    multi = 'A,2026-01-05T11:00,interaction,,out,email,,"line one\nline two\nline three",,,,,,,,,'
    bad = row(client="A", timestamp="2026-99-05T10:00", event="client")
    error = refusal(first, multi, bad)
    assert error.line == 6  # header 1, first 2, multi-line record 3-5, bad 6


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('A,2026-01-05T10:00,client,,,,,say "hi",,,,,,,,,\r\n', 2, "summary"),
        ('A,2026-01-05T10:00,client,,,,,"open,,,,,,,,,\r\n', 2, None),
        ('A,2026-01-05T10:00,client,,,,,"a"b,,,,,,,,,\r\n', 2, None),
    ],
)
def test_stray_quotes_are_errors(text: str, line: int, column: str | None) -> None:
    with pytest.raises(HistoryFormatError, match="quot") as caught:
        parse_history(HEADER_LINE + "\r\n" + text, BERLIN)
    assert caught.value.line == line
    assert caught.value.column == column


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (HEADER_LINE + ",colour", "unknown column 'colour'"),
        (HEADER_LINE.replace("client,timestamp", "timestamp,client"), "wrong order"),
        (HEADER_LINE.replace(",cadence_days", ""), "lacks the column 'cadence_days'"),
        ("Globex,2026-01-05T10:00,client,,,,,,,,,,,,,,", "first line must be the header"),
    ],
)
def test_the_header_must_be_exact(header: str, reason: str) -> None:
    with pytest.raises(HistoryFormatError, match=reason) as caught:
        parse_history(header + "\r\n", BERLIN)
    assert caught.value.line == 1


def test_lines_ending_in_a_bare_carriage_return_keep_their_numbers() -> None:
    first = row(client="A", timestamp="2026-01-05T10:00", event="client")
    multi = 'A,2026-01-05T11:00,interaction,,out,email,,"one\rtwo",,,,,,,,,'
    bad = row(client="A", timestamp="2026-99-05T10:00", event="client")
    with pytest.raises(HistoryFormatError) as caught:
        parse_history("\r".join([HEADER_LINE, first, "", multi, bad]) + "\r", BERLIN)
    assert (caught.value.line, caught.value.column) == (6, "timestamp")  # blank 3, multi 4-5


def test_a_parsed_event_holds_every_field_and_hashes_as_a_built_one() -> None:
    (event,) = parse(row(client="A", timestamp="2026-01-05T10:00Z", event="client"))
    built = HistoryEvent(EventKind.CLIENT, "A", datetime(2026, 1, 5, 10, tzinfo=UTC), line=2)
    assert len(event) == len(HistoryEvent._fields)
    assert (event, hash(event)) == (built, hash(built))


def test_events_differing_only_in_their_line_are_equal() -> None:
    at = datetime(2026, 1, 5, 10, tzinfo=UTC)
    first = HistoryEvent(EventKind.CLIENT, "A", at, line=2)
    assert first == first._replace(line=9)
    assert hash(first) == hash(first._replace(line=None))
    assert first != first._replace(client="B")
    assert first != tuple(first)  # an event equals events only


def test_a_row_with_missing_cells_is_refused() -> None:
    error = refusal("Globex,2026-01-05T10:00,client")
    assert error.line == 2
    assert "3 cells but the header has 17" in error.message


def test_blank_lines_are_skipped() -> None:
    assert len(parse("", row(client="A", timestamp="2026-01-05T10:00", event="client"), "")) == 1


def test_bom_is_accepted_and_binary_or_latin1_refused() -> None:
    assert decode_history(b"\xef\xbb\xbfclient") == "client"
    with pytest.raises(HistoryFormatError, match="binary data"):
        decode_history(b"client\n\x00\x01")
    with pytest.raises(HistoryFormatError, match="0xe9 is not UTF-8") as caught:
        decode_history("client\nCaf\u00e9".encode("latin-1"))
    assert caught.value.line == 2


def test_empty_file_is_refused() -> None:
    with pytest.raises(HistoryFormatError, match="empty"):
        parse_history("  \r\n", BERLIN)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@me", "'@me"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("'plain", "'plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_formula_cells_are_neutralised(cell: str, written: str) -> None:
    assert neutralise_formula(cell) == written
    assert restore_formula(written) == cell


@given(st.text())
def test_neutralising_is_reversible(cell: str) -> None:
    assert restore_formula(neutralise_formula(cell)) == cell


def test_write_then_parse_gives_the_same_events() -> None:
    events = [
        HistoryEvent(
            EventKind.CLIENT,
            '=Globex, "Inc"',
            datetime(2026, 1, 5, 9, tzinfo=UTC),
            status="active",
            summary="line 1\nline 2 \u2603 \U0001f47b",
        ),
        HistoryEvent(
            EventKind.PAYMENT,
            '=Globex, "Inc"',
            datetime(2026, 1, 6, 9, tzinfo=UTC),
            invoice="-7",
            amount=Decimal("5000"),
            currency="JPY",
        ),
    ]
    out = io.StringIO(newline="")
    assert write_history(events, out, BERLIN) == 2
    text = out.getvalue()
    assert text.startswith(HEADER_LINE + "\r\n")
    assert "'=Globex" in text
    assert ",5000,JPY," in text
    assert parse_history(text, BERLIN) == events
