"""A client's Contacts and Projects tabs: lists with the buttons that change them."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.core.channels import channel_words
from freelance_ghost.store.contacts import ContactCard
from freelance_ghost.store.projects import ProjectLine
from freelance_ghost.ui.dialogs.people import PROJECT_LABELS
from freelance_ghost.ui.rows_model import RowsModel
from freelance_ghost.ui.tables import rows_table

_Index = QModelIndex | QPersistentModelIndex
_METHOD_ROLE = Qt.ItemDataRole.UserRole + 2


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch()
    for button in buttons:
        row.addWidget(button)
    return row


class ContactsTab(QWidget):
    """People at the client, each with every way to reach them."""

    add_contact_requested = Signal()
    add_method_requested = Signal(int, str)  # contact id, name
    remove_method_requested = Signal(int, str, str)  # contact id, channel, address
    export_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Person", "Reach them"])
        self.tree.setAccessibleName("Contacts")
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        add_person = QPushButton("Add person…")
        add_person.clicked.connect(self.add_contact_requested)
        self.add_way = QPushButton("Add a way to reach them…")
        self.add_way.clicked.connect(self._on_add_way_clicked)
        self.remove_way = QPushButton("Remove this way")
        self.remove_way.clicked.connect(self._on_remove_way_clicked)
        self.export = QPushButton("Export vCard…")
        self.export.clicked.connect(self.export_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addLayout(_buttons(self.export, add_person, self.add_way, self.remove_way))
        self._on_tree_current_changed(None)

    def show_contacts(self, contacts: list[ContactCard]) -> None:
        """Lists the people and their channels."""
        self.tree.clear()
        for card in contacts:
            person = QTreeWidgetItem([card.name, card.role])
            person.setData(0, Qt.ItemDataRole.UserRole, (card.contact_id, card.name))
            for channel, address in card.methods:
                way = QTreeWidgetItem([channel_words(channel).label, address])
                way.setData(0, _METHOD_ROLE, (card.contact_id, channel.value, address))
                person.addChild(way)
            self.tree.addTopLevelItem(person)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.export.setEnabled(bool(contacts))

    def _person_of(self, item: QTreeWidgetItem | None) -> tuple[int, str] | None:
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _on_tree_current_changed(self, current: QTreeWidgetItem | None, *_: object) -> None:
        self.add_way.setEnabled(self._person_of(current) is not None)
        self.remove_way.setEnabled(
            current is not None and current.data(0, _METHOD_ROLE) is not None
        )

    def _on_add_way_clicked(self) -> None:
        person = self._person_of(self.tree.currentItem())
        if person is not None:
            self.add_method_requested.emit(*person)

    def _on_remove_way_clicked(self) -> None:
        current = self.tree.currentItem()
        way = current.data(0, _METHOD_ROLE) if current is not None else None
        if way is not None:
            self.remove_method_requested.emit(*way)


class ProjectColumn(IntEnum):
    """The columns of a client's projects list."""

    NAME = 0
    STATUS = 1
    DEADLINE = 2


def project_cell(line: ProjectLine, column: int) -> str:
    """What the projects list shows of a project."""
    if column == ProjectColumn.NAME:
        return line.name
    if column == ProjectColumn.STATUS:
        return PROJECT_LABELS[line.status]
    return line.deadline.strftime("%d %b %Y") if line.deadline else ""


class ProjectsTab(QWidget):
    """The client's projects, with New and Change."""

    new_project_requested = Signal()
    change_project_requested = Signal(object)  # ProjectLine

    def __init__(self) -> None:
        super().__init__()
        self.model: RowsModel[ProjectLine] = RowsModel(
            ("Project", "Status", "Deadline"), project_cell
        )
        self.table = rows_table(self.model, "Projects")
        self.table.doubleClicked.connect(self._on_change_clicked)
        new = QPushButton("New project…")
        new.clicked.connect(self.new_project_requested)
        self.change = QPushButton("Change status or deadline…")
        self.change.clicked.connect(self._on_change_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(_buttons(new, self.change))

    def show_projects(self, projects: list[ProjectLine]) -> None:
        """Lists the projects."""
        self.model.set_rows(projects)
        self.table.resizeColumnToContents(ProjectColumn.NAME)
        self.change.setEnabled(bool(projects))

    def _on_change_clicked(self) -> None:
        index = self.table.currentIndex()
        if self.model.rowCount():
            self.change_project_requested.emit(self.model.row_at(max(0, index.row())))
