"""A history file read into events a piece at a time: bytes, lines, quoting, the common row."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import date, tzinfo
from itertools import chain
from typing import Any

from freelance_ghost.core.clock import (
    DATE_PATTERN,
    OFFSET_PATTERN,
    TIME_PATTERN,
    checked_instant,
    supported_date,
)
from freelance_ghost.core.history.format import (
    CHANNELS,
    COLUMNS,
    DIRECTIONS,
    HEADER_LINE,
    HistoryEvent,
    HistoryFormatError,
    check_header,
    decode_history,
    decode_lines,
    new_event,
    parse_row,
)
from freelance_ghost.core.kinds import EventKind
from freelance_ghost.core.names import is_clean_name

# The longest text SQLite holds in one value, in bytes (its SQLITE_MAX_LENGTH, which bounds
# a whole row too). A cell of more characters has more bytes: import refuses it, and reads
# back every cell the records can hold.
MAX_TEXT_BYTES = 1_000_000_000
# No history row is longer than its longest cell with every character a doubled quote.
LONGEST_LINE = 2 * MAX_TEXT_BYTES + 1_000_000
_EMPTY = f"the file is empty; its first line must be the header {HEADER_LINE}"
# A cell as written: quoted (unrolled, so a long quoted cell is one quick scan) or not.
_RAW_FIELD = re.compile(r'"[^"]*(?:""[^"]*)*"|[^",\r\n]*')
# One physical line and its ending, split where csv and universal newlines split.
_LINE = re.compile(r"[^\r\n]*+(?:\r\n?|\n)?")
# A cell of a plain line: no quote (csv's business), no apostrophe (maybe an escaped formula).
# Possessive, as a cell never gives characters back (so a failing match never backtracks). A name cell has no
# space at either end and no ASCII control (exports write names clean), so it needs no
# stripping, and an ASCII one no other check.
_CELL = "([^,\"'\r\n]*+)"
_NAME = r"""(?!\s)([^,"'\x00-\x1f\x7f]*+)(?<!\s)"""
# An interaction line as exports write it, with its line ending: no quotes, no spaces around
# the timestamp, every cell its kind does not use empty. The groups are client, timestamp,
# contact, direction, channel, summary, next step, its due date and project.
_PLAIN_INTERACTION = re.compile(
    rf"{_NAME},({DATE_PATTERN}{TIME_PATTERN}{OFFSET_PATTERN}?),"
    rf"{EventKind.INTERACTION.value},{_NAME},"
    rf"({'|'.join(DIRECTIONS)}),({'|'.join(CHANNELS)}),,{_CELL},{_CELL},({DATE_PATTERN})?,"
    rf"{_NAME},,,,,,(?:\r\n?|\n|\Z)"
)


def parse_history(text: str, zone: tzinfo) -> list[HistoryEvent]:
    """Every event of a history file's text, in file order; the first bad cell refuses it."""
    return list(chain.from_iterable(read_history([text], zone)))


def read_history(pieces: Iterable[str], zone: tzinfo) -> Iterator[list[HistoryEvent]]:
    """The events of a history file, a list per piece of its text, in file order.

    The pieces are read as they are needed, so a long file is never held whole; each must end
    where a line ends (or the file does), never between the ``\\r`` and ``\\n`` of one. The
    start (an empty file, the header) is checked before this returns; any later bad cell
    stops the reading there with its line and column.
    """
    _cells_as_long_as_the_records_hold()
    lines = _Lines(iter(pieces))
    _check_start(lines)
    return _events(lines, zone)


def _cells_as_long_as_the_records_hold() -> None:
    """Sets csv's limit on one cell to the longest text the records hold.

    csv's own default (131,072 characters) refused the app's own export of a long note. The
    limit belongs to the whole process, and nothing else in the app sets it.
    """
    csv.field_size_limit(MAX_TEXT_BYTES)


def _check_start(lines: _Lines) -> None:
    """Refuses an empty file and a wrong header (line 1)."""
    if not lines.fill():
        raise HistoryFormatError(_EMPTY)
    blank = not lines.text.strip()  # the whole first piece: its first line is blank too
    cells = lines.next_record()[1]
    if blank and lines.blank_to_the_end():
        raise HistoryFormatError(_EMPTY)
    check_header(cells)


def _events(lines: _Lines, zone: tzinfo) -> Iterator[list[HistoryEvent]]:
    """The events after the header, a list per piece of text.

    Lines are read where they stand in the piece, without a list of them. An interaction
    line in the shape exports write (nearly every line of a long history) is read in one
    step; any other line goes through :func:`parse_row`, and one with a quote through csv
    first, which also reads a quoted cell across lines (and pieces).
    """
    plain, limit = _plain_interaction, csv.field_size_limit()
    while lines.fill():
        events: list[HistoryEvent] = []
        text, position, line = lines.text, lines.position, lines.read
        end, all_ascii = len(text), text.isascii()  # one scan in C spares a check of every name
        while position < end:
            line += 1
            read = plain(text, position, line, zone, limit, all_ascii)
            if read is not None:
                event, position = read
                events.append(event)
                continue
            lines.position, lines.read = position, line - 1
            line, cells = lines.next_record()
            if cells:
                events.append(parse_row(cells, line, zone))
            position, line = lines.position, lines.read
            if lines.text is not text:
                break  # a quoted cell went on into the next piece: go on from there
        lines.position, lines.read = position, line
        yield events


def decoded_pieces(chunks: Iterable[bytes]) -> Iterator[str]:
    """A history file's bytes, read in ``chunks``, as pieces of text that are whole lines.

    A piece ends after the last line break of what has come in, so no line, no ``\\r\\n``
    and no UTF-8 character is cut. What follows that break waits for the next chunk; a
    run of more than :data:`LONGEST_LINE` bytes without one is refused, and so is binary
    data as soon as it comes in, so that what is held stays bounded whatever the file.
    """
    held: list[bytes] = []  # what came after the last line break so far
    held_size, line, first = 0, 1, True  # line: where the next piece starts, counting "\n"
    for chunk in chunks:
        cut = _after_last_break(chunk)
        if not cut:
            held.append(chunk)
            held_size += len(chunk)
            _check_unbroken(held, held_size, line)
            continue
        piece = b"".join([*held, chunk[:cut]])
        rest = chunk[cut:]
        held, held_size = [rest], len(rest)
        yield decode_history(piece) if first else decode_lines(piece, line)
        line += piece.count(b"\n")
        first = False
    if held_size:
        rest = b"".join(held)
        yield decode_history(rest) if first else decode_lines(rest, line)


def _after_last_break(data: bytes) -> int:
    """Where the text after the last line break of ``data`` starts (0: none).

    A ``\\r`` at the very end may be the first half of a ``\\r\\n``, so it does not count.
    """
    return max(data.rfind(b"\n"), data.rfind(b"\r", 0, len(data) - 1)) + 1


def _check_unbroken(held: list[bytes], size: int, line: int) -> None:
    """Refuses, early, bytes without a line break that cannot be part of a history file."""
    if b"\x00" in held[-1]:
        decode_lines(b"".join(held), line)  # says where the binary data starts
    if size > LONGEST_LINE:
        raise HistoryFormatError(
            f"this line goes on for more than {LONGEST_LINE:,} bytes, longer than any row of "
            "history can be; this is not a history file",
            line=line,
        )


def _plain_interaction(
    text: str, position: int, line: int, zone: tzinfo, limit: int, all_ascii: bool
) -> tuple[HistoryEvent, int] | None:
    """The interaction line at ``position`` read in one step, and where the next line starts.

    A single pattern checks all its cells at once, instead of a step per cell. It answers
    None for any line it is not sure of (a blank, padded or unclean name, an impossible date
    or one outside the supported years, a due date without its step, an escaped formula, a
    cell over csv's size limit, any other shape), and :func:`parse_row` then reads that line
    in full. ``limit`` is csv's; ``all_ascii`` says the whole text is ASCII, whose names the
    pattern has checked already.
    """
    match = _PLAIN_INTERACTION.match(text, position)
    if match is None:
        return None
    client, timestamp, contact, direction, channel, summary, next_step, due, project = (
        match.groups()
    )
    if not client or (due and not next_step.strip()):
        return None
    if not all_ascii and not (
        (client.isascii() or is_clean_name(client))
        and (contact.isascii() or is_clean_name(contact))
        and (project.isascii() or is_clean_name(project))
    ):
        return None
    if match.end() - position > limit:
        return None
    try:
        instant = checked_instant(timestamp, zone)
        next_step_due = supported_date(date.fromisoformat(due)) if due else None
    except ValueError:
        return None
    event = new_event(
        (
            EventKind.INTERACTION,
            client,
            instant,
            contact,
            DIRECTIONS[direction],
            CHANNELS[channel],
            "",
            summary,
            next_step,
            next_step_due,
            project,
            "",
            "",
            None,
            "",
            None,
            None,
            line,
        )
    )
    return event, match.end()


class _Lines:
    """The file's physical lines, a piece of text at a time, consumed by this module and csv."""

    def __init__(self, pieces: Iterator[str]) -> None:
        self.pieces = pieces
        self.text = ""  # the piece being read
        self.position = 0  # where the next line starts in it
        self.read = 0  # lines consumed so far: the last one is the line an error names
        self.taken: list[str] | None = None  # the lines csv takes for one record
        self.reader = csv.reader(self, strict=True)

    def fill(self) -> bool:
        """Whether any text is left, taking the next piece once this one is read."""
        while self.position == len(self.text):
            text = next(self.pieces, None)
            if text is None:
                return False
            self.text, self.position = text, 0
        return True

    def blank_to_the_end(self) -> bool:
        """Whether all that is left is blank (reads it: only asked before a refusal)."""
        while self.fill():
            if self.text[self.position :].strip():
                return False
            self.position = len(self.text)
        return True

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if not self.fill():
            raise StopIteration
        match = _LINE.match(self.text, self.position)
        assert match is not None  # the pattern can match the empty string
        self.position = match.end()
        self.read += 1
        if self.taken is not None:
            self.taken.append(match.group())
        return match.group()

    def next_record(self) -> tuple[int, list[str]]:
        """The number of the next record's first line, and its cells (none for a blank line).

        A line without a quote is one record whose cells are exactly its comma-separated
        parts; only a line with quotes (or a cell over csv's size limit) goes through csv,
        which is slower, and gets the stray-quote check csv does not make.
        """
        line, start = self.read + 1, self.position
        raw = next(self)
        if '"' not in raw and len(raw) <= csv.field_size_limit():
            body = raw.rstrip("\r\n")
            return line, body.split(",") if body else []
        self.position, self.read = start, line - 1  # the line is still in this piece
        self.taken = []
        try:
            cells = _next_record(self.reader, self, line)
            _check_quotes("".join(self.taken), line)
        finally:
            self.taken = None
        return line, cells


def _next_record(reader: Any, lines: _Lines, start: int) -> list[str]:
    """The record starting at line ``start``; csv's errors become located refusals."""
    try:
        return next(reader)
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise HistoryFormatError(
                "a quoted cell that starts on this line is never closed", line=start
            ) from None
        if "field larger than field limit" in str(error):
            raise HistoryFormatError(_too_long(lines.read > start), line=start) from None
        raise HistoryFormatError(f"the CSV quoting is broken ({error})", line=lines.read) from None


def _too_long(over_lines: bool) -> str:
    """What is wrong with a cell csv found longer than the records can hold."""
    if over_lines:
        return (
            f"a quoted cell that starts on this line goes on for more than "
            f"{MAX_TEXT_BYTES:,} characters, more than the records hold in one cell; "
            "its closing quote is probably missing"
        )
    return (
        f"a cell on this line is longer than {MAX_TEXT_BYTES:,} characters, "
        "more than the records hold in one cell"
    )


def _check_quotes(raw: str, start: int) -> None:
    """Refuses a quote inside an unquoted cell, which csv would otherwise keep silently."""
    record = raw.rstrip("\r\n")
    position, index = 0, 0
    while True:
        match = _RAW_FIELD.match(record, position)
        assert match is not None  # the pattern can match the empty string
        position = match.end()
        if position == len(record):
            return
        if record[position] != ",":
            line = start + record.count("\n", 0, position)
            column = COLUMNS[index] if index < len(COLUMNS) else None
            raise HistoryFormatError(
                'a stray quote (") in an unquoted cell; put the cell in quotes and double any '
                "quote inside it",
                line=line,
                column=column,
            )
        position, index = position + 1, index + 1
