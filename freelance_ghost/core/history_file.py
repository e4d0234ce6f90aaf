"""A whole history file read into events: its lines, quoting, and the common row in one step."""

from __future__ import annotations

import csv
import re
from datetime import date, tzinfo
from typing import Any

from freelance_ghost.core.clock import (
    DATE_PATTERN,
    OFFSET_PATTERN,
    TIME_PATTERN,
    checked_instant,
    supported_date,
)
from freelance_ghost.core.history_csv import (
    CHANNELS,
    COLUMNS,
    DIRECTIONS,
    HEADER_LINE,
    HistoryEvent,
    HistoryFormatError,
    check_header,
    new_event,
    parse_row,
)
from freelance_ghost.core.kinds import EventKind
from freelance_ghost.core.names import is_clean_name

_RAW_FIELD = re.compile(r'"(?:[^"]|"")*"|[^",\r\n]*')
# One physical line and its ending, split where csv and universal newlines split.
_LINE = re.compile(r"[^\r\n]*+(?:\r\n?|\n)?")
# A cell of a plain line: no quote (csv's business), no apostrophe (maybe an escaped formula).
# Possessive, as a cell never gives characters back (a fifth faster). A name cell has no
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
    """Every event of a history file, in file order; the first bad cell refuses the whole file.

    Lines are read where they stand in the text, without a list of them. An interaction
    line in the shape exports write (nearly every line of a long history) is read in one
    step; any other line goes through :func:`parse_row`, and one with a quote through csv
    first, which also reads a quoted cell across lines.
    """
    if not text.strip():
        raise HistoryFormatError(
            f"the file is empty; its first line must be the header {HEADER_LINE}"
        )
    lines = _Lines(text)
    check_header(lines.next_record()[1])
    plain, limit = _plain_interaction, csv.field_size_limit()
    all_ascii = text.isascii()  # one scan in C spares a check of every name
    events: list[HistoryEvent] = []
    position, line, end = lines.position, lines.read, len(text)
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
    return events


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
    """The file's physical lines, consumed in order by both this module and csv."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0  # where the next line starts
        self.read = 0  # lines consumed so far: the last one is the line an error names
        self.reader = csv.reader(self, strict=True)

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.position == len(self.text):
            raise StopIteration
        match = _LINE.match(self.text, self.position)
        assert match is not None  # the pattern can match the empty string
        self.position = match.end()
        self.read += 1
        return match.group()

    def next_record(self) -> tuple[int, list[str]]:
        """The number of the next record's first line, and its cells (none for a blank line).

        A line without a quote is one record whose cells are exactly its comma-separated
        parts; only a line with quotes (or a cell over csv's size limit) goes through csv,
        several times slower, and gets the stray-quote check csv does not make.
        """
        line, start = self.read + 1, self.position
        raw = next(self)
        if '"' not in raw and len(raw) <= csv.field_size_limit():
            body = raw.rstrip("\r\n")
            return line, body.split(",") if body else []
        self.position, self.read = start, line - 1
        cells = _next_record(self.reader, self, line)
        _check_quotes(self.text[start : self.position], line)
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
        raise HistoryFormatError(f"the CSV quoting is broken ({error})", line=lines.read) from None


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
