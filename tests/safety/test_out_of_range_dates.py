"""Dates outside the supported years: refused on the way in, and records that already hold
them (from an older version, or edited by hand) still open, remind, export and re-import."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from freelance_ghost.core.clock import UnsupportedTimeError, to_micros
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction, ProjectStatus
from freelance_ghost.core.money import Money
from freelance_ghost.services.demo import load_demo
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.store.invoices import add_invoice, add_payment
from freelance_ghost.store.models import Client, Interaction, Invoice, database
from freelance_ghost.store.overview import client_overview
from freelance_ghost.store.projects import add_project, change_project
from freelance_ghost.store.schedules import set_schedule
from freelance_ghost.ui.workspace import open_window
from tests.conftest import BERLIN, NOW

pytestmark = pytest.mark.slow
DB = "freelance_ghost.db"
# 0001-01-01T00:00:00+01:00 and 9999-12-31T23:59:59-01:00, as an older version stored them:
# both lie beyond what Python's datetime holds in UTC.
LOW = to_micros(datetime(1, 1, 1, tzinfo=UTC)) - 3_600_000_000
HIGH = to_micros(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)) + 3_600_000_000
INSTANTS = [
    ("client", "created_at"),
    ("contact", "created_at"),
    ("contact_method", "created_at"),
    ("project", "created_at"),
    ("project_change", "changed_at"),
    ("interaction", "occurred_at"),
    ("invoice", "issued_at"),
    ("payment", "received_at"),
    ("checkin_schedule", "set_at"),
]
DATES = [
    ("project", "deadline", "1"),
    ("project_change", "deadline", "1"),
    ("interaction", "next_step_due", "next_step <> ''"),
    ("invoice", "due_on", "1"),
]
# Values an export moves: all 26 set, less the two projects' own start and deadline and the
# two contacts' start, which are written as no row of their own (their changes and ways are).
EXPORTED_MOVED = 20


def cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A command in a fresh process in Berlin, with no notification service to reach."""
    environment = {
        **os.environ,
        "TZ": "Europe/Berlin",
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={data.parent / 'no-bus'}",
    }
    return subprocess.run(
        [sys.executable, "-m", "freelance_ghost", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def stored_outside(data: Path) -> list[object]:
    """Every stored value outside the supported years, read straight from the file."""
    connection = sqlite3.connect(data / DB)
    try:
        values: list[object] = []
        for table, column in INSTANTS:
            values += connection.execute(
                f"SELECT {column} FROM {table} WHERE {column} IN (?, ?)", (LOW, HIGH)
            ).fetchall()
        for table, column, _ in DATES:
            values += connection.execute(
                f"SELECT {column} FROM {table} WHERE {column} IN ('0001-01-01', '9999-12-31')"
            ).fetchall()
        return values
    finally:
        connection.close()


@pytest.fixture
def stretched(data_dir: Path) -> Path:
    """The sample year with, in every date and instant column, its first row set to year 1
    and its last to year 9999, as an older version or a hand edit could leave them."""
    open_database(data_dir, NOW)
    load_demo(NOW, BERLIN)
    with database.atomic():
        for table, column in INSTANTS:
            first, last = database.execute_sql(f"SELECT min(id), max(id) FROM {table}").fetchone()
            database.execute_sql(f"UPDATE {table} SET {column} = ? WHERE id = ?", (LOW, first))
            database.execute_sql(f"UPDATE {table} SET {column} = ? WHERE id = ?", (HIGH, last))
        for table, column, where in DATES:
            first, last = database.execute_sql(
                f"SELECT min(id), max(id) FROM {table} WHERE {where}"
            ).fetchone()
            for day, row in (("0001-01-01", first), ("9999-12-31", last)):
                database.execute_sql(f"UPDATE {table} SET {column} = ? WHERE id = ?", (day, row))
    close_database()
    assert len(stored_outside(data_dir)) == 2 * (len(INSTANTS) + len(DATES))
    return data_dir


def test_the_commands_work_on_records_holding_impossible_dates(stretched: Path) -> None:
    for command in (["attention"], ["attention", "--json"], ["check"]):
        result = cli(stretched, *command)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert len(stored_outside(stretched)) == 2 * (len(INSTANTS) + len(DATES))  # left as stored


def test_export_moves_impossible_dates_to_the_nearest_edge_and_says_so(
    stretched: Path, tmp_path: Path
) -> None:
    exported = cli(stretched, "export")
    assert exported.returncode == 0, exported.stderr
    (warning,) = exported.stderr.splitlines()
    text = exported.stdout
    edges = ("1900-01-01T01:00:00+01:00", "2201-01-01T00:59:59.999999+01:00")  # in Berlin
    moved = sum(text.count(edge) for edge in (*edges, ",1900-01-01,", ",2200-12-31,"))
    assert moved == EXPORTED_MOVED
    assert warning.startswith(
        f"freelance-ghost: {moved} stored dates outside the years 1900 to 2200 this app works "
        "with were written as the nearest date inside them: "
    )
    assert warning.endswith(f"and {moved - 3} more; correct them in the file if needed")
    assert "0001-" not in text
    assert "9999-" not in text
    to_file = tmp_path / "history.csv"
    assert cli(stretched, "export", "-o", str(to_file)).stderr == exported.stderr
    assert to_file.read_text(encoding="utf-8") == text
    again = tmp_path / "again"
    imported = cli(again, "import", str(to_file))
    assert imported.returncode == 0, imported.stderr
    re_exported = cli(again, "export")
    assert (re_exported.returncode, re_exported.stderr) == (0, "")
    assert len(re_exported.stdout.splitlines()) == len(text.splitlines())


def test_the_window_opens_every_client_of_such_records_and_exports_them(
    qtbot: QtBot, stretched: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(stretched, NOW)
    window = open_window(stretched, BERLIN, lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    clients = client_overview(include_archived=True)
    for client in clients:
        window.workspace.open_client(client.client_id)
        timeline = window.workspace.client_page.timeline.timeline()
        assert timeline is not None
    assert window.workspace.today.model.item_count() > 0
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text: warned.append((title, text))
    )
    window.workspace.files.export_file(tmp_path / "history.csv")
    ((title, text),) = warned
    assert title == "Some dates were moved"
    assert text.startswith(
        f"{EXPORTED_MOVED} stored dates outside the years 1900 to 2200 this app works with"
    )
    assert "Exported" in window.statusBar().currentMessage()


@pytest.mark.parametrize(
    "at", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+01:00", "1899-12-31"]
)
def test_a_moment_outside_the_supported_years_is_refused_in_one_line(
    data_dir: Path, at: str
) -> None:
    for command in ("attention", "check"):
        result = cli(data_dir, command, "--at", at)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"freelance-ghost: --at: '{at}' is outside the years 1900 to 2200 this app works with\n"
        )


def counts() -> tuple[int, int, int]:
    return (Client.select().count(), Interaction.select().count(), Invoice.select().count())


BEFORE_1900 = datetime(1899, 12, 31, 12, tzinfo=UTC)
AFTER_2200 = datetime(2201, 1, 1, 12, tzinfo=UTC)


def test_the_dialogs_store_functions_refuse_what_import_refuses(db: Path) -> None:
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW)
    invoice = add_invoice(client.id, "A-1", Money(100, "EUR"), NOW, date(2026, 12, 1))
    project = add_project(client.id, "Site", ProjectStatus.ACTIVE, None, NOW)
    before = counts()
    writes = [
        lambda: create_client("Initech", ClientKind.PERSON, ClientStatus.LEAD, AFTER_2200),
        lambda: log_interaction(client.id, Direction.OUT, Channel.EMAIL, BEFORE_1900),
        lambda: log_interaction(
            client.id,
            Direction.OUT,
            Channel.EMAIL,
            NOW,
            next_step="Call",
            next_step_due=date(9999, 1, 1),
        ),
        lambda: add_invoice(client.id, "A-2", Money(100, "EUR"), NOW, date(1066, 10, 14)),
        lambda: add_invoice(client.id, "A-3", Money(100, "EUR"), AFTER_2200, date(2201, 2, 1)),
        lambda: add_payment(invoice.id, Money(50, "EUR"), AFTER_2200),
        lambda: add_project(client.id, "Shop", ProjectStatus.ACTIVE, date(2201, 1, 1), NOW),
        lambda: change_project(project.id, ProjectStatus.DONE, date(1899, 12, 31), NOW),
        lambda: set_schedule(client.id, 7, None, BEFORE_1900),
    ]
    for write in writes:
        with pytest.raises(UnsupportedTimeError, match="outside the years 1900 to 2200"):
            write()
        assert counts() == before
    assert Client.get_by_id(client.id).created_at == NOW  # no write moved its start back
