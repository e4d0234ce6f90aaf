"""People you write with who are not clients yet: add one as a lead, or ignore them.

Only an address, a name and a count are kept of these people (store/mail.py), never their
messages; this dialog shows those and nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from enum import IntEnum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.store.errors import DatabaseWriteError, database_refusals
from freelance_ghost.store.mail import Stranger, add_stranger_as_lead, forget_stranger, strangers
from freelance_ghost.ui.dialogs import as_sentence
from freelance_ghost.ui.rows_model import RowsModel
from freelance_ghost.ui.tables import rows_table

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


def _cells(zone: tzinfo) -> Callable[[Stranger, int], str]:
    """What the list shows of a person, their last message's day in ``zone``."""

    def cell(person: Stranger, column: int) -> str:
        return (
            person.address,
            person.name,
            str(person.messages),
            person.last_at.astimezone(zone).strftime("%d %b %Y"),
        )[StrangerColumn(column)]

    return cell


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
        self.model: RowsModel[Stranger] = RowsModel(_HEADERS, _cells(zone))
        self.table = rows_table(self.model, "People you write with", one_row=True, fit=True)
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
        return self.model.row_at(index.row()) if index.isValid() else None

    def _on_lead_clicked(self) -> None:
        person = self.selected()
        if person is None:
            return
        try:
            with database_refusals():
                self.added.append(add_stranger_as_lead(person.address, self._now()))
        except (DatabaseWriteError, ValueError) as error:  # ValueError: a refused name or address
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
