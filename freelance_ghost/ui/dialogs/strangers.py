"""People you write with who are not clients yet: add one as a lead, or ignore them.

Only an address, a name and a count are kept of these people (store/mail.py), never their
messages; this dialog shows those and nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.store.errors import DatabaseWriteError, database_refusals
from freelance_ghost.store.mail import Stranger, add_stranger_as_lead, forget_stranger, strangers
from freelance_ghost.ui.dialogs import as_sentence

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
LISTED = 50  # the people written with most; the rest wait until these are sorted out


class StrangerColumn(IntEnum):
    """The columns of the list of people who are no client's contact."""

    ADDRESS = 0
    NAME = 1
    MESSAGES = 2
    LAST = 3


_HEADERS = ("Address", "Name", "Messages", "Last")


class StrangerModel(QAbstractTableModel):
    """The people the user writes with most who are no client's, most messages first."""

    def __init__(self, zone: tzinfo) -> None:
        super().__init__()
        self._zone = zone
        self._rows: list[Stranger] = []

    def set_rows(self, rows: list[Stranger]) -> None:
        """Shows these people."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def stranger_at(self, row: int) -> Stranger:
        """The person on ``row``."""
        return self._rows[row]

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(StrangerColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        person = self._rows[index.row()]
        column = StrangerColumn(index.column())
        if column is StrangerColumn.ADDRESS:
            return person.address
        if column is StrangerColumn.NAME:
            return person.name
        if column is StrangerColumn.MESSAGES:
            return person.messages
        return person.last_at.astimezone(self._zone).strftime("%d %b %Y")

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None


class StrangersDialog(QDialog):
    """People you write with who are not clients yet, each with "Add as lead" and "Ignore"."""

    def __init__(
        self, now: Callable[[], datetime], zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("People you write with who are not clients yet")
        self.setMinimumWidth(620)
        self._now = now
        self.changed = False  # a lead was added: the workspace reloads
        self.added: list[int] = []  # the clients made here
        self.model = StrangerModel(zone)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("People you write with")
        self.line = QLabel(
            "From your mail: only their address, name and how many messages, never the "
            "messages themselves."
        )
        self.line.setWordWrap(True)
        self.lead = QPushButton("Add as lead")
        self.lead.clicked.connect(self._on_lead_clicked)
        self.ignore = QPushButton("Ignore")
        self.ignore.setToolTip("Forget this person: they are nobody to follow")
        self.ignore.clicked.connect(self._on_ignore_clicked)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.ignore)
        row.addWidget(self.lead)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.line)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        """Shows the people as stored now."""
        self.model.set_rows(strangers(LISTED))
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.line.setText("Nobody to show: everyone you write with is a client's contact.")
        for button in (self.lead, self.ignore):
            button.setEnabled(self.model.rowCount() > 0)

    def selected(self) -> Stranger | None:
        """The person selected in the list."""
        index = self.table.currentIndex()
        return self.model.stranger_at(index.row()) if index.isValid() else None

    def _on_lead_clicked(self) -> None:
        person = self.selected()
        if person is None:
            return
        try:
            with database_refusals():
                self.added.append(add_stranger_as_lead(person.address, self._now()))
        except DatabaseWriteError as error:
            self.line.setText(as_sentence(f"nothing was saved: {error}"))
            return
        self.changed = True
        self.reload()
        self.line.setText(f"{person.name or person.address} is a lead now.")

    def _on_ignore_clicked(self) -> None:
        person = self.selected()
        if person is None:
            return
        try:
            with database_refusals():
                forget_stranger(person.address)
        except DatabaseWriteError as error:
            self.line.setText(as_sentence(f"nothing was saved: {error}"))
            return
        self.reload()
        self.line.setText(f"{person.address} is ignored.")
