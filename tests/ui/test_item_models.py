"""Every item model of the window, sorted and filtered under pytest-qt's model tester."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import freelance_ghost.ui
from freelance_ghost.core.mail.message import read_message
from freelance_ghost.services.backups import BackupReason, backup_now
from freelance_ghost.store.mail import record_mail
from freelance_ghost.store.mail_accounts import add_account, checked_account
from freelance_ghost.store.models import Client
from freelance_ghost.ui.clients import ClientFilter
from freelance_ghost.ui.dialogs.backups import BackupsDialog
from freelance_ghost.ui.dialogs.mail_accounts import MailAccountsDialog
from freelance_ghost.ui.dialogs.strangers import StrangersDialog
from freelance_ghost.ui.insights.table import FigureModel
from freelance_ghost.ui.item_models import (
    AttentionModel,
    ClientColumn,
    ClientTableModel,
    HistoryModel,
    InvoiceModel,
)
from freelance_ghost.ui.mail_sync import MailSync, PasswordBook
from freelance_ghost.ui.main_window import MainWindow
from freelance_ghost.ui.rows_model import RowsModel
from tests.conftest import BERLIN, NOW

# pytest-qt fails a test on any problem Qt's model tester reports (category qt.modeltest).

Shown = Callable[[MainWindow, QtBot], QAbstractItemModel]


def backups_list(window: MainWindow, qtbot: QtBot) -> QAbstractItemModel:
    """The backups dialog's list, holding two backups."""
    for hours in (0, 1):
        backup_now(window.data_dir, NOW + timedelta(hours=hours), BackupReason.MANUAL, BERLIN)
    dialog = BackupsDialog(window.data_dir, lambda: NOW, BERLIN, window)
    qtbot.addWidget(dialog)
    return dialog.model


def mail_accounts_list(window: MainWindow, qtbot: QtBot) -> QAbstractItemModel:
    """The mail accounts dialog's list, holding two accounts."""
    for name in ("Work", "Home"):
        account = checked_account(name, host="h", port=None, security="ssl", username="a@b.example")
        add_account(account, NOW)
    dialog = MailAccountsDialog(MailSync(window.data_dir, PasswordBook()), lambda: NOW, window)
    qtbot.addWidget(dialog)
    return dialog.model


def strangers_list(window: MainWindow, qtbot: QtBot) -> QAbstractItemModel:
    """The people written with who are no client's, two of them."""
    headers = (
        b"From: Dora <dora@acme.example>\r\nTo: me@x.example\r\nSubject: Hi\r\n",
        b"From: eve@acme.example\r\nTo: me@x.example\r\nSubject: Yo\r\n",
    )
    record_mail([read_message(h, NOW) for h in headers], frozenset({"me@x.example"}), "Work")
    dialog = StrangersDialog(lambda: NOW, BERLIN, window)
    qtbot.addWidget(dialog)
    return dialog.model


def insights_table(window: MainWindow, qtbot: QtBot) -> QAbstractItemModel:
    """The numbers behind the Insights page's first chart (replies by channel)."""
    page = window.workspace.insights
    with qtbot.waitSignal(page.computed, timeout=20_000):
        page.refresh()  # the page is not shown, so a refresh of the window leaves it be
    return page.panels[0].table.model()


# Each model class of freelance_ghost/ui, and where the window shows it.
MODELS: dict[str, tuple[type[QAbstractItemModel], Shown]] = {
    "clients": (ClientTableModel, lambda window, _bot: window.workspace.clients_model),
    "clients filter": (ClientFilter, lambda window, _bot: window.workspace.clients.proxy),
    "today": (AttentionModel, lambda window, _bot: window.workspace.today.model),
    "history": (HistoryModel, lambda window, _bot: window.workspace.client_page.history),
    "invoices": (InvoiceModel, lambda window, _bot: window.workspace.client_page.invoices),
    "projects": (RowsModel, lambda window, _bot: window.workspace.client_page.projects.model),
    "backups": (RowsModel, backups_list),
    "mail accounts": (RowsModel, mail_accounts_list),
    "people from mail": (RowsModel, strangers_list),
    "insights": (FigureModel, insights_table),
}


def rows_under(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[QModelIndex]:
    """Every row's first index, depth first (the today list nests items under groups)."""
    parent = parent or QModelIndex()
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(index)
        found.extend(rows_under(model, index))
    return found


def sort_every_way(model: QAbstractItemModel, view: QSortFilterProxyModel) -> None:
    """Each column, both ways: by the model itself (the clients list sorts itself) and by a view."""
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            view.sort(column, order)


def filter_by_a_word(model: QAbstractItemModel, view: QSortFilterProxyModel) -> None:
    """Keeps the rows that share a word with the model's last row, then shows all again."""
    last = rows_under(model)[-1]
    word = str(last.data()).split()[0]
    view.setFilterFixedString(word)
    assert 0 < len(rows_under(view)) <= len(rows_under(model))
    assert any(word in str(index.data()) for index in rows_under(view))
    view.setFilterFixedString("")
    assert len(rows_under(view)) == len(rows_under(model))


@pytest.fixture
def opened(demo_window: MainWindow) -> MainWindow:
    """The sample year, with a client that has history, invoices and a project open."""
    harbor = Client.get(Client.name == "Harbor & Pine Studio")
    demo_window.workspace.open_client(harbor.id)
    return demo_window


@pytest.mark.parametrize("name", MODELS)
def test_every_model_keeps_the_rules_while_sorted_and_filtered(
    name: str, opened: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    kind, shown = MODELS[name]
    model = shown(opened, qtbot)
    assert isinstance(model, kind)
    assert rows_under(model), "a model with no rows would be tested for nothing"
    qtmodeltester.check(model)
    view = QSortFilterProxyModel()
    view.setRecursiveFilteringEnabled(True)  # the today list's items sit under their group
    view.setSourceModel(model)
    view_tester = QAbstractItemModelTester(
        view, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    sort_every_way(model, view)
    filter_by_a_word(model, view)
    opened.workspace.refresh()  # resets the window's models under the testers' eyes
    assert view_tester.model() is view


def test_the_clients_filter_keeps_the_rules_while_filtering(
    opened: MainWindow, qtmodeltester: ModelTester
) -> None:
    page = opened.workspace.clients
    qtmodeltester.check(page.proxy)
    everyone = page.proxy.rowCount()
    page.search.setText("harbor")
    assert page.proxy.rowCount() == 1
    page.search.clear()
    page.status.setCurrentIndex(page.status.findData("ghosted"))
    assert page.proxy.rowCount() == 1
    page.model.sort(ClientColumn.HEALTH, Qt.SortOrder.DescendingOrder)  # sorted while filtered
    assert page.proxy.rowCount() == 1
    page.status.setCurrentIndex(page.status.findData(None))
    assert page.proxy.rowCount() == everyone


def test_every_model_class_of_the_window_is_tested() -> None:
    package = Path(freelance_ghost.ui.__file__).parent
    found = set()
    for module_info in pkgutil.walk_packages([str(package)], "freelance_ghost.ui."):
        module = importlib.import_module(module_info.name)
        found |= {
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, QAbstractItemModel)
            and value.__module__ == module.__name__
        }
    assert found == {kind for kind, _ in MODELS.values()}
