"""Sorting the clients list keeps the highlighted client, and the buttons act on that client."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from freelance_ghost.store.models import Client
from freelance_ghost.ui.clients import ClientsPage
from freelance_ghost.ui.item_models import ClientColumn
from freelance_ghost.ui.main_window import MainWindow
from tests.ui.conftest import screenshot


def clients_page(window: MainWindow) -> ClientsPage:
    window.workspace.nav.setCurrentRow(1)
    return window.workspace.clients


def row_of(page: ClientsPage, name: str) -> int:
    """The row showing the client now."""
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, ClientColumn.NAME).data() == name:
            return row
    raise AssertionError(f"{name} is not listed")


def highlight(page: ClientsPage, name: str) -> int:
    """Selects the client's row, as a click would; returns the row."""
    row = row_of(page, name)
    page.table.selectRow(row)
    return row


def highlighted(page: ClientsPage) -> list[str]:
    """The names on the highlighted rows, and on the current row."""
    rows = page.table.selectionModel().selectedRows(ClientColumn.NAME)
    return [index.data() for index in rows] + [
        page.proxy.index(page.table.currentIndex().row(), ClientColumn.NAME).data()
    ]


def click_header(qtbot: QtBot, page: ClientsPage, column: ClientColumn) -> None:
    """Clicks a column's header, which sorts by it (a second click reverses the order)."""
    header = page.table.horizontalHeader()
    middle = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(middle, header.height() // 2)
    )


def test_sorting_keeps_the_highlighted_client(qtbot: QtBot, demo_window: MainWindow) -> None:
    page = clients_page(demo_window)
    row = highlight(page, "Fjord Analytics AS")
    click_header(qtbot, page, ClientColumn.NAME)  # sorted by name already: now Z to A
    assert page.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert row_of(page, "Fjord Analytics AS") != row  # the sort moved the client
    assert page.table.currentIndex().row() == row_of(page, "Fjord Analytics AS")
    assert highlighted(page) == ["Fjord Analytics AS", "Fjord Analytics AS"]
    fjord = Client.get(Client.name == "Fjord Analytics AS")
    assert page.selected_client_id() == fjord.id
    screenshot(demo_window, "clients-sorted")


def test_delete_after_sorting_asks_about_the_highlighted_client(
    qtbot: QtBot, demo_window: MainWindow, answers: list[str]
) -> None:
    page = clients_page(demo_window)
    highlight(page, "Harbor & Pine Studio")
    click_header(qtbot, page, ClientColumn.LAST_CONTACT)
    page.delete_button.click()
    assert answers == [
        "Harbor & Pine Studio has 2 invoices; archive the client instead, "
        "or delete the invoices first."
    ]


def test_archive_after_sorting_archives_the_highlighted_client(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    page = clients_page(demo_window)
    row = highlight(page, "Kumo Ceramics")
    click_header(qtbot, page, ClientColumn.HEALTH)
    assert row_of(page, "Kumo Ceramics") != row  # the sort moved the client
    page.archive_button.click()
    archived = Client.select(Client.name).where(Client.archived_at.is_null(False))
    assert [client.name for client in archived] == ["Kumo Ceramics"]
