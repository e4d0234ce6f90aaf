"""Dialogs for a client's people, their channels, and projects."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLineEdit, QWidget

from freelance_ghost.core.addresses import AddressRefusedError, check_email_address
from freelance_ghost.core.channels import AddressKind, channel_words
from freelance_ghost.core.kinds import Channel, ProjectStatus
from freelance_ghost.store.contacts import ContactError, add_contact, add_method
from freelance_ghost.store.projects import ProjectError, ProjectLine, add_project, change_project
from freelance_ghost.ui.dialogs import (
    ValidatedDialog,
    as_sentence,
    name_reason,
    picked_day,
    within_supported_years,
)

_PHONE = re.compile(r"\+?[0-9 ()./-]{5,}")
PROJECT_LABELS = {
    ProjectStatus.PROPOSED: "Proposed",
    ProjectStatus.ACTIVE: "Active",
    ProjectStatus.ON_HOLD: "On hold",
    ProjectStatus.DONE: "Done",
    ProjectStatus.CANCELLED: "Cancelled",
}


class ContactDialog(ValidatedDialog):
    """A new person at the client, with a first way to reach them."""

    def __init__(
        self, client_id: int, now: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__("New contact", parent)
        self._client_id, self._now = client_id, now
        self.name = QLineEdit()
        self.role = QLineEdit()
        self.role.setPlaceholderText("Marketing lead, accounts, …")
        self.channel = _channel_box()
        self.address = QLineEdit()
        self.add_field("name", "&Name", self.name)
        self.add_field("role", "&Role", self.role)
        self.add_field("channel", "C&hannel", self.channel)
        self.add_field("address", "&Address", self.address)
        for signal in (
            self.name.textChanged,
            self.address.textChanged,
            self.channel.currentIndexChanged,
        ):
            signal.connect(self.revalidate)
        self.finish_form()

    def validate(self) -> dict[str, str]:
        reasons = {"name": name_reason(self.name.text(), "A contact needs a name.")}
        reasons["address"] = address_reason(self.channel.currentData(), self.address.text())
        return reasons

    def save(self) -> str:
        try:
            person = add_contact(self._client_id, self.name.text(), self.role.text(), self._now())
            if self.address.text().strip():
                add_method(person.id, self.channel.currentData(), self.address.text(), self._now())
        except ContactError as error:
            return str(error)
        return ""


class MethodDialog(ValidatedDialog):
    """Another way to reach a person."""

    def __init__(
        self, contact_id: int, name: str, now: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Reach {name}", parent)
        self._contact_id, self._now = contact_id, now
        self.channel = _channel_box()
        self.address = QLineEdit()
        self.add_field("channel", "C&hannel", self.channel)
        self.add_field("address", "&Address", self.address)
        self.address.textChanged.connect(self.revalidate)
        self.channel.currentIndexChanged.connect(self.revalidate)
        self.finish_form()

    def validate(self) -> dict[str, str]:
        channel = self.channel.currentData()
        reason = address_reason(channel, self.address.text())
        needed = channel_words(channel).address_needed
        if not reason and not self.address.text().strip() and needed:
            reason = "Enter the address, number or handle."
        return {"address": reason}

    def save(self) -> str:
        try:
            add_method(
                self._contact_id, self.channel.currentData(), self.address.text(), self._now()
            )
        except ContactError as error:
            return str(error)
        return ""


def address_reason(channel: Channel, address: str) -> str:
    """Why an address does not fit its channel (empty: it fits, or there is none)."""
    text = address.strip()
    if not text:
        return ""
    kind = channel_words(channel).address
    if kind is AddressKind.EMAIL:
        try:
            check_email_address(text)
        except AddressRefusedError as error:
            return as_sentence(str(error))
    if kind is AddressKind.PHONE and not _PHONE.fullmatch(text):
        return "A phone number has digits, spaces and + ( ) - only."
    return ""


def _channel_box() -> QComboBox:
    box = QComboBox()
    for channel in Channel:
        box.addItem(channel_words(channel).label, channel)
    box.setCurrentIndex(box.findData(Channel.EMAIL))
    return box


class ProjectDialog(ValidatedDialog):
    """A new project, or a new status or deadline for one."""

    def __init__(
        self,
        client_id: int,
        now: Callable[[], datetime],
        line: ProjectLine | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Change project" if line else "New project", parent)
        self._client_id, self._now, self._line = client_id, now, line
        self.name = QLineEdit(line.name if line else "")
        self.name.setReadOnly(line is not None)
        self.status = QComboBox()
        for status, label in PROJECT_LABELS.items():
            self.status.addItem(label, status)
        self.status.setCurrentIndex(
            self.status.findData(line.status if line else ProjectStatus.PROPOSED)
        )
        self.has_deadline = QCheckBox("Deadline")
        self.deadline = QDateEdit()
        within_supported_years(self.deadline)
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("dd MMM yyyy")
        today = now().date()
        chosen = (
            line.deadline if line and line.deadline else date.fromordinal(today.toordinal() + 30)
        )
        self.deadline.setDate(QDate(chosen.year, chosen.month, chosen.day))
        self.has_deadline.setChecked(bool(line and line.deadline))
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.has_deadline)
        layout.addWidget(self.deadline, 1)
        self.add_field("name", "&Name", self.name)
        self.add_field("status", "&Status", self.status)
        self.add_field("deadline", "", row)
        self.name.textChanged.connect(self.revalidate)
        self.finish_form()

    def validate(self) -> dict[str, str]:
        return {"name": name_reason(self.name.text(), "A project needs a name.")}

    def save(self) -> str:
        deadline = picked_day(self.deadline) if self.has_deadline.isChecked() else None
        status = ProjectStatus(self.status.currentData())
        try:
            if self._line is None:
                add_project(self._client_id, self.name.text(), status, deadline, self._now())
            else:
                change_project(self._line.project_id, status, deadline, self._now())
        except ProjectError as error:
            return str(error)
        return ""
