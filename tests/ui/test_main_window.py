"""The window: the welcome page for a new user, the clients list, import and export from menus."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from freelance_ghost.core.history_csv import HEADER_LINE
from freelance_ghost.store.models import Client
from freelance_ghost.store.queries import client_overview
from freelance_ghost.ui.item_models import ClientColumn, ClientTableModel
from freelance_ghost.ui.main_window import MainWindow
from tests.conftest import BERLIN, NOW

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
HISTORY = (
    "\r\n".join(
        [
            HEADER_LINE,
            "Globex,2026-01-05T09:00:00+01:00,client,,,,,,,,,active,,,,,",
            "Globex,2026-01-05T09:10:00+01:00,contact,Hank,,email,hank@globex.example,CEO,,,,,,,,,",
            "Globex,2026-01-07T10:00:00+01:00,invoice,,,,,,,,,,INV-1,1250.00,EUR,2026-02-06,",
            "Acme,2026-02-01T10:00:00+01:00,interaction,Wile,out,phone,,Intro call,,,,,,,,,",
        ]
    )
    + "\r\n"
)


@pytest.fixture
def window(qtbot: QtBot, db: Path) -> MainWindow:
    shown = MainWindow(db, BERLIN, lambda: NOW)
    qtbot.addWidget(shown)
    shown.show()
    return shown


@pytest.fixture
def history_file(tmp_path: Path) -> Path:
    path = tmp_path / "history.csv"
    path.write_text(HISTORY, encoding="utf-8", newline="")
    return path


def test_a_new_user_sees_the_welcome_page(window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.welcome
    assert window.demo_button.isVisible()
    SCREENSHOTS.mkdir(exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "welcome.png"))


def test_importing_shows_the_clients(window: MainWindow, history_file: Path) -> None:
    window.import_file(history_file)
    assert window.pages.currentWidget() is window.clients_view
    model = window.clients_model
    names = [model.index(row, ClientColumn.NAME).data() for row in range(model.rowCount())]
    assert names == ["Acme", "Globex"]
    globex = model.index(1, ClientColumn.OPEN_INVOICES).data()
    assert globex == "1"
    assert model.index(0, ClientColumn.LAST_CONTACT).data() == "01 Feb 2026"
    assert model.index(1, ClientColumn.LAST_CONTACT).data() == "never"
    assert "Imported history.csv: 4 added" in window.statusBar().currentMessage()
    SCREENSHOTS.mkdir(exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "clients.png"))


def test_a_bad_file_is_explained_and_imports_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HISTORY.replace("2026-02-01T10:00", "2026-02-31T10:00"), encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    window.import_file(bad)
    assert len(shown) == 1
    assert "line 5, column 'timestamp'" in shown[0]
    assert Client.select().count() == 0
    assert window.pages.currentWidget() is window.welcome


def test_export_from_the_window_writes_the_history(
    window: MainWindow, history_file: Path, tmp_path: Path
) -> None:
    window.import_file(history_file)
    target = tmp_path / "out.csv"
    window.export_file(target)
    assert target.read_text(encoding="utf-8").startswith(HEADER_LINE)
    # 4 rows in, plus the implied client row for Acme and the contact Wile it named
    assert "Exported 6 events" in window.statusBar().currentMessage()


def test_the_sample_year_button_fills_the_list(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.demo_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.clients_view
    assert window.clients_model.rowCount() >= 12
    window.resize(1100, 700)
    SCREENSHOTS.mkdir(exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "clients-demo.png"))


def test_client_model_passes_the_model_tester(db: Path, history_file: Path) -> None:
    from freelance_ghost.services.history_files import import_history_file

    import_history_file(history_file, BERLIN)
    model = ClientTableModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(client_overview())
    assert model.rowCount() == 2
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Client"
    del tester
