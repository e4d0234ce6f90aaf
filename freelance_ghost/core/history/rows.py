"""History rows as the store reads them: to and from events, and streamed out as the CSV."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import date, tzinfo
from itertools import islice
from operator import itemgetter
from types import SimpleNamespace
from typing import Any, NamedTuple, TextIO

from freelance_ghost.core.clock import (
    SUPPORTED_YEARS,
    from_micros,
    is_supported_date_text,
    stored_date,
    stored_date_text,
    to_micros,
)
from freelance_ghost.core.history.format import (
    COLUMNS,
    FILLED,
    FORMULA_TRIGGERS,
    HEADER_LINE,
    HistoryEvent,
    neutralise_formula,
)
from freelance_ghost.core.instant_texts import InstantTexts
from freelance_ghost.core.kinds import Channel, Direction, EventKind
from freelance_ghost.core.money import Money, format_amount, to_money
from freelance_ghost.core.plurals import counted, form_for

# One event as stored: (client, timestamp, event, *the values of the columns its kind fills),
# the timestamp in UTC microseconds, the amount in minor units of the currency, the cadence
# in days, dates as YYYY-MM-DD and everything else as text ("" when empty). Values after
# those are ignored: the store pads every row to the longest kind. Reading only the values a
# kind fills, not all 17 columns, keeps an export quick.
HistoryRow = tuple[Any, ...]

_EOL = "\r\n"
_BATCH = 1024  # rows formatted between two writes: few writes, yet a small string to join
_SEPARATORS = len(COLUMNS) - 1
_AMOUNT, _CURRENCY, _CADENCE = (
    COLUMNS.index(name) for name in ("amount", "currency", "cadence_days")
)
_DATE_COLUMNS = ("next_step_due", "due_date")
_timestamp = itemgetter(1)
# Cells a person typed, and the status as stored; the rest (the timestamp, the event, dates,
# numbers and the direction, channel and currency of their vocabularies) cannot start a
# formula unless damaged, and rows with numbers are all written the careful way.
_FREE_TEXT = frozenset(
    ("client", "contact", "address", "summary", "next_step", "project", "status", "invoice")
)
_FORMULA_STARTS = frozenset((*FORMULA_TRIGGERS, "'"))  # neutralise_formula changes no other
_NUMBERS = frozenset(("amount", "cadence_days"))


def _row_names(kind: EventKind) -> tuple[str, ...]:
    return ("client", "timestamp", "event", *FILLED[kind])


def _template(kind: EventKind) -> str:
    """The kind's line as a %-template of its row: unused columns are already empty."""
    names = _row_names(kind)
    return ",".join("%s" if name in names else "" for name in COLUMNS)


def _date_at(kind: EventKind) -> int | None:
    """Where in the kind's row its one date is, if it has one."""
    names = _row_names(kind)
    return next((names.index(name) for name in _DATE_COLUMNS if name in names), None)


# Kinds without numbers: their line's template, their row's length, where in their row the
# typed cells are, and its date. Rows of the other kinds are written the careful way.
_PLAIN: dict[str, tuple[str, int, tuple[int, ...], int | None]] = {
    kind.value: (
        _template(kind),
        len(_row_names(kind)),
        tuple(index for index, name in enumerate(_row_names(kind)) if name in _FREE_TEXT),
        _date_at(kind),
    )
    for kind in EventKind
    if _NUMBERS.isdisjoint(FILLED[kind])
}
_POSITIONS = {kind.value: tuple(map(COLUMNS.index, FILLED[kind])) for kind in EventKind}
_DATE_POSITIONS = tuple(map(COLUMNS.index, _DATE_COLUMNS))


class MovedValue(NamedTuple):
    """A date or instant stored outside the supported years (by an older version, or by
    hand), written as the nearest edge of them: the import reads nothing else back."""

    client: str
    event: str
    column: str
    written: str


OnMoved = Callable[[MovedValue], object]


def write_history_rows(
    rows: Iterable[HistoryRow], out: TextIO, zone: tzinfo, on_moved: OnMoved | None = None
) -> int:
    """Writes the header and ``rows`` as RFC 4180 CSV (formula-safe); returns the rows written.

    Rows are formatted a batch at a time as they come, so a million of them are never all
    held at once, and each batch goes to ``out`` in one write. Each value written moved
    into the supported years is told to ``on_moved``.
    """
    out.write(HEADER_LINE + _EOL)
    instants = InstantTexts(zone)
    rows = iter(rows)
    count = 0
    moved: list[MovedValue] = []
    while batch := list(islice(rows, _BATCH)):
        stamps = instants.texts(map(_timestamp, batch))
        out.write("".join(_lines(batch, stamps, moved)))
        for position in instants.outside:
            row = batch[position]
            moved.append(MovedValue(row[0], row[2], "timestamp", stamps[position]))
        count += len(batch)
    if on_moved is not None:
        for value in moved:
            on_moved(value)
    return count


def write_history(events: Iterable[HistoryEvent], out: TextIO, zone: tzinfo) -> int:
    """Writes ``events`` the way :func:`write_history_rows` writes their stored rows."""
    return write_history_rows(map(event_row, events), out, zone)


def moved_values_warning(moved: list[MovedValue]) -> str:
    """One line telling which stored values were written moved, naming the first few."""
    shown = "; ".join(
        f"{value.client}'s {value.event} ({value.column} {value.written})" for value in moved[:3]
    )
    more = f"; and {len(moved) - 3} more" if len(moved) > 3 else ""
    count = len(moved)
    return (
        f"{counted(count, 'stored date', 'stored dates')} outside {SUPPORTED_YEARS} "
        f"{form_for(count, 'was', 'were')} written as the nearest date inside them: "
        f"{shown}{more}; correct {form_for(count, 'it', 'them')} in the file if needed"
    )


def _lines(batch: list[HistoryRow], stamps: list[str], moved: list[MovedValue]) -> list[str]:
    """The CSV lines of ``batch``, its timestamps already written as ``stamps``; stored dates
    outside the supported years are moved inside them and added to ``moved``.

    csv's writer took a third of the time of an export; most rows need none of what it
    does, and only the others go through it.
    """
    lines: list[str] = []
    quoting = csv.writer(SimpleNamespace(write=lines.append), lineterminator=_EOL)
    for row, stamp in zip(batch, stamps, strict=True):
        line = _plain_line(row, stamp)
        if line is None:
            quoting.writerow(_safe_cells(row, stamp, moved))
        else:
            lines.append(line + _EOL)
    return lines


def _plain_line(row: HistoryRow, stamp: str) -> str | None:
    """The row's line if it has no number to format, no cell to quote or neutralise and no
    date to move."""
    plain = _PLAIN.get(row[2])
    if plain is None:
        return None
    template, length, free_text, date_at = plain
    for index in free_text:
        cell = row[index]
        if cell and cell[0] in _FORMULA_STARTS:
            return None
    if date_at is not None and row[date_at] and not is_supported_date_text(row[date_at]):
        return None
    line = template % (row[0], stamp, *row[2:length])
    if line.count(",") != _SEPARATORS or '"' in line or "\r" in line or "\n" in line:
        return None
    return line


def _safe_cells(row: HistoryRow, stamp: str, moved: list[MovedValue]) -> list[str]:
    """The row's 17 cells as text, each one a spreadsheet would run as a formula neutralised,
    each date moved into the supported years (and added to ``moved``) if stored outside."""
    cells: list[Any] = [""] * len(COLUMNS)
    cells[:3] = row[0], stamp, row[2]
    for position, value in zip(_POSITIONS[row[2]], row[3:], strict=False):
        cells[position] = value
    for position in _DATE_POSITIONS:
        day = cells[position]
        if day and not is_supported_date_text(day):
            cells[position] = stored_date_text(day)
            moved.append(MovedValue(row[0], row[2], COLUMNS[position], cells[position]))
    if cells[_AMOUNT] != "":
        cells[_AMOUNT] = format_amount(Money(cells[_AMOUNT], cells[_CURRENCY]))
    if cells[_CADENCE] != "":
        cells[_CADENCE] = str(cells[_CADENCE])
    return [neutralise_formula(cell) if cell[:1] in _FORMULA_STARTS else cell for cell in cells]


def event_row(event: HistoryEvent) -> HistoryRow:
    """The stored values of ``event``; a column its kind does not fill is refused."""
    stored = _stored_values(event)
    unused = [
        name for name, value in stored.items() if value != "" and name not in FILLED[event.event]
    ]
    if unused:
        raise ValueError(f"a '{event.event}' event does not fill the column '{unused[0]}'")
    values = (stored[name] for name in FILLED[event.event])
    return (event.client, to_micros(event.timestamp), event.event.value, *values)


def _stored_values(event: HistoryEvent) -> dict[str, Any]:
    """Every column but client, timestamp and event, as the store holds it."""
    return {
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
        "amount": "" if event.amount is None else to_money(event.amount, event.currency).minor,
        "currency": event.currency,
        "due_date": event.due_date.isoformat() if event.due_date else "",
        "cadence_days": "" if event.cadence_days is None else event.cadence_days,
    }


def _optional_date(text: str) -> date | None:
    return stored_date(text) if text else None


# How a stored value becomes an event's field; columns not named here are text as stored.
_TYPED: dict[str, Callable[[Any], Any]] = {
    "direction": lambda text: Direction(text) if text else None,
    "channel": lambda text: Channel(text) if text else None,
    "next_step_due": _optional_date,
    "due_date": _optional_date,
}


def row_event(row: HistoryRow) -> HistoryEvent:
    """The typed event a stored row records."""
    kind = EventKind(row[2])
    fields = {
        name: _TYPED[name](value) if name in _TYPED else value
        for name, value in zip(FILLED[kind], row[3:], strict=False)
    }
    if "amount" in fields:
        fields["amount"] = Money(fields["amount"], fields["currency"]).decimal
    return HistoryEvent(kind, row[0], from_micros(row[1]), **fields)
