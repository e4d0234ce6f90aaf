"""The main window: a welcome page for a new user, else the clients list; import and export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.paths import resource_path
from freelance_ghost.services.demo import DemoRefusedError, load_demo
from freelance_ghost.services.history_files import (
    HistoryFileError,
    export_history_file,
    import_history_file,
)
from freelance_ghost.store.queries import client_overview
from freelance_ghost.ui.item_models import ClientColumn, ClientTableModel


class MainWindow(QMainWindow):
    """What a freelancer sees first: their clients, or a friendly way to start."""

    def __init__(self, data_dir: Path, zone: tzinfo, now: Callable[[], datetime]) -> None:
        super().__init__()
        self._data_dir = data_dir
        self._zone = zone
        self._now = now
        self.setWindowTitle("Freelance Ghost")
        self.resize(960, 620)
        self.clients_model = ClientTableModel()
        self.pages = QStackedWidget()
        self.welcome = self._build_welcome()
        self.clients_view = self._build_clients_view()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.clients_view)
        self.setCentralWidget(self.pages)
        self._build_menus()
        self.statusBar().showMessage(f"Data folder: {data_dir}")
        self.refresh()

    def refresh(self) -> None:
        """Reloads the clients and shows the welcome page while there are none."""
        self.clients_model.set_rows(client_overview())
        empty = self.clients_model.rowCount() == 0
        self.pages.setCurrentWidget(self.welcome if empty else self.clients_view)

    def _build_welcome(self) -> QWidget:
        """The first page a new user sees: what the app does and two ways to begin."""
        content = QWidget()
        content.setFixedWidth(540)
        column = QVBoxLayout(content)
        column.setSpacing(14)
        logo = QLabel()
        logo.setPixmap(QIcon(str(resource_path("freelance-ghost.svg"))).pixmap(96, 96))
        logo.setMinimumHeight(110)
        title = QLabel("<h1>Welcome to Freelance Ghost</h1>")
        text = QLabel(
            "Keep every client relationship alive. Log your conversations, invoices and "
            "check-ins, and Freelance Ghost tells you when someone has gone quiet for longer "
            "than they usually do, and what to try next."
        )
        text.setWordWrap(True)
        for label in (logo, title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(label)
        column.addSpacing(10)
        self.demo_button = QPushButton("Load a sample year")
        self.demo_button.setAccessibleName("Load a sample year of clients")
        self.demo_button.setDefault(True)
        self.demo_button.clicked.connect(self._on_demo_clicked)
        self.import_button = QPushButton("Import a history file…")
        self.import_button.clicked.connect(self._on_import_triggered)
        for button in (self.demo_button, self.import_button):
            button.setMinimumSize(260, 36)
            column.addWidget(button, alignment=Qt.AlignmentFlag.AlignHCenter)
        page = QWidget()
        centred = QVBoxLayout(page)
        centred.addStretch()
        centred.addWidget(content, alignment=Qt.AlignmentFlag.AlignHCenter)
        centred.addStretch()
        return page

    def _build_clients_view(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("<h2>Clients</h2>"))
        self.clients_table = QTableView()
        self.clients_table.setModel(self.clients_model)
        self.clients_table.setAccessibleName("Clients")
        self.clients_table.setAlternatingRowColors(True)
        self.clients_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.clients_table.verticalHeader().hide()
        header = self.clients_table.horizontalHeader()
        header.setSectionResizeMode(ClientColumn.NAME, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.clients_table)
        return page

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import history…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self._on_import_triggered)
        self.export_action = QAction("&Export history…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self._on_export_triggered)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (self.import_action, self.export_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

    def import_file(self, path: Path) -> None:
        """Imports a history file, telling the user what happened either way."""
        try:
            report = import_history_file(path, self._zone)
        except HistoryFileError as error:
            QMessageBox.warning(self, "Nothing was imported", str(error))
            return
        self.refresh()
        self.statusBar().showMessage(
            f"Imported {path.name}: {report.added} added, {report.already_present} already present"
        )

    def export_file(self, path: Path) -> None:
        """Writes the whole history to ``path``."""
        try:
            rows = export_history_file(path, self._zone)
        except HistoryFileError as error:
            QMessageBox.warning(self, "Export failed", str(error))
            return
        self.statusBar().showMessage(f"Exported {rows} events to {path}")

    def _on_import_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import client history", str(Path.home()), "CSV files (*.csv)"
        )
        if name:
            self.import_file(Path(name))

    def _on_export_triggered(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export client history", str(Path.home() / "client-history.csv"), "CSV (*.csv)"
        )
        if name:
            self.export_file(Path(name))

    def _on_demo_clicked(self) -> None:
        try:
            load_demo(self._now(), self._zone)
        except DemoRefusedError as error:
            QMessageBox.information(self, "Sample year", str(error))
        self.refresh()
