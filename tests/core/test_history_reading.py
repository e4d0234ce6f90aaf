"""The one-step reading of plain interaction lines gives exactly what the full reading gives."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import chain
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from freelance_ghost.core.history import reading
from freelance_ghost.core.history.format import (
    HEADER_LINE,
    HistoryEvent,
    HistoryFormatError,
    parse_row,
)
from freelance_ghost.core.history.reading import (
    _plain_interaction,
    decoded_pieces,
    parse_history,
    read_history,
)
from freelance_ghost.core.kinds import Channel, Direction, EventKind

BERLIN = ZoneInfo("Europe/Berlin")
EXPORTED = "Globex,2026-03-02T09:30:00+01:00,interaction,Ann,out,email,,Sent the quote,,,,,,,,,"


def full_reading(body: str, line: int) -> tuple[object, ...] | None:
    """parse_row's event as a plain tuple (line included), or None where it refuses."""
    try:
        return tuple(parse_row(body.split(","), line, BERLIN))
    except HistoryFormatError:
        return None


def one_step(body: str, line: int) -> HistoryEvent | None:
    """The one-step reading of ``body`` as a whole line; None where it declines."""
    read = _plain_interaction(body, 0, line, BERLIN, csv.field_size_limit(), body.isascii())
    if read is None:
        return None
    event, end = read
    assert end == len(body)
    return event


def test_an_exported_interaction_line_is_read_in_one_step() -> None:
    event = one_step(EXPORTED, 7)
    assert event is not None
    assert event.event is EventKind.INTERACTION
    assert (event.client, event.contact, event.summary) == ("Globex", "Ann", "Sent the quote")
    assert (event.direction, event.channel) == (Direction.OUT, Channel.EMAIL)
    assert event.timestamp == datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    assert tuple(event) == full_reading(EXPORTED, 7)


def test_a_due_date_and_a_time_without_offset_read_as_the_full_reading_does() -> None:
    body = "Globex,2026-03-02 09:30,interaction,,in,phone,,Call,Send it,2026-03-09,Site,,,,,,"
    event = one_step(body, 3)
    assert event is not None
    assert event.next_step_due == date(2026, 3, 9)
    assert event.timestamp == datetime(2026, 3, 2, 9, 30, tzinfo=BERLIN)
    assert tuple(event) == full_reading(body, 3)


def test_the_first_line_is_always_the_header_even_when_it_looks_like_a_row() -> None:
    with pytest.raises(HistoryFormatError) as caught:
        parse_history(EXPORTED + "\r\n", BERLIN)
    assert caught.value.line == 1


def test_a_file_of_plain_lines_keeps_their_line_numbers() -> None:
    text = "\r\n".join([HEADER_LINE, EXPORTED, "", EXPORTED]) + "\r\n"
    assert [event.line for event in parse_history(text, BERLIN)] == [2, 4]


# Per column: values the full reading accepts in an interaction row, then values it refuses or
# treats specially. Rows start plain and get up to two odd cells.
CELLS = {
    "client": (
        ["Globex", "Jürgen & Söhne", "東京デザイン"],
        [
            "",
            "  ",
            "'=Globex",
            " Globex ",
            "Globex\xa0",
            "\ufeffGlobex",  # a byte order mark at the start of a line
            "Glo\u200bbex",
            "Glo\x01bex",
            "Glo\x85bex",
            "Cafe\u0301",  # é as e and an accent: read as the one character
            "Acme\xa0Ltd",
        ],
    ),
    "timestamp": (
        [
            "2026-03-02T09:30:00+01:00",
            "2026-03-02T09:30:00.123456Z",
            "2026-03-02 09:30",
            "2026-03-02T09:30+0530",
            "2026-03-29T02:30",  # does not exist in Berlin
            "1900-01-01T00:09:21+00:09:21",  # the first supported instant, as Paris wrote it
        ],
        [
            "0001-01-01T00:00:00+01:00",  # outside the supported years, and datetime's in UTC
            "9999-12-31T23:59:59-01:00",
            "1900-01-01T00:30:00+01:00",  # 1899 in UTC
            "2200-12-31T23:30:00-01:00",  # 2201 in UTC
            "2026-02-30T09:30",
            "2026-03-02",
            " 2026-03-02T09:30Z",
            "2026-03-02T9:30",
            "2026-03-02T09:30:00.1234567",
        ],
    ),
    "event": (["interaction"], ["Interaction", " interaction", "client"]),
    "contact": (["", "Ann", "Zoë"], [" Ann ", "\u3000Ann", "An\u202en", "Zoe\u0308"]),
    "direction": (["in", "out"], ["OUT", "", " in"]),
    "channel": (["email", "in_person"], ["fax", "", "email "]),
    "address": ([""], [" ", "ann@example.com"]),
    "summary": (["", "Sent it", " spaced "], ["-1 cheaper", "it's"]),
    "next_step": (["", "Call back"], [" "]),
    "next_step_due": (
        [""],
        ["2026-03-09", "2026-13-01", "2026-3-9", " 2026-03-09", "9999-12-31", "1899-12-31"],
    ),
    "project": (["", "Site"], [" Site ", "Site\t", "Si\u2028te", "Site\u200d"]),
    "status": ([""], ["active", " "]),
    "invoice": ([""], ["INV-1"]),
    "amount": ([""], ["10"]),
    "currency": ([""], ["EUR"]),
    "due_date": ([""], ["2026-04-01"]),
    "cadence_days": ([""], ["7", " "]),
}


@st.composite
def rows(draw: st.DrawFn) -> dict[str, str]:
    cells = {name: draw(st.sampled_from(plain)) for name, (plain, _) in CELLS.items()}
    odd_columns = [name for name, (_, odd) in CELLS.items() if odd]
    for name in draw(st.lists(st.sampled_from(odd_columns), max_size=2)):
        cells[name] = draw(st.sampled_from(CELLS[name][1]))
    return cells


@given(rows(), st.integers(2, 10**6))
@example({name: plain[0] for name, (plain, _) in CELLS.items()}, 2)
def test_the_one_step_reading_never_differs_from_the_full_reading(
    cells: dict[str, str], line: int
) -> None:
    body = ",".join(cells.values())
    fast = one_step(body, line)
    full = full_reading(body, line)
    if fast is not None:
        assert full is not None, f"accepted what the full reading refuses: {body}"
        assert tuple(fast) == full
        assert [type(value) for value in fast] == [type(value) for value in full]
    if all(cells[name] in plain for name, (plain, _) in CELLS.items()):
        assert fast is not None, f"an exported shape took the full path: {body}"


# Whole lines for a file: exported interactions, rows the full reading takes, blank lines, and
# quoted cells that run over line breaks, one of them hiding a plain line inside its quotes.
LINES = [
    EXPORTED,
    "Globex,2026-03-02 09:30,interaction,,in,phone,,Call,Send it,2026-03-09,Site,,,,,,",
    "Globex,2026-03-01T09:00:00+01:00,client,,,,,,,,,active,,,,,",
    "",
    '"Globex",2026-03-02T09:30:00+01:00,interaction,Ann,out,email,,"two\nlines",,,,,,,,,',
    f'Globex,2026-03-02T09:30:00+01:00,interaction,Ann,out,email,,"hides\r\n{EXPORTED}\rin it"'
    ",,,,,,,,,",
]


def reference_reading(text: str) -> list[tuple[object, ...]]:
    """The events as csv alone splits the file into records, each read in full."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(reader)
    events, line = [], reader.line_num
    for cells in reader:
        if cells:
            events.append(tuple(parse_row(cells, line + 1, BERLIN)))
        line = reader.line_num
    return events


@given(
    st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(["\n", "\r\n", "\r"]))),
    st.booleans(),
)
def test_a_whole_file_reads_as_csv_records_read_in_full(
    lines: list[tuple[str, str]], last_line_ended: bool
) -> None:
    text = HEADER_LINE + "\r\n" + "".join(line + ending for line, ending in lines)
    if not last_line_ended:
        text = text.rstrip("\r\n")
    assert [tuple(event) for event in parse_history(text, BERLIN)] == reference_reading(text)


# ---- reading a file a piece at a time ------------------------------------------------------


def chunked(data: bytes, sizes: list[int]) -> list[bytes]:
    """``data`` cut into chunks of the given sizes, cycled (as reads of any size would cut it)."""
    chunks, start = [], 0
    while start < len(data):
        size = sizes[len(chunks) % len(sizes)]
        chunks.append(data[start : start + size])
        start += size
    return chunks


def read_in_chunks(data: bytes, sizes: list[int]) -> list[HistoryEvent]:
    return list(chain.from_iterable(read_history(decoded_pieces(chunked(data, sizes)), BERLIN)))


@given(
    st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(["\n", "\r\n", "\r"]))),
    st.booleans(),
    st.lists(st.integers(1, 40), min_size=1, max_size=5),
)
def test_a_file_read_in_chunks_of_any_size_reads_as_the_whole_text(
    lines: list[tuple[str, str]], last_line_ended: bool, sizes: list[int]
) -> None:
    text = HEADER_LINE + "\r\n" + "".join(line + ending for line, ending in lines)
    if not last_line_ended:
        text = text.rstrip("\r\n")
    data = "\ufeff".encode() + text.encode()
    read = read_in_chunks(data, sizes)
    assert [tuple(event) for event in read] == reference_reading(text)


@pytest.mark.parametrize("sizes", [[1], [2, 3], [7], [1 << 20]])
@pytest.mark.parametrize(
    ("tail", "line", "column"),
    [
        ("Globex,2026-13-02T09:30Z,interaction,,out,email,,x,,,,,,,,,\r\n", 6, "timestamp"),
        ('Globex,2026-03-02T09:30Z,interaction,,out,email,,"never\r\nclosed,,,,,,,,,\r\n', 6, None),
        ("Globex,2026-03-02T09:30Z,client,,,,,Caf\xe9,,,,,,,,,\r\n", 6, None),
        ("Globex,2026-03-02T09:30Z,client,,,,,\x00,,,,,,,,,\r\n", 6, None),
    ],
)
def test_a_refusal_in_a_later_chunk_names_the_same_line_as_a_whole_reading(
    sizes: list[int], tail: str, line: int, column: str | None
) -> None:
    multi = 'Globex,2026-03-02T09:30Z,interaction,,out,email,,"two\r\nlines",,,,,,,,,'
    text = "\r\n".join([HEADER_LINE, EXPORTED, multi, EXPORTED]) + "\r\n" + tail
    data = text.encode("latin-1" if "\xe9" in tail else "utf-8")
    with pytest.raises(HistoryFormatError) as caught:
        read_in_chunks(data, sizes)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_only_the_file_s_first_bytes_may_be_a_bom() -> None:
    first, later = HEADER_LINE + "\r\n", "\ufeff" + EXPORTED + "\r\n"
    data = ("\ufeff" + first + later).encode()
    pieces = list(decoded_pieces(chunked(data, [len(first.encode()) + 3])))
    assert len(pieces) == 2  # the second starts with a BOM of its own...
    assert "".join(pieces) == first + later  # ...kept as written, whatever the chunks


def test_a_file_of_blank_lines_is_empty_however_it_is_read() -> None:
    for sizes in ([1], [3], [1 << 20]):
        with pytest.raises(HistoryFormatError, match="the file is empty"):
            read_in_chunks(b" \r\n\r\n \t\n", sizes)
    with pytest.raises(HistoryFormatError, match="the header") as caught:
        read_in_chunks(b" \r\n" + HEADER_LINE.encode(), [1])
    assert caught.value.line == 1


def test_bytes_without_a_line_break_are_refused_before_they_pile_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "LONGEST_LINE", 100)
    taken: list[int] = []

    def endless(byte: bytes) -> Iterator[bytes]:
        while True:
            taken.append(1)
            yield byte * 30

    with pytest.raises(HistoryFormatError, match="more than 100 bytes") as caught:
        list(decoded_pieces(endless(b"a")))
    assert (caught.value.line, len(taken)) == (1, 4)
    taken.clear()
    with pytest.raises(HistoryFormatError, match="binary data"):
        list(decoded_pieces(endless(b"\x00")))
    assert len(taken) == 1


# ---- cells as long as the records hold -----------------------------------------------------

LONG_NOTE = "A long thread pasted whole. " * 7_000  # 196,000 characters: over csv's default


@pytest.mark.parametrize(
    "line",
    [
        f"Globex,2026-03-01T09:00:00+01:00,client,,,,,{LONG_NOTE},,,,active,,,,,",
        f"Globex,2026-03-02T09:30:00+01:00,interaction,Ann,out,email,,{LONG_NOTE},,,,,,,,,",
        f'Globex,2026-03-02T09:30:00+01:00,interaction,,out,email,,"{LONG_NOTE}\r\n""quoted""",'
        ",,,,,,,,",
    ],
)
def test_a_cell_longer_than_csv_s_default_limit_is_read(line: str) -> None:
    (event,) = parse_history(HEADER_LINE + "\r\n" + line + "\r\n", BERLIN)
    assert event.summary.startswith(LONG_NOTE)


@pytest.fixture
def short_cells(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """The records as if they held 1,000 characters a cell; csv's limit restored after."""
    before = csv.field_size_limit()
    monkeypatch.setattr(reading, "MAX_TEXT_BYTES", 1000)
    yield 1000
    csv.field_size_limit(before)


@pytest.mark.parametrize(
    "line",
    [
        "Globex,2026-03-01T09:00:00+01:00,client,,,,,{},,,,,,,,,",
        "Globex,2026-03-02T09:30:00+01:00,interaction,,out,email,,{},,,,,,,,,",
        'Globex,2026-03-02T09:30:00+01:00,interaction,,out,email,,"{}",,,,,,,,,',
    ],
)
def test_a_cell_longer_than_the_records_hold_is_refused_saying_so(
    short_cells: int, line: str
) -> None:
    with pytest.raises(HistoryFormatError) as caught:
        parse_history(f"{HEADER_LINE}\r\n{EXPORTED}\r\n{line.format('x' * 1001)}\r\n", BERLIN)
    assert caught.value.line == 3
    assert caught.value.message == (
        "a cell on this line is longer than 1,000 characters, more than the records hold in "
        "one cell"
    )


def test_a_quote_never_closed_in_a_long_file_is_named_as_the_likely_cause(
    short_cells: int,
) -> None:
    broken = 'Globex,2026-03-02T09:30:00+01:00,interaction,,out,email,,"forgot to close,,,,,,,,,'
    text = "\r\n".join([HEADER_LINE, EXPORTED, broken, *[EXPORTED] * 20]) + "\r\n"
    with pytest.raises(HistoryFormatError) as caught:
        parse_history(text, BERLIN)
    assert caught.value.line == 3
    assert "its closing quote is probably missing" in caught.value.message
