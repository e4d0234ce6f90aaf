"""The client history CSV of SPEC section 3: strict row parsing and formula-safe writing."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any, TextIO, TypeVar

from freelance_ghost.core.clock import format_instant, parse_date, parse_instant
from freelance_ghost.core.kinds import Channel, ClientStatus, Direction, EventKind, ProjectStatus
from freelance_ghost.core.money import (
    CURRENCY_EXPONENTS,
    MoneyError,
    currency_exponent,
    format_amount,
    parse_decimal,
    to_money,
)

COLUMNS: tuple[str, ...] = (
    "client",
    "timestamp",
    "event",
    "contact",
    "direction",
    "channel",
    "address",
    "summary",
    "next_step",
    "next_step_due",
    "project",
    "status",
    "invoice",
    "amount",
    "currency",
    "due_date",
    "cadence_days",
)
HEADER_LINE = ",".join(COLUMNS)
_Choice = TypeVar("_Choice", EventKind, Direction, Channel)
_Parsed = TypeVar("_Parsed")
UTF8_BOM = b"\xef\xbb\xbf"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
_RAW_FIELD = re.compile(r'"(?:[^"]|"")*"|[^",\r\n]*')
_WHOLE_NUMBER = re.compile(r"[0-9]+")
MAX_CADENCE_DAYS = 3650  # ten years: longer is a typo, and would overflow date arithmetic

# Columns each event must fill and may fill; every other column must stay empty.
_ALWAYS = frozenset({"client", "timestamp", "event"})
_COLUMN_RULES: dict[EventKind, tuple[frozenset[str], frozenset[str]]] = {
    EventKind.CLIENT: (frozenset(), frozenset({"status", "summary"})),
    EventKind.CONTACT: (frozenset({"contact"}), frozenset({"channel", "address", "summary"})),
    EventKind.INTERACTION: (
        frozenset({"direction", "channel"}),
        frozenset({"contact", "summary", "next_step", "next_step_due", "project"}),
    ),
    EventKind.PROJECT: (frozenset({"project", "status"}), frozenset({"due_date", "summary"})),
    EventKind.INVOICE: (
        frozenset({"invoice", "amount", "currency", "due_date"}),
        frozenset({"project"}),
    ),
    EventKind.PAYMENT: (frozenset({"invoice", "amount"}), frozenset({"currency"})),
    EventKind.SCHEDULE: (frozenset({"cadence_days"}), frozenset({"channel"})),
}


class HistoryFormatError(ValueError):
    """A refusal that names where the problem is: the line as an editor shows it, and the column."""

    def __init__(self, message: str, line: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class HistoryEvent:
    """One row of the history: what happened to which client, and when."""

    event: EventKind
    client: str
    timestamp: datetime
    contact: str = ""
    direction: Direction | None = None
    channel: Channel | None = None
    address: str = ""
    summary: str = ""
    next_step: str = ""
    next_step_due: date | None = None
    project: str = ""
    status: str = ""
    invoice: str = ""
    amount: Decimal | None = None
    currency: str = ""
    due_date: date | None = None
    cadence_days: int | None = None
    line: int | None = field(default=None, compare=False)


def neutralise_formula(cell: str) -> str:
    """Prefixes a cell a spreadsheet would run as a formula with ``'`` (reversibly)."""
    return "'" + cell if _NEEDS_ESCAPE.match(cell) else cell


def restore_formula(cell: str) -> str:
    """Undoes :func:`neutralise_formula`; cells it did not write pass unchanged."""
    return cell[1:] if _ESCAPED.match(cell) else cell


def decode_history(data: bytes) -> str:
    """The file's text: UTF-8 with or without a BOM; binary or other encodings are refused."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise HistoryFormatError("the file holds binary data, not CSV text", line=line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise HistoryFormatError(
            f"byte 0x{byte:02x} is not UTF-8 text; save the file as UTF-8 and import it again",
            line=line,
        ) from None


def parse_history(text: str, zone: tzinfo) -> list[HistoryEvent]:
    """Every event of a history file, in file order; the first bad cell refuses the whole file."""
    if not text.strip():
        raise HistoryFormatError(
            f"the file is empty; its first line must be the header {HEADER_LINE}"
        )
    raw_lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    events: list[HistoryEvent] = []
    header_seen = False
    previous_end = 0
    while (cells := _next_record(reader, previous_end + 1)) is not None:
        start, previous_end = previous_end + 1, reader.line_num
        _check_quotes(raw_lines[start - 1 : previous_end], start)
        if not header_seen:
            _check_header(cells)
            header_seen = True
        elif cells:
            events.append(parse_row(cells, start, zone))
    return events


def _next_record(reader: Any, start: int) -> list[str] | None:
    """The next record, or None at the end; csv's errors become located refusals."""
    try:
        return next(reader, None)
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise HistoryFormatError(
                "a quoted cell that starts on this line is never closed", line=start
            ) from None
        raise HistoryFormatError(
            f"the CSV quoting is broken ({error})", line=reader.line_num
        ) from None


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


def _check_header(cells: list[str]) -> None:
    """The header must be exactly the 17 columns of SPEC section 3, in order."""
    if [cell.strip() for cell in cells] == list(COLUMNS):
        return
    unknown = [cell for cell in cells if cell.strip() not in COLUMNS]
    if unknown and cells and cells[0].strip() in COLUMNS:
        raise HistoryFormatError(
            f"unknown column '{unknown[0]}'; the header must be {HEADER_LINE}",
            line=1,
            column=unknown[0],
        )
    missing = [name for name in COLUMNS if name not in [cell.strip() for cell in cells]]
    if not unknown and not missing:
        raise HistoryFormatError(
            f"the columns are in the wrong order; the header must be {HEADER_LINE}", line=1
        )
    if missing and not unknown:
        raise HistoryFormatError(
            f"the header lacks the column '{missing[0]}'; it must be {HEADER_LINE}", line=1
        )
    raise HistoryFormatError(f"the first line must be the header {HEADER_LINE}", line=1)


def parse_row(cells: list[str], line: int, zone: tzinfo) -> HistoryEvent:
    """One data row as a typed event, refusing anything SPEC section 3 does not allow."""
    if len(cells) != len(COLUMNS):
        raise HistoryFormatError(
            f"this row has {len(cells)} cells but the header has {len(COLUMNS)}", line=line
        )
    row = {name: restore_formula(cell) for name, cell in zip(COLUMNS, cells, strict=True)}
    kind = _parse_choice(row, "event", EventKind, line)
    _check_columns(row, kind, line)
    client = row["client"].strip()
    if not client:
        raise HistoryFormatError("the client name is empty", line=line, column="client")
    return HistoryEvent(
        event=kind,
        client=client,
        timestamp=_located(parse_instant, row, "timestamp", line, zone),
        contact=row["contact"].strip(),
        direction=_parse_choice(row, "direction", Direction, line) if row["direction"] else None,
        channel=_parse_choice(row, "channel", Channel, line) if row["channel"] else None,
        address=row["address"].strip(),
        summary=row["summary"],
        next_step=row["next_step"],
        next_step_due=_optional_date(row, "next_step_due", line),
        project=row["project"].strip(),
        status=_parse_status(row, kind, line),
        invoice=row["invoice"].strip(),
        amount=_parse_amount(row, line),
        currency=_parse_currency(row, line),
        due_date=_optional_date(row, "due_date", line),
        cadence_days=_parse_cadence(row, line),
        line=line,
    )


def _check_columns(row: dict[str, str], kind: EventKind, line: int) -> None:
    """Required cells are filled; cells an event does not use are empty (nothing is dropped)."""
    required, optional = _COLUMN_RULES[kind]
    for name in COLUMNS:
        filled = row[name].strip() != ""
        if name in required and not filled:
            raise HistoryFormatError(f"a '{kind}' row needs a value here", line=line, column=name)
        if filled and name not in _ALWAYS | required | optional:
            raise HistoryFormatError(
                f"a '{kind}' row does not use this column; leave it empty", line=line, column=name
            )
    if kind is EventKind.CONTACT and row["address"].strip() and not row["channel"].strip():
        raise HistoryFormatError("an address needs its channel", line=line, column="channel")
    if row["next_step_due"].strip() and not row["next_step"].strip():
        raise HistoryFormatError("a due date needs a next step", line=line, column="next_step")


def _parse_choice(row: dict[str, str], column: str, choices: type[_Choice], line: int) -> _Choice:
    value = row[column].strip()
    try:
        return choices(value)
    except ValueError:
        allowed = ", ".join(choice.value for choice in choices)
        raise HistoryFormatError(
            f"'{value}' is not one of: {allowed}", line=line, column=column
        ) from None


def _parse_status(row: dict[str, str], kind: EventKind, line: int) -> str:
    value = row["status"].strip()
    if not value:
        return ""
    allowed = ClientStatus if kind is EventKind.CLIENT else ProjectStatus
    if value not in {status.value for status in allowed}:
        names = ", ".join(status.value for status in allowed)
        raise HistoryFormatError(f"'{value}' is not one of: {names}", line=line, column="status")
    return value


def _located(
    parse: Callable[..., _Parsed], row: dict[str, str], column: str, line: int, *args: object
) -> _Parsed:
    """Runs ``parse`` on one cell, naming the line and column if it refuses."""
    try:
        return parse(row[column], *args)
    except ValueError as error:
        raise HistoryFormatError(str(error), line=line, column=column) from None


def _optional_date(row: dict[str, str], column: str, line: int) -> date | None:
    return _located(parse_date, row, column, line) if row[column].strip() else None


def _parse_currency(row: dict[str, str], line: int) -> str:
    code = row["currency"].strip()
    if code:
        _located(currency_exponent, row, "currency", line)
    return code


def _parse_amount(row: dict[str, str], line: int) -> Decimal | None:
    if not row["amount"].strip():
        return None
    amount: Decimal = _located(parse_decimal, row, "amount", line)
    if amount == 0:
        raise HistoryFormatError("the amount must be more than zero", line=line, column="amount")
    currency = row["currency"].strip()
    if currency in CURRENCY_EXPONENTS:
        try:
            to_money(amount, currency)
        except MoneyError as error:
            raise HistoryFormatError(str(error), line=line, column="amount") from None
    return amount


def _parse_cadence(row: dict[str, str], line: int) -> int | None:
    value = row["cadence_days"].strip()
    if not value:
        return None
    if not _WHOLE_NUMBER.fullmatch(value):
        raise HistoryFormatError(
            f"'{value}' is not a whole number of days (0 stops check-ins)",
            line=line,
            column="cadence_days",
        )
    if int(value) > MAX_CADENCE_DAYS:
        raise HistoryFormatError(
            f"{value} days is longer than the {MAX_CADENCE_DAYS}-day maximum",
            line=line,
            column="cadence_days",
        )
    return int(value)


def event_cells(event: HistoryEvent, zone: tzinfo) -> list[str]:
    """The 17 cells of ``event`` as export writes them (formula-safe)."""
    amount = ""
    if event.amount is not None:
        amount = format_amount(to_money(event.amount, event.currency))
    values = {
        "client": event.client,
        "timestamp": format_instant(event.timestamp, zone),
        "event": event.event.value,
        "contact": event.contact,
        "direction": event.direction.value if event.direction else "",
        "channel": event.channel.value if event.channel else "",
        "address": event.address,
        "summary": event.summary,
        "next_step": event.next_step,
        "next_step_due": event.next_step_due.isoformat() if event.next_step_due else "",
        "project": event.project,
        "status": event.status,
        "invoice": event.invoice,
        "amount": amount,
        "currency": event.currency,
        "due_date": event.due_date.isoformat() if event.due_date else "",
        "cadence_days": "" if event.cadence_days is None else str(event.cadence_days),
    }
    return [neutralise_formula(values[name]) for name in COLUMNS]


def write_history(events: Iterable[HistoryEvent], out: TextIO, zone: tzinfo) -> int:
    """Writes the header and ``events`` as RFC 4180 CSV; returns the number of rows written."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for event in events:
        writer.writerow(event_cells(event, zone))
        count += 1
    return count
