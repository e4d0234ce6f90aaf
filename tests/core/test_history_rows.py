"""Stored history rows: to and from events, and written exactly as csv writes their cells."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freelance_ghost.core.clock import format_instant
from freelance_ghost.core.history.format import (
    COLUMNS,
    FILLED,
    HistoryEvent,
    HistoryFormatError,
    neutralise_formula,
)
from freelance_ghost.core.history.reading import parse_history
from freelance_ghost.core.history.rows import (
    MovedValue,
    event_row,
    moved_values_warning,
    row_event,
    write_history,
    write_history_rows,
)
from freelance_ghost.core.kinds import Channel, Direction, EventKind
from freelance_ghost.core.money import format_amount, to_money
from tests.conftest import BERLIN

T0 = datetime(2026, 3, 29, 0, 30, 0, 250, tzinfo=UTC)  # half an hour before Berlin's DST change
DUE = date(2026, 4, 10)
SAMPLES = {
    EventKind.CLIENT: HistoryEvent(EventKind.CLIENT, "Globex", T0, status="active", summary="Fair"),
    EventKind.CONTACT: HistoryEvent(
        EventKind.CONTACT,
        "Globex",
        T0,
        contact="Marge",
        channel=Channel.EMAIL,
        address="marge@globex.example",
        summary="Accounts",
    ),
    EventKind.PROJECT: HistoryEvent(
        EventKind.PROJECT,
        "Globex",
        T0,
        summary="Kick-off",
        project="Site",
        status="active",
        due_date=DUE,
    ),
    EventKind.SCHEDULE: HistoryEvent(
        EventKind.SCHEDULE, "Globex", T0, channel=Channel.PHONE, cadence_days=14
    ),
    EventKind.INVOICE: HistoryEvent(
        EventKind.INVOICE,
        "Globex",
        T0,
        project="Site",
        invoice="INV-1",
        amount=Decimal("1250.00"),
        currency="EUR",
        due_date=DUE,
    ),
    EventKind.INTERACTION: HistoryEvent(
        EventKind.INTERACTION,
        "Globex",
        T0,
        contact="Marge",
        direction=Direction.OUT,
        channel=Channel.EMAIL,
        summary="Sent the draft",
        next_step="Call",
        next_step_due=DUE,
        project="Site",
    ),
    EventKind.PAYMENT: HistoryEvent(
        EventKind.PAYMENT, "Globex", T0, invoice="INV-1", amount=Decimal("250"), currency="JPY"
    ),
}
TYPED = ("client", "contact", "address", "summary", "next_step", "project", "status", "invoice")


def reference(events: list[HistoryEvent]) -> str:
    """What export wrote before stored rows: every cell through neutralise_formula, then csv."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in events:
        cells = {name: getattr(event, name) for name in COLUMNS if name != "timestamp"}
        cells["timestamp"] = format_instant(event.timestamp, BERLIN)
        if event.amount is not None:
            cells["amount"] = format_amount(to_money(event.amount, event.currency))
        texts = ["" if cells[name] is None else str(cells[name]) for name in COLUMNS]
        writer.writerow([neutralise_formula(cell) for cell in texts])
    return out.getvalue()


def written(events: list[HistoryEvent]) -> str:
    out = io.StringIO(newline="")
    assert write_history(events, out, BERLIN) == len(events)
    return out.getvalue()


def cells_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))[1:]


tricky_text = st.text(
    st.sampled_from([*"aZ9 ,\"'=+-@\t\r\n;%", "\u00e9", "\u2603", "\U0001f47b"]), max_size=8
)


@st.composite
def events(draw: st.DrawFn) -> HistoryEvent:
    """An event of any kind filling its columns with text that needs quoting or neutralising."""
    kind = draw(st.sampled_from(list(EventKind)))
    sample = SAMPLES[kind]
    at = T0 + timedelta(microseconds=draw(st.integers(-(10**14), 10**14)))
    changes = {
        name: draw(tricky_text) for name in FILLED[kind] if name in TYPED and name != "status"
    }
    if "amount" in FILLED[kind]:
        currency = draw(st.sampled_from(["EUR", "JPY", "KWD"]))
        exponent = {"EUR": 2, "JPY": 0, "KWD": 3}[currency]
        minor = draw(st.integers(1, 10**12))
        changes |= {"currency": currency, "amount": Decimal(minor).scaleb(-exponent)}
    if "cadence_days" in FILLED[kind]:
        changes["cadence_days"] = draw(st.integers(0, 3650))
    if "channel" in FILLED[kind]:
        changes["channel"] = draw(st.sampled_from([None, *Channel]))
    return sample._replace(client=draw(tricky_text), timestamp=at, **changes)


@given(st.lists(events(), max_size=12))
def test_rows_are_written_exactly_as_csv_writes_their_neutralised_cells(
    history: list[HistoryEvent],
) -> None:
    assert written(history) == reference(history)


@pytest.mark.parametrize(
    ("kind", "column"),
    [(kind, name) for kind in EventKind for name in ("client", *FILLED[kind]) if name in TYPED],
)
@pytest.mark.parametrize("formula", ["=2+3", "+1", "-x", "@me", "\tx", "\rx", "'=x"])
def test_a_typed_cell_that_starts_like_a_formula_is_written_as_text(
    kind: EventKind, column: str, formula: str
) -> None:
    changes: dict[str, object] = {column: formula}
    if column == "address":
        changes["channel"] = Channel.OTHER  # an email address is checked, and =2+3 is none
    event = SAMPLES[kind]._replace(**changes)
    text = written([event])
    (cells,) = cells_of(text)
    assert cells[COLUMNS.index(column)] == "'" + formula
    if column != "status" and formula == "=2+3":  # import refuses a formula as a status, rightly
        assert parse_history(text, BERLIN) == [event]


def test_a_row_with_nothing_special_is_plain_text_with_its_empty_cells() -> None:
    assert written([SAMPLES[EventKind.INTERACTION]]).splitlines()[1] == (
        "Globex,2026-03-29T01:30:00.000250+01:00,interaction,Marge,out,email,,"
        "Sent the draft,Call,2026-04-10,Site,,,,,,"
    )


def test_values_stored_outside_the_supported_years_are_written_at_their_edge() -> None:
    # As an older version could store them: year 1 and year 9999, beyond datetime's range in UTC.
    year_1 = -62_135_600_400_000_000  # 0001-01-01T00:00:00+01:00
    interaction = event_row(SAMPLES[EventKind.INTERACTION])
    invoice = event_row(SAMPLES[EventKind.INVOICE])
    rows = [
        (interaction[0], year_1, *interaction[2:8], "0001-01-01", *interaction[9:]),
        (*interaction[:8], "9999-12-31", *interaction[9:]),
        (invoice[0], 253_402_304_399_000_000, *invoice[2:-1], "9999-12-31"),
    ]
    out = io.StringIO(newline="")
    moved: list[MovedValue] = []
    assert write_history_rows(rows, out, BERLIN, moved.append) == 3
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("Globex,1900-01-01T01:00:00+01:00,interaction,")
    assert ",Call,1900-01-01,Site," in lines[1]
    assert ",Call,2200-12-31,Site," in lines[2]
    assert lines[3].startswith("Globex,2201-01-01T00:59:59.999999+01:00,invoice,")
    assert lines[3].endswith(",2200-12-31,")
    assert sorted(moved) == sorted(
        [
            MovedValue("Globex", "interaction", "next_step_due", "1900-01-01"),
            MovedValue("Globex", "interaction", "timestamp", "1900-01-01T01:00:00+01:00"),
            MovedValue("Globex", "interaction", "next_step_due", "2200-12-31"),
            MovedValue("Globex", "invoice", "due_date", "2200-12-31"),
            MovedValue("Globex", "invoice", "timestamp", "2201-01-01T00:59:59.999999+01:00"),
        ]
    )
    assert parse_history(out.getvalue(), BERLIN)  # the file imports again
    assert moved_values_warning(moved[:1]) == (
        "1 stored date outside the years 1900 to 2200 this app works with was written as the "
        f"nearest date inside them: Globex's {moved[0].event} ({moved[0].column} "
        f"{moved[0].written}); correct it in the file if needed"
    )


def test_rows_stream_in_batches_and_are_counted() -> None:
    rows = (event_row(SAMPLES[EventKind.CLIENT]) for _ in range(10_000))
    out = io.StringIO(newline="")
    assert write_history_rows(rows, out, BERLIN) == 10_000
    assert out.getvalue().count("\r\n") == 10_001


@pytest.mark.parametrize("kind", list(EventKind))
def test_an_event_survives_its_stored_row(kind: EventKind) -> None:
    assert row_event(event_row(SAMPLES[kind])) == SAMPLES[kind]


def test_the_stored_row_holds_what_the_store_holds() -> None:
    assert event_row(SAMPLES[EventKind.INVOICE]) == (
        "Globex",
        1_774_744_200_000_250,
        "invoice",
        "Site",
        "INV-1",
        125_000,
        "EUR",
        "2026-04-10",
    )


def test_an_event_filling_a_column_its_kind_does_not_use_is_refused() -> None:
    stray = SAMPLES[EventKind.PAYMENT]._replace(project="Site")
    with pytest.raises(ValueError, match="'payment' event does not fill the column 'project'"):
        event_row(stray)


@pytest.mark.parametrize("kind", list(EventKind))
def test_the_filled_columns_are_those_import_accepts(kind: EventKind) -> None:
    text = written([SAMPLES[kind]])
    assert parse_history(text, BERLIN) == [SAMPLES[kind]]  # every filled column is accepted
    header, line = text.splitlines()
    for index, name in enumerate(COLUMNS):
        if name in ("client", "timestamp", "event", *FILLED[kind]):
            continue
        cells = line.split(",")
        cells[index] = "x"
        with pytest.raises(HistoryFormatError) as refused:
            parse_history(f"{header}\r\n{','.join(cells)}\r\n", BERLIN)
        assert refused.value.column == name
