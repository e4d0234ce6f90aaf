"""The clients list: search, a status filter, a health mark, and new/archive/delete."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.ui.item_models import STATUS_LABELS, ClientColumn, ClientTableModel


class ClientFilter(QSortFilterProxyModel):
    """Keeps the clients whose name contains the search text and whose status is chosen."""

    def __init__(self) -> None:
        super().__init__()
        self.status: str | None = None
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(ClientColumn.NAME)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Lets the source sort (fast at 10,000 clients); this proxy only filters."""
        self.sourceModel().sort(column, order)

    def set_status(self, status: str | None) -> None:
        """Shows only clients with ``status`` (None: all)."""
        self.beginFilterChange()
        self.status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(  # noqa: N802
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not super().filterAcceptsRow(source_row, source_parent):
            return False
        if self.status is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, ClientTableModel)
        return model.client_at(source_row).status == self.status


class ClientsPage(QWidget):
    """Every client at a glance; double-click (or Enter) opens one."""

    open_client_requested = Signal(int)
    new_client_requested = Signal()
    archive_requested = Signal(int)
    delete_requested = Signal(int)
    show_archived_toggled = Signal(bool)

    def __init__(self, model: ClientTableModel) -> None:
        super().__init__()
        self.model = model
        self.proxy = ClientFilter()
        self.proxy.setSourceModel(model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search clients…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search clients")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.status = QComboBox()
        self.status.setAccessibleName("Status filter")
        self.status.addItem("All statuses", None)
        for value, label in STATUS_LABELS.items():
            self.status.addItem(label, value)
        self.status.currentIndexChanged.connect(self._on_status_changed)
        self.new_button = QPushButton("New client")
        self.new_button.setToolTip("New client (Ctrl+N)")
        self.new_button.clicked.connect(self.new_client_requested)
        self.archive_button = QPushButton("Archive")
        self.archive_button.clicked.connect(lambda: self._emit_selected(self.archive_requested))
        self.show_archived = QCheckBox("Show archived")
        self.show_archived.toggled.connect(self.show_archived_toggled)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(lambda: self._emit_selected(self.delete_requested))
        self.table = self._build_table()
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.show_archived)
        bar.addStretch()
        for button in (self.new_button, self.archive_button, self.delete_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        title = QLabel("<h1>Clients</h1>")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setAccessibleName("Clients")
        table.setSortingEnabled(True)
        table.sortByColumn(ClientColumn.NAME, Qt.SortOrder.AscendingOrder)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(ClientColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ClientColumn.HEALTH, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ClientColumn.HEALTH, 230)
        table.doubleClicked.connect(self._on_table_double_clicked)
        table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        table.activated.connect(self._on_table_double_clicked)
        return table

    def selected_client_id(self) -> int | None:
        """The client selected in the list, if any."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.client_at(self.proxy.mapToSource(index).row()).client_id

    def _on_table_current_changed(self) -> None:
        client_id = self.selected_client_id()
        archived = client_id is not None and self.model.client_by_id(client_id).archived
        self.archive_button.setText("Restore" if archived else "Archive")

    def _emit_selected(self, signal: SignalInstance) -> None:
        client_id = self.selected_client_id()
        if client_id is not None:
            signal.emit(client_id)

    def _on_status_changed(self) -> None:
        self.proxy.set_status(self.status.currentData())

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        self.open_client_requested.emit(self.model.client_at(source.row()).client_id)
