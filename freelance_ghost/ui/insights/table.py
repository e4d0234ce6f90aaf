"""The numbers behind a chart: a table model over a figure's rows, and a view that copies."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from freelance_ghost.ui.insights.figures import Figure

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
VALUE_ROLE = Qt.ItemDataRole.UserRole
"""The cell's value exactly as ``insights --json`` gives it (a number, not its words)."""


class FigureModel(QAbstractTableModel):
    """A figure's rows: the display role writes each value, VALUE_ROLE hands it back as is."""

    def __init__(self, figure: Figure) -> None:
        super().__init__()
        self.figure = figure

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.figure.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.figure.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.figure.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.figure.columns[index.column()].shown(value)
        if role == VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.figure.columns[section].header
        return None


def selected_text(view: QTableView) -> str:
    """The selected cells as tab-separated lines (a spreadsheet pastes them as cells)."""
    indexes = sorted(view.selectedIndexes(), key=lambda index: (index.row(), index.column()))
    lines: dict[int, list[str]] = {}
    for index in indexes:
        lines.setdefault(index.row(), []).append(str(index.data()))
    return "\n".join("\t".join(cells) for cells in lines.values())


class FigureTable(QTableView):
    """A figure's table; Ctrl+C copies the selected cells (the whole table after Ctrl+A)."""

    def __init__(self, figure: Figure) -> None:
        super().__init__()
        self.setModel(FigureModel(figure))
        self.setAccessibleName(f"{figure.title}: numbers")
        self.setAlternatingRowColors(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(selected_text(self))
            return
        super().keyPressEvent(event)
