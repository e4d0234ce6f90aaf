"""Qt item models over store queries; widgets never run SQL themselves."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from freelance_ghost.store.queries import ClientOverview

_Index = QModelIndex | QPersistentModelIndex


class ClientColumn(IntEnum):
    """The columns of the clients list, in display order."""

    NAME = 0
    STATUS = 1
    CONTACTS = 2
    LAST_CONTACT = 3
    OPEN_INVOICES = 4


_HEADERS = {
    ClientColumn.NAME: "Client",
    ClientColumn.STATUS: "Status",
    ClientColumn.CONTACTS: "Contacts",
    ClientColumn.LAST_CONTACT: "Last contact",
    ClientColumn.OPEN_INVOICES: "Open invoices",
}
_STATUS_LABELS = {
    "lead": "Lead",
    "active": "Active",
    "paused": "Paused",
    "ghosted": "Ghosted",
    "closed": "Closed",
}


class ClientTableModel(QAbstractTableModel):
    """The clients list: one row per client that is not archived."""

    def __init__(self, rows: list[ClientOverview] | None = None) -> None:
        super().__init__()
        self._rows: list[ClientOverview] = rows or []

    def set_rows(self, rows: list[ClientOverview]) -> None:
        """Replaces the list (after an import, say)."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def client_at(self, row: int) -> ClientOverview:
        """The client shown on ``row``."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(ClientColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        client = self._rows[index.row()]
        column = ClientColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(client, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            ClientColumn.CONTACTS,
            ClientColumn.OPEN_INVOICES,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column is ClientColumn.NAME:
            return f"{client.name}: {_STATUS_LABELS.get(client.status, client.status)}"
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[ClientColumn(section)]
        return None


def _display(client: ClientOverview, column: ClientColumn) -> str:
    if column is ClientColumn.NAME:
        return client.name
    if column is ClientColumn.STATUS:
        return _STATUS_LABELS.get(client.status, client.status)
    if column is ClientColumn.CONTACTS:
        return str(client.contacts)
    if column is ClientColumn.LAST_CONTACT:
        if client.last_contact is None:
            return "never"
        return client.last_contact.astimezone().strftime("%d %b %Y")
    return str(client.open_invoices) if client.open_invoices else ""
