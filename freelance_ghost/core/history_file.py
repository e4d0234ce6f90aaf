"""A whole history file read into events: its lines, quoting, and the common row in one step."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, tzinfo
from typing import Any

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

_RAW_FIELD = re.compile(r'"(?:[^"]|"")*"|[^",\r\n]*')
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_TIME = r"[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
_OFFSET = r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
# An interaction row as exports write it: no quotes, no spaces around the timestamp, no
# escaped formula, every cell its kind does not use empty. The groups are client,
# timestamp, contact, direction, channel, summary, next step, its due date and project.
# A cell is ``[^,]*+``: possessive, as a cell never gives characters back (a fifth faster).
_PLAIN_INTERACTION = re.compile(
    rf"([^,]*+),({_DATE}{_TIME}{_OFFSET}),{EventKind.INTERACTION.value},([^,]*+),"
    rf"({'|'.join(DIRECTIONS)}),({'|'.join(CHANNELS)}),,([^,]*+),([^,]*+),({_DATE})?,"
    r"([^,]*+),,,,,,"
)


def parse_history(text: str, zone: tzinfo) -> list[HistoryEvent]:
    """Every event of a history file, in file order; the first bad cell refuses the whole file.

    A line without a quote is one record whose cells are exactly its comma-separated parts,
    so only lines with quotes (or a cell over csv's size limit) go through csv, which is
    several times slower per row; those also get the stray-quote check csv does not make.
    """
    if not text.strip():
        raise HistoryFormatError(
            f"the file is empty; its first line must be the header {HEADER_LINE}"
        )
    lines = _Lines(text)
    reader = csv.reader(lines, strict=True)
    limit = csv.field_size_limit()
    events: list[HistoryEvent] = []
    header = True
    while lines.read < len(lines.lines):
        start = lines.read + 1
        line = lines.lines[lines.read]
        if '"' not in line and len(line) <= limit:
            lines.read = start
            body = line.rstrip("\r\n")
            event = None if header else _plain_interaction(body, start, zone)
            if event is not None:
                events.append(event)
                continue
            cells = body.split(",") if body else []
        else:
            cells = _next_record(reader, lines, start)
            _check_quotes(lines.lines[start - 1 : lines.read], start)
        if header:
            check_header(cells)
            header = False
        elif cells:
            events.append(parse_row(cells, start, zone))
    return events


def _plain_interaction(body: str, line: int, zone: tzinfo) -> HistoryEvent | None:
    """The event of an interaction line in the shape exports write, read in one step.

    Nearly every row of a long history is one: a single pattern checks all its cells at
    once, instead of a step per cell. It answers None for any line it is not sure of
    (a blank client, an impossible date, a due date without its step, an escaped formula,
    any other shape), and :func:`parse_row` then reads that line in full.
    """
    match = None if "'" in body else _PLAIN_INTERACTION.fullmatch(body)
    if match is None:
        return None
    client, timestamp, contact, direction, channel, summary, next_step, due, project = (
        match.groups()
    )
    client = client.strip()
    if not client or (due and not next_step.strip()):
        return None
    try:
        instant = datetime.fromisoformat(timestamp)
        next_step_due = date.fromisoformat(due) if due else None
    except ValueError:
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=zone)
    return new_event(
        (
            EventKind.INTERACTION,
            client,
            instant,
            contact.strip(),
            DIRECTIONS[direction],
            CHANNELS[channel],
            "",
            summary,
            next_step,
            next_step_due,
            project.strip(),
            "",
            "",
            None,
            "",
            None,
            None,
            line,
        )
    )


class _Lines:
    """The file's physical lines, consumed in order by both this module and csv."""

    def __init__(self, text: str) -> None:
        self.lines = io.StringIO(text, newline="").readlines()
        self.read = 0  # lines consumed so far: the last one is the line an error names

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.read == len(self.lines):
            raise StopIteration
        self.read += 1
        return self.lines[self.read - 1]


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


def _check_quotes(raw: list[str], start: int) -> None:
    """Refuses a quote inside an unquoted cell, which csv would otherwise keep silently."""
    record = "".join(raw).rstrip("\r\n")
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
