"""Log interaction (Ctrl+L): who, which way, how, when, what was said, and the next step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from freelance_ghost.core.channels import channel_words
from freelance_ghost.core.kinds import Channel, Direction
from freelance_ghost.core.record_rules import check_next_step
from freelance_ghost.store.contacts import contact_cards
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.store.overview import client_overview
from freelance_ghost.ui.dialogs import (
    ValidatedDialog,
    picked_day,
    rule_reason,
    within_supported_years,
)


class LogInteractionDialog(ValidatedDialog):
    """Records one touch point; prefilled from the Today item it was opened for."""

    def __init__(
        self,
        now: Callable[[], datetime],
        zone: tzinfo,
        client_id: int | None = None,
        direction: Direction = Direction.OUT,
        channel: Channel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Log interaction", parent)
        self._now = now
        self._zone = zone
        self.client = QComboBox()
        for client in client_overview(include_archived=True):
            self.client.addItem(client.name, client.client_id)
        if client_id is not None:
            self.client.setCurrentIndex(self.client.findData(client_id))
        self.contact = QComboBox()
        self.incoming = QRadioButton("They reached me")
        self.outgoing = QRadioButton("I reached them")
        (self.incoming if direction is Direction.IN else self.outgoing).setChecked(True)
        ways = QWidget()
        row = QHBoxLayout(ways)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.incoming)
        row.addWidget(self.outgoing)
        self.channel = QComboBox()
        for option in Channel:
            self.channel.addItem(channel_words(option).label, option)
        if channel is not None:
            self.channel.setCurrentIndex(self.channel.findData(channel))
        self.when = QDateTimeEdit(self._qt_now())
        within_supported_years(self.when)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("dd MMM yyyy HH:mm")
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("What was said, in a line or two")
        self.summary.setFixedHeight(70)
        self.next_step = QLineEdit()
        self.next_step.setPlaceholderText("What happens next, e.g. “Send the revised quote”")
        self.has_due = QCheckBox("Due by")
        self.due = QDateEdit(self._qt_now().date().addDays(7))
        within_supported_years(self.due)
        self.due.setDisplayFormat("dd MMM yyyy")
        self.due.setCalendarPopup(True)
        due_row = QWidget()
        line = QHBoxLayout(due_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.has_due)
        line.addWidget(self.due, 1)
        self.add_field("client", "&Client", self.client)
        self.add_field("contact", "C&ontact", self.contact)
        self.add_field("direction", "Direction", ways)
        self.add_field("channel", "C&hannel", self.channel)
        self.add_field("when", "&When", self.when)
        self.add_field("summary", "&Summary", self.summary)
        self.add_field("next_step", "&Next step", self.next_step)
        self.add_field("due", "", due_row)
        self._fill_contacts()
        self.client.currentIndexChanged.connect(self._fill_contacts)
        for signal in (
            self.when.dateTimeChanged,
            self.next_step.textChanged,
            self.has_due.toggled,
            self.due.dateChanged,
        ):
            signal.connect(self.revalidate)
        self.finish_form()

    def _qt_now(self) -> QDateTime:
        local = self._now().astimezone(self._zone)
        return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))

    def _fill_contacts(self) -> None:
        self.contact.clear()
        self.contact.addItem("Nobody in particular", None)
        client_id = self.client.currentData()
        if client_id is None:
            return
        for card in contact_cards(client_id):
            self.contact.addItem(card.name, card.contact_id)
        if self.contact.count() == 2:
            self.contact.setCurrentIndex(1)

    def occurred_at(self) -> datetime:
        """The moment in the form, read as the user's local time."""
        value = self.when.dateTime()
        date, time = value.date(), value.time()
        naive = datetime(date.year(), date.month(), date.day(), time.hour(), time.minute())
        return naive.replace(tzinfo=self._zone)

    def validate(self) -> dict[str, str]:
        reasons = {}
        if self.client.currentData() is None:
            reasons["client"] = "Add a client first."
        if self.occurred_at() > self._now() + timedelta(minutes=1):
            reasons["when"] = "An interaction can't be in the future."
        if self.has_due.isChecked():
            reasons["next_step"] = rule_reason(
                check_next_step, self.next_step.text(), picked_day(self.due)
            )
        return reasons

    def save(self) -> str:
        log_interaction(
            self.client.currentData(),
            Direction.IN if self.incoming.isChecked() else Direction.OUT,
            self.channel.currentData(),
            self.occurred_at(),
            contact_id=self.contact.currentData(),
            summary=self.summary.toPlainText().strip(),
            next_step=self.next_step.text().strip(),
            next_step_due=picked_day(self.due) if self.has_due.isChecked() else None,
        )
        return ""
