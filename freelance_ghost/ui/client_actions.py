"""What a client's page asks for: status, notes, invoices, payments, rhythm, people, projects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.store.clients import update_client
from freelance_ghost.store.contacts import remove_method
from freelance_ghost.store.invoices import InvoiceLine
from freelance_ghost.store.overview import client_header
from freelance_ghost.store.projects import ProjectLine
from freelance_ghost.store.settings import load_attention_settings
from freelance_ghost.ui.client_page import ClientPage
from freelance_ghost.ui.dialogs.patience import PatienceDialog
from freelance_ghost.ui.dialogs.people import ContactDialog, MethodDialog, ProjectDialog
from freelance_ghost.ui.dialogs.records import InvoiceDialog, PaymentDialog, ScheduleDialog

RunDialog = Callable[[QDialog], bool]


class ClientPageActions(QObject):
    """Opens the page's dialogs through ``run`` (which refreshes after a save)."""

    changed = Signal()
    said = Signal(str)

    def __init__(
        self, page: ClientPage, run: RunDialog, now: Callable[[], datetime], zone: tzinfo
    ) -> None:
        super().__init__(page)
        self._page, self._run, self._now, self._zone = page, run, now, zone
        page.status_changed.connect(self._on_page_status_changed)
        page.notes_saved.connect(self._on_page_notes_saved)
        page.invoice_requested.connect(self._on_page_invoice_requested)
        page.payment_requested.connect(self._on_page_payment_requested)
        page.schedule_requested.connect(self._on_page_schedule_requested)
        page.patience_requested.connect(self._on_page_patience_requested)
        page.contacts.add_contact_requested.connect(self._on_contacts_add_contact)
        page.contacts.add_method_requested.connect(self._on_contacts_add_method)
        page.contacts.remove_method_requested.connect(self._on_contacts_remove_method)
        page.projects.new_project_requested.connect(self._on_projects_new)
        page.projects.change_project_requested.connect(self._on_projects_change)

    def _client(self) -> int:
        assert self._page.client_id is not None  # the page's buttons exist only then
        return self._page.client_id

    def _on_page_status_changed(self, client_id: int, status: ClientStatus) -> None:
        update_client(client_id, status=status)
        self.changed.emit()

    def _on_page_notes_saved(self, client_id: int, notes: str) -> None:
        update_client(client_id, notes=notes)
        self.said.emit("Notes saved")

    def _on_page_invoice_requested(self, client_id: int) -> None:
        self._run(InvoiceDialog(client_id, self._now, self._zone, self._page))

    def _on_page_payment_requested(self, line: InvoiceLine) -> None:
        self._run(PaymentDialog(line, self._now, self._zone, self._page))

    def _on_page_schedule_requested(self, client_id: int) -> None:
        self._run(ScheduleDialog(client_id, self._now, self._page))

    def _on_page_patience_requested(self, client_id: int) -> None:
        settings = load_attention_settings()
        self._run(PatienceDialog(client_header(client_id, settings), settings, self._page))

    def _on_contacts_add_contact(self) -> None:
        self._run(ContactDialog(self._client(), self._now, self._page))

    def _on_contacts_add_method(self, contact_id: int, name: str) -> None:
        self._run(MethodDialog(contact_id, name, self._now, self._page))

    def _on_contacts_remove_method(self, contact_id: int, channel: str, address: str) -> None:
        remove_method(contact_id, Channel(channel), address)
        self.changed.emit()

    def _on_projects_new(self) -> None:
        self._run(ProjectDialog(self._client(), self._now, None, self._page))

    def _on_projects_change(self, line: ProjectLine) -> None:
        self._run(ProjectDialog(self._client(), self._now, line, self._page))
