"""A client's page: the relationship's pace, its conversation, people, money and rhythm."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta, tzinfo
from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.core.attention import AttentionSettings
from freelance_ghost.core.channels import channel_words
from freelance_ghost.core.kinds import ClientStatus
from freelance_ghost.core.plurals import counted, form_for
from freelance_ghost.core.sentences import describe_pace
from freelance_ghost.core.timeline import Timeline
from freelance_ghost.store.contacts import ContactCard
from freelance_ghost.store.invoices import InvoiceLine
from freelance_ghost.store.overview import ClientHeader
from freelance_ghost.store.projects import ProjectLine
from freelance_ghost.store.schedules import Schedule
from freelance_ghost.ui.client_tabs import ContactsTab, ProjectsTab
from freelance_ghost.ui.item_models import (
    STATUS_LABELS,
    HistoryColumn,
    HistoryModel,
    InvoiceModel,
)
from freelance_ghost.ui.timeline.view import TimelineWidget


def describe_days(span: timedelta) -> str:
    """'3 days', '1 day', '12 hours'."""
    if span < timedelta(days=1):
        hours = round(span / timedelta(hours=1))
        return counted(hours, "hour", "hours")
    days = round(span / timedelta(days=1), 1)
    return f"{days:g} {form_for(days, 'day', 'days')}"


class ClientPage(QWidget):
    """Everything about one relationship; changes go up as signals, data comes down."""

    status_changed = Signal(int, object)
    notes_saved = Signal(int, str)
    log_requested = Signal(int)
    invoice_requested = Signal(int)
    payment_requested = Signal(object)
    schedule_requested = Signal(int)
    patience_requested = Signal(int)
    back_requested = Signal()

    def __init__(self, zone: tzinfo) -> None:
        super().__init__()
        self._zone = zone
        self.client_id: int | None = None
        self.history = HistoryModel(zone)
        self.timeline = TimelineWidget()
        self.timeline.setMinimumHeight(230)
        self.timeline.setAccessibleName("Timeline")
        self.timeline.event_selected.connect(self._on_timeline_event_selected)
        self.invoices = InvoiceModel(zone)
        self.name = QLabel()
        self.name.setObjectName("pageTitle")
        self.pace = QLabel()
        self.pace.setWordWrap(True)
        self.status = QComboBox()
        self.status.setAccessibleName("Client status")
        for status in ClientStatus:
            self.status.addItem(STATUS_LABELS[status.value], status)
        self.status.activated.connect(self._on_status_activated)
        self.tabs = QTabWidget()
        self.history_table = self._table(self.history)
        self.history_table.selectionModel().currentRowChanged.connect(self._on_history_row_changed)
        self.tabs.addTab(self.history_table, "History")
        self.contacts = ContactsTab()
        self.tabs.addTab(self.contacts, "Contacts")
        self.projects = ProjectsTab()
        self.tabs.addTab(self.projects, "Projects")
        self.tabs.addTab(self._invoices_tab(), "Invoices")
        self.schedule_text = QLabel()
        self.tabs.addTab(self._schedule_tab(), "Check-ins")
        self.notes = QPlainTextEdit()
        self.tabs.addTab(self._notes_tab(), "Notes")
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        pace_row = QHBoxLayout()
        pace_row.addWidget(self.pace, 1)
        patience = QPushButton("Adjust patience…")
        patience.setToolTip("Some clients are slow by nature: give this one more time")
        patience.clicked.connect(lambda: self._emit_client(self.patience_requested))
        pace_row.addWidget(patience)
        layout.addLayout(pace_row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.timeline)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

    def _header(self) -> QHBoxLayout:
        back = QPushButton("‹ Clients")
        back.setFlat(True)
        back.clicked.connect(self.back_requested)
        log = QPushButton("Log interaction…")
        log.setToolTip("Log interaction (Ctrl+L)")
        log.clicked.connect(lambda: self._emit_client(self.log_requested))
        row = QHBoxLayout()
        row.addWidget(back)
        row.addWidget(self.name, 1)
        row.addWidget(QLabel("Status:"))
        row.addWidget(self.status)
        row.addWidget(log)
        return row

    def _table(self, model: HistoryModel | InvoiceModel) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.setWordWrap(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setResizeContentsPrecision(60)  # not every row of 10,000
        if model is self.history:
            table.horizontalHeader().setSectionResizeMode(
                HistoryColumn.SUMMARY, QHeaderView.ResizeMode.Stretch
            )
        return table

    def _invoices_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.invoice_table = self._table(self.invoices)
        layout.addWidget(self.invoice_table)
        buttons = QHBoxLayout()
        new_invoice = QPushButton("New invoice…")
        new_invoice.clicked.connect(lambda: self._emit_client(self.invoice_requested))
        self.payment_button = QPushButton("Record payment…")
        self.payment_button.clicked.connect(self._on_payment_clicked)
        buttons.addStretch()
        buttons.addWidget(new_invoice)
        buttons.addWidget(self.payment_button)
        layout.addLayout(buttons)
        return page

    def _schedule_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.schedule_text.setWordWrap(True)
        change = QPushButton("Change…")
        change.clicked.connect(lambda: self._emit_client(self.schedule_requested))
        layout.addWidget(self.schedule_text)
        layout.addWidget(change, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()
        return page

    def _notes_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.notes.setPlaceholderText("Anything worth remembering about this client")
        save = QPushButton("Save notes")
        save.clicked.connect(self._on_notes_saved)
        layout.addWidget(self.notes)
        layout.addWidget(save, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def show_client(
        self,
        header: ClientHeader,
        settings: AttentionSettings,
        timeline: Timeline,
        contacts: list[ContactCard],
        projects: list[ProjectLine],
        invoices: list[InvoiceLine],
        schedule: Schedule | None,
        sources: Mapping[int, str] | None = None,
    ) -> None:
        """Fills the page for one client; ``sources``: where the interactions learnt from
        mail came from (an account's name, or "file"), by interaction id."""
        same_client = self.client_id == header.client_id
        self.client_id = header.client_id
        kind = "Person" if header.kind.value == "person" else "Organization"
        archived = " · archived" if header.archived else ""
        self.name.setText(f"<h1>{escape(header.name)}</h1><span>{kind}{archived}</span>")
        self.status.setCurrentIndex(self.status.findData(header.status))
        if header.pace_known:
            pace = f"Usually replies {describe_pace(header.typical_reply)}"
        else:
            pace = "Has not replied often enough yet to know their pace"
        own = (
            " (your setting for this client)"
            if header.min_silence_hours or header.silence_multiplier
            else ""
        )
        self.pace.setText(
            f"{pace}. Counted as quiet after {describe_days(header.threshold)} "
            f"without a reply{own}."
        )
        self.history.set_timeline(timeline, sources)
        self.timeline.set_timeline(timeline, sources)
        self.contacts.show_contacts(contacts)
        self.projects.show_projects(projects)
        self.invoices.set_rows(invoices, timeline.now.astimezone(self._zone).date(), settings)
        self.payment_button.setEnabled(any(line.outstanding.minor > 0 for line in invoices))
        self._show_schedule(schedule)
        if not same_client or not self.notes.document().isModified():
            self.notes.setPlainText(header.notes)  # typed, unsaved notes survive a refresh

    def _show_schedule(self, schedule: Schedule | None) -> None:
        if schedule is None or schedule.cadence_days == 0:
            self.schedule_text.setText("No regular check-ins with this client.")
            return
        channel = f" by {channel_words(schedule.channel).label.lower()}" if schedule.channel else ""
        every = form_for(schedule.cadence_days, "day", f"{schedule.cadence_days} days")
        self.schedule_text.setText(f"Check in every {every}{channel}.")

    def _emit_client(self, signal: SignalInstance) -> None:
        if self.client_id is not None:
            signal.emit(self.client_id)

    def _on_status_activated(self) -> None:
        if self.client_id is not None:
            self.status_changed.emit(self.client_id, self.status.currentData())

    def _on_notes_saved(self) -> None:
        if self.client_id is not None:
            self.notes_saved.emit(self.client_id, self.notes.toPlainText())
            self.notes.document().setModified(False)

    def _on_timeline_event_selected(self, event_index: int) -> None:
        row = self.history.row_of(event_index)
        if self.history_table.currentIndex().row() != row:
            self.history_table.selectRow(row)
            self.history_table.scrollTo(self.history.index(row, 0))

    def _on_history_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            event_index = self.history.event_index(current.row())
            if self.timeline.selected_event() != event_index:
                self.timeline.select_event(event_index)

    def _on_payment_clicked(self) -> None:
        """For the selected invoice, else the oldest one still owed."""
        index = self.invoice_table.currentIndex()
        lines = [self.invoices.line_at(row) for row in range(self.invoices.rowCount())]
        owed = [line for line in lines if line.outstanding.minor > 0]
        if index.isValid() and lines[index.row()].outstanding.minor > 0:
            self.payment_requested.emit(lines[index.row()])
        elif owed:
            self.payment_requested.emit(owed[-1])  # newest first: the last is the oldest
