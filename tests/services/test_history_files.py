"""History files on disk: an export appears whole or not at all."""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from freelance_ghost.core.history_csv import HistoryEvent
from freelance_ghost.core.kinds import EventKind
from freelance_ghost.services.history_files import HistoryFileError, export_history_file
from freelance_ghost.store.history import import_history
from freelance_ghost.store.models import database
from tests.conftest import BERLIN

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


def test_an_unknown_client_leaves_no_file_behind(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(LookupError):
        export_history_file(folder / "history.csv", BERLIN, client="Nobody")
    assert list(folder.iterdir()) == []


def test_a_record_that_cannot_be_written_leaves_no_file_behind(db: Path, tmp_path: Path) -> None:
    invoice = HistoryEvent(
        EventKind.INVOICE,
        "Globex",
        T0,
        invoice="1",
        amount=Decimal(1),
        currency="EUR",
        due_date=T0.date(),
    )
    import_history([invoice])
    database.execute_sql("UPDATE invoice SET currency = 'XXX'")  # damaged: no such currency
    with pytest.raises(HistoryFileError, match="'XXX' is not an ISO 4217 currency") as refused:
        export_history_file(tmp_path / "history.csv", BERLIN)
    assert str(refused.value).endswith("; nothing was written")
    assert [path.name for path in tmp_path.iterdir()] == ["data"]


def test_a_finished_export_leaves_just_its_file(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert export_history_file(folder / "history.csv", BERLIN) == 0
    assert [path.name for path in folder.iterdir()] == ["history.csv"]
    assert (folder / "history.csv").read_text(encoding="utf-8").startswith("client,timestamp,")
