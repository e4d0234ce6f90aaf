"""The client history file (docs/history-format.md): its columns, strict parsing, the formula escape."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from freelance_ghost.core.addresses import check_email_address
from freelance_ghost.core.channels import AddressKind, channel_words
from freelance_ghost.core.clock import parse_date, parse_instant
from freelance_ghost.core.kinds import Channel, ClientStatus, Direction, EventKind, ProjectStatus
from freelance_ghost.core.money import (
    CURRENCY_EXPONENTS,
    MoneyError,
    currency_exponent,
    parse_decimal,
    to_money,
)
from freelance_ghost.core.names import clean_name
from freelance_ghost.core.plurals import counted
from freelance_ghost.core.record_rules import (
    RecordRuleError,
    check_amount,
    check_cadence,
    check_next_step,
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
_WHOLE_NUMBER = re.compile(r"[0-9]+")

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
# The columns each kind of event may fill besides client, timestamp and event, in file order.
FILLED: dict[EventKind, tuple[str, ...]] = {
    kind: tuple(name for name in COLUMNS if name in required | optional)
    for kind, (required, optional) in _COLUMN_RULES.items()
}
# The same rules by cell position, to check a row without building a dict of it.
_AT = {name: index for index, name in enumerate(COLUMNS)}
_REQUIRED_AT = {
    kind: tuple(_AT[name] for name in COLUMNS if name in required)
    for kind, (required, _) in _COLUMN_RULES.items()
}
_UNUSED_AT = {
    kind: itemgetter(*(_AT[name] for name in COLUMNS if name not in _ALWAYS | required | optional))
    for kind, (required, optional) in _COLUMN_RULES.items()
}
_EVENT_KINDS = {kind.value: kind for kind in EventKind}
DIRECTIONS = {direction.value: direction for direction in Direction}
CHANNELS = {channel.value: channel for channel in Channel}
_CLIENT_STATUSES = tuple(status.value for status in ClientStatus)
_PROJECT_STATUSES = tuple(status.value for status in ProjectStatus)


class HistoryFormatError(ValueError):
    """A refusal that names where the problem is: the line as an editor shows it, and the column."""

    def __init__(self, message: str, line: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    @classmethod
    def from_rule(cls, error: RecordRuleError, line: int | None) -> HistoryFormatError:
        """A record rule's refusal as the file's: at the row's line, in the rule's column."""
        return cls(str(error), line=line, column=error.column)

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class HistoryEvent(NamedTuple):
    """One row of the history: what happened to which client, and when.

    A named tuple, not a dataclass: a file has a million rows, and a tuple is much quicker
    to build and smaller to keep. ``line`` only says where the row was
    read from, so two events that differ in it alone are equal.
    """

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
    line: int | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HistoryEvent) and self[:-1] == other[:-1]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:-1])


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
    return decode_lines(data)


def decode_lines(data: bytes, line: int = 1) -> str:
    """Lines of the file as text, ``line`` being the one ``data`` starts on (no BOM there)."""
    if b"\x00" in data:
        line += data[: data.index(b"\x00")].count(b"\n")
        raise HistoryFormatError("the file holds binary data, not CSV text", line=line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line += data[: error.start].count(b"\n")
        byte = data[error.start]
        raise HistoryFormatError(
            f"byte 0x{byte:02x} is not UTF-8 text; save the file as UTF-8 and import it again",
            line=line,
        ) from None


def check_header(cells: list[str]) -> None:
    """The header must name exactly the 17 columns of docs/history-format.md, in their order."""
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
    """One data row as a typed event, refusing anything docs/history-format.md does not allow.

    The checks run in a fixed order (the first one that fails names its column), on cells
    unpacked into locals, and an empty cell costs no call: a file has a million rows, and
    this is most of reading one.
    """
    if len(cells) != len(COLUMNS):
        raise HistoryFormatError(
            f"this row has {counted(len(cells), 'cell', 'cells')} but the header has {len(COLUMNS)}",
            line=line,
        )
    if "'" in "".join(cells):
        cells = [restore_formula(cell) for cell in cells]
    (
        client,
        timestamp,
        event,
        contact,
        direction,
        channel,
        address,
        summary,
        next_step,
        next_step_due,
        project,
        status,
        invoice,
        amount,
        currency,
        due_date,
        cadence_days,
    ) = cells
    kind = _EVENT_KINDS.get(event) or _choice(event, "event", _EVENT_KINDS, line)
    _check_columns(cells, kind, line)
    if address:
        _check_address_channel(kind, channel, address, line)
    client = _name(client, "client", line)
    if not client:
        raise HistoryFormatError("the client name is empty", line=line, column="client")
    try:
        instant = parse_instant(timestamp, zone)
    except ValueError as error:
        raise HistoryFormatError(str(error), line=line, column="timestamp") from None
    due = _optional_date(next_step_due, "next_step_due", line) if next_step_due else None
    if due is not None:
        _obeyed(check_next_step, line, next_step, due)
    return new_event(
        (
            kind,
            client,
            instant,
            _name(contact, "contact", line) if contact else "",
            DIRECTIONS.get(direction)
            or (_choice(direction, "direction", DIRECTIONS, line) if direction else None),
            CHANNELS.get(channel)
            or (_choice(channel, "channel", CHANNELS, line) if channel else None),
            _parse_address(address, channel, line) if address else "",
            summary,
            next_step,
            due,
            _name(project, "project", line) if project else "",
            _parse_status(status, kind, line) if status else "",
            _name(invoice, "invoice", line) if invoice else "",
            _parse_amount(amount, currency, line) if amount else None,
            _parse_currency(currency, line) if currency else "",
            _optional_date(due_date, "due_date", line) if due_date else None,
            _parse_cadence(cadence_days, line) if cadence_days else None,
            line,
        )
    )


def new_event(fields: tuple[Any, ...]) -> HistoryEvent:
    """An event from all its fields in order, checked already (skips the keyword handling;
    ``_make`` still refuses a wrong number of fields)."""
    return HistoryEvent._make(fields)


def _check_columns(cells: list[str], kind: EventKind, line: int) -> None:
    """Required cells are filled; cells an event does not use are empty (nothing is dropped)."""
    for index in _REQUIRED_AT[kind]:
        if not cells[index].strip():
            _refuse_columns(cells, kind, line)
    if "".join(_UNUSED_AT[kind](cells)).strip():
        _refuse_columns(cells, kind, line)


def _check_address_channel(kind: EventKind, channel: str, address: str, line: int) -> None:
    """An address only makes sense with its channel (a due date with its step is a record
    rule, checked once the date is read)."""
    if kind is EventKind.CONTACT and address.strip() and not channel.strip():
        raise HistoryFormatError("an address needs its channel", line=line, column="channel")


def _refuse_columns(cells: list[str], kind: EventKind, line: int) -> None:
    """Names the first column, in file order, that is empty but required or filled but unused."""
    required, optional = _COLUMN_RULES[kind]
    for name, cell in zip(COLUMNS, cells, strict=True):
        filled = cell.strip() != ""
        if name in required and not filled:
            raise HistoryFormatError(f"a '{kind}' row needs a value here", line=line, column=name)
        if filled and name not in _ALWAYS | required | optional:
            raise HistoryFormatError(
                f"a '{kind}' row does not use this column; leave it empty", line=line, column=name
            )


def _choice(cell: str, column: str, choices: dict[str, _Choice], line: int) -> _Choice:
    value = cell.strip()
    choice = choices.get(value)
    if choice is None:
        allowed = ", ".join(choices)
        raise HistoryFormatError(f"'{value}' is not one of: {allowed}", line=line, column=column)
    return choice


def _name(cell: str, column: str, line: int) -> str:
    """A name (or invoice number) as the records hold it; an invisible character is refused."""
    return _located(clean_name, cell, column, line)


def _parse_address(cell: str, channel: str, line: int) -> str:
    """The address, trimmed; an email address must be exactly one."""
    address = cell.strip()
    choice = CHANNELS.get(channel.strip())
    if address and choice is not None and channel_words(choice).address is AddressKind.EMAIL:
        return _located(check_email_address, address, "address", line)
    return address


def _parse_status(cell: str, kind: EventKind, line: int) -> str:
    value = cell.strip()
    if not value:
        return ""
    allowed = _CLIENT_STATUSES if kind is EventKind.CLIENT else _PROJECT_STATUSES
    if value not in allowed:
        raise HistoryFormatError(
            f"'{value}' is not one of: {', '.join(allowed)}", line=line, column="status"
        )
    return value


def _located(
    parse: Callable[..., _Parsed], cell: str, column: str, line: int, *args: object
) -> _Parsed:
    """Runs ``parse`` on one cell, naming the line and column if it refuses."""
    try:
        return parse(cell, *args)
    except ValueError as error:
        raise HistoryFormatError(str(error), line=line, column=column) from None


def _obeyed(rule: Callable[..., None], line: int, *args: object) -> None:
    """Runs a record rule on a row's values, its refusal named at the line and its column."""
    try:
        rule(*args)
    except RecordRuleError as error:
        raise HistoryFormatError.from_rule(error, line) from None


def _optional_date(cell: str, column: str, line: int) -> date | None:
    return _located(parse_date, cell, column, line) if cell.strip() else None


def _parse_currency(cell: str, line: int) -> str:
    code = cell.strip()
    if code:
        _located(currency_exponent, cell, "currency", line)
    return code


def _parse_amount(cell: str, currency_cell: str, line: int) -> Decimal | None:
    if not cell.strip():
        return None
    amount: Decimal = _located(parse_decimal, cell, "amount", line)
    _obeyed(check_amount, line, amount)
    currency = currency_cell.strip()
    if currency in CURRENCY_EXPONENTS:
        try:
            to_money(amount, currency)
        except MoneyError as error:
            raise HistoryFormatError(str(error), line=line, column="amount") from None
    return amount


def _parse_cadence(cell: str, line: int) -> int | None:
    value = cell.strip()
    if not value:
        return None
    if not _WHOLE_NUMBER.fullmatch(value):
        raise HistoryFormatError(
            f"'{value}' is not a whole number of days (0 stops check-ins)",
            line=line,
            column="cadence_days",
        )
    days = int(value)
    _obeyed(check_cadence, line, days)
    return days
