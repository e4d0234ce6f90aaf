"""History out of the records: one sorted stream of rows, every kind, nothing lost to NULLs."""

import io
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from freelance_ghost.core.history.format import HistoryEvent
from freelance_ghost.core.history.reading import parse_history
from freelance_ghost.core.history.rows import FILLED, HistoryRow, write_history_rows
from freelance_ghost.core.kinds import Channel, Direction, EventKind
from freelance_ghost.store import history_export
from freelance_ghost.store.history import import_history
from freelance_ghost.store.history_export import export_history, history_rows
from tests.conftest import BERLIN

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


def bare(kind: EventKind, client: str = "Globex", **cells: Any) -> HistoryEvent:
    return HistoryEvent(kind, client, T0, **cells)


# One event of each kind at one moment, in an order import accepts (an invoice before its
# payment) but not the order export gives.
ONE_MOMENT = [
    bare(EventKind.INTERACTION, direction=Direction.IN, channel=Channel.PHONE),
    bare(
        EventKind.INVOICE, invoice="I-1", amount=Decimal("10"), currency="EUR", due_date=T0.date()
    ),
    bare(EventKind.PAYMENT, invoice="I-1", amount=Decimal("5"), currency="EUR"),
    bare(EventKind.SCHEDULE, cadence_days=7),
    bare(EventKind.PROJECT, project="Site", status="active"),
    bare(EventKind.CONTACT, contact="Marge", channel=Channel.EMAIL, address="m@globex.example"),
    bare(EventKind.CONTACT, contact="Homer"),
    bare(EventKind.CLIENT, "Initech", status="lead"),
]


def csv_of(rows: Iterable[HistoryRow]) -> str:
    out = io.StringIO(newline="")
    write_history_rows(rows, out, BERLIN)
    return out.getvalue()


def test_events_of_one_moment_come_in_the_order_import_applies_them(db: Path) -> None:
    import_history(ONE_MOMENT)
    kinds = [(event.client, event.event, event.contact) for event in export_history()]
    assert kinds == [
        ("Globex", EventKind.CLIENT, ""),
        ("Initech", EventKind.CLIENT, ""),  # stored second
        ("Globex", EventKind.CONTACT, "Homer"),  # no way to reach him: before the methods
        ("Globex", EventKind.CONTACT, "Marge"),
        ("Globex", EventKind.PROJECT, ""),
        ("Globex", EventKind.SCHEDULE, ""),
        ("Globex", EventKind.INVOICE, ""),
        ("Globex", EventKind.INTERACTION, ""),
        ("Globex", EventKind.PAYMENT, ""),
    ]


def test_empty_optional_values_export_empty_and_import_back(db: Path) -> None:
    later = T0 + timedelta(days=1)
    history = [
        bare(EventKind.CLIENT, status="active"),
        bare(EventKind.PROJECT, project="Site", status="proposed"),  # no deadline
        bare(EventKind.SCHEDULE, cadence_days=14),  # no channel
        bare(
            EventKind.INVOICE,
            invoice="1",
            amount=Decimal("1"),
            currency="EUR",
            due_date=later.date(),
        ),
        bare(EventKind.INTERACTION, direction=Direction.OUT, channel=Channel.SMS),  # no one
    ]
    import_history(history)
    text = csv_of(history_rows())
    assert "None" not in text
    assert parse_history(text, BERLIN) == history


def test_one_clients_rows_are_theirs_from_the_whole_history(db: Path) -> None:
    import_history(ONE_MOMENT)
    everything = list(history_rows())
    assert list(history_rows(" GLOBEX ")) == [row for row in everything if row[0] == "Globex"]
    with pytest.raises(LookupError, match="no client named 'Nobody'"):
        history_rows("Nobody")


def test_every_source_gives_the_columns_its_kind_fills() -> None:
    for source in history_export._SOURCES:
        assert tuple(source.cells) == FILLED[source.kind]
