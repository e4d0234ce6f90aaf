"""The read-only list the app's dialogs and pages show: whole rows selected, nothing edited."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def rows_table(
    model: QAbstractItemModel, name: str, *, one_row: bool = False, fit: bool = False
) -> QTableView:
    """A table over ``model`` named ``name`` for screen readers: rows are picked whole
    (``one_row``: one at a time), cells never edited, the last column takes the width left
    (``fit``: the others fit their contents)."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if one_row:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    if fit:
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table
