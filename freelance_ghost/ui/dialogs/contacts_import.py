"""The preview of a contacts import: which card becomes which client and contact, and why,
before anything is written; Import writes exactly that, or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import IntEnum

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.core.contact_import import ImportPlan, PlannedCard
from freelance_ghost.core.vcards import Card
from freelance_ghost.services.contacts import ContactFileError, import_cards, preview_import
from freelance_ghost.store.errors import DatabaseWriteError, database_refusals
from freelance_ghost.ui.dialogs import as_sentence
from freelance_ghost.ui.rows_model import RowsModel


class PreviewColumn(IntEnum):
    """The columns of the import preview."""

    LINE = 0
    CARD = 1
    CLIENT = 2
    WHY = 3
    CONTACT = 4
    ADDS = 5


_COLUMN_GAP = 16  # pixels beyond each column's contents
_HEADERS = ("Line", "Card", "Client", "Why", "Contact", "Adds")


def preview_cell(card: PlannedCard, column: int) -> str:
    """What the preview shows of one card; a client or contact still to be made says so."""
    new = " (new)"
    return (
        str(card.line),
        card.card_name,
        card.client_name + (new if card.client_id is None else ""),
        str(card.match),
        card.contact_name + (new if card.contact_id is None else ""),
        card.additions(),
    )[PreviewColumn(column)]


class ContactsImportDialog(QDialog):
    """Shows the plan for ``cards``; Import writes it in one transaction, Cancel writes nothing.

    If the records changed since the preview was made (a mail sync, a command in a terminal),
    the import writes nothing, the preview is made again and the dialog says to look again:
    what is written is always what was last shown.
    """

    def __init__(
        self,
        file_name: str,
        cards: Sequence[Card],
        now: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import contacts from {file_name}")
        self._cards, self._now, self._file_name = cards, now, file_name
        self.imported: ImportPlan | None = None  # what was written, after Import
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: bold;")
        self.model: RowsModel[PlannedCard] = RowsModel(_HEADERS, preview_cell)
        self.table = self._table()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self._on_import_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Where each card goes; nothing is written until you press Import."))
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(860, 420)
        self.plan = self._show(preview_import(cards, file_name))

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName("Cards to import")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _show(self, plan: ImportPlan) -> ImportPlan:
        """Puts ``plan`` on screen; it is what Import will write."""
        self.model.set_rows(list(plan.cards))
        header = self.table.horizontalHeader()
        header.resizeSections(QHeaderView.ResizeMode.ResizeToContents)
        for column in PreviewColumn:  # room to breathe between the columns
            header.resizeSection(column, header.sectionSize(column) + _COLUMN_GAP)
        self.summary.setText(plan.summary())
        self.import_button.setEnabled(bool(plan.cards))
        return plan

    def _say(self, problem: str) -> None:
        self.problem.setText(as_sentence(problem))
        self.problem.show()

    def _look_again(self) -> None:
        """Shows the plan for the records as they are now; if they cannot be read, the old
        plan stays, and Import keeps refusing it rather than writing something unseen."""
        try:
            with database_refusals():
                self.plan = self._show(preview_import(self._cards, self._file_name))
        except DatabaseWriteError as error:
            self._say(f"{self.problem.text()} The records could not be read again ({error.reason})")
        except ContactFileError as error:  # the records now refuse a card: nothing can be written
            self._say(str(error))
            self.import_button.setEnabled(False)

    def _on_import_clicked(self) -> None:
        try:
            with database_refusals():
                self.imported = import_cards(self._cards, self._file_name, self.plan, self._now())
        except ContactFileError as error:  # written nothing; show what would be written now
            self._say(str(error))
            self._look_again()
            return
        except DatabaseWriteError as error:  # locked, full, read-only: rolled back whole
            self._say(f"{error}; nothing was imported")
            return
        self.accept()
