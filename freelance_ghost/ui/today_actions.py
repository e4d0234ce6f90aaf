"""What Today's buttons do beyond logging: copy the message, email it, snooze the item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication

from freelance_ghost.core.addresses import AddressRefusedError, mailto_link
from freelance_ghost.core.attention import SilenceItem
from freelance_ghost.core.facts import Reachable
from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.core.report import ReportedItem
from freelance_ghost.core.sentences import best_contact
from freelance_ghost.core.templates import Message, render, template_name, template_values
from freelance_ghost.services.reminders import Reminders, SnoozeChoice, item_key, snooze_until
from freelance_ghost.store.attention import reachable_of
from freelance_ghost.store.clients import update_client
from freelance_ghost.store.errors import DatabaseWriteError, database_refusals
from freelance_ghost.store.templates import load_my_name, load_template
from freelance_ghost.ui.today import TodayPage


class TodayActions(QObject):
    """Handles Today's message and snooze buttons; says what it did through ``said``."""

    changed = Signal()
    said = Signal(str)

    def __init__(
        self,
        today: TodayPage,
        now: Callable[[], datetime],
        zone: tzinfo,
        reminders: Reminders,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._today, self._now, self._zone = today, now, zone
        self._reminders = reminders
        today.copy_message_requested.connect(self._on_today_copy_message)
        today.email_requested.connect(self._on_today_email)
        today.snooze_requested.connect(self._on_today_snooze)
        today.close_lead_requested.connect(self._on_today_close_lead)
        today.selection_changed.connect(self._on_today_selection_changed)

    def message_for(self, reported: ReportedItem) -> tuple[Message, Reachable | None]:
        """The item's template filled in, and the email address to send it to (if any)."""
        item = reported.item
        reach = reachable_of([item.client_id]).get(item.client_id, ())
        values = template_values(item, reach, self._now(), my_name=load_my_name())
        prefer = item.facts.last_inbound_contact if isinstance(item, SilenceItem) else None
        message = render(load_template(template_name(item)), values)
        return message, best_contact(reach, Channel.EMAIL, prefer)

    def _on_today_copy_message(self, reported: ReportedItem) -> None:
        message, _ = self.message_for(reported)
        QGuiApplication.clipboard().setText(message.body)
        self.said.emit("Message copied: paste it where you write to them")

    def _on_today_email(self, reported: ReportedItem) -> None:
        message, way = self.message_for(reported)
        if way is None:
            self.said.emit(f"No email address on file for {reported.item.client}")
            return
        try:
            link = mailto_link(way.address, message.subject, message.body)
        except AddressRefusedError as error:  # stored before addresses were checked
            self.said.emit(
                f"{way.contact}'s email address cannot be used: {error}; "
                f"correct it on {reported.item.client}'s page"
            )
            return
        QDesktopServices.openUrl(QUrl(link, QUrl.ParsingMode.StrictMode))

    def _on_today_selection_changed(self, reported: ReportedItem | None) -> None:
        if reported is None:
            return
        reach = reachable_of([reported.item.client_id]).get(reported.item.client_id, ())
        self._today.email_button.setEnabled(any(way.channel is Channel.EMAIL for way in reach))

    def _on_today_snooze(self, reported: ReportedItem, choice: SnoozeChoice) -> None:
        until = snooze_until(choice, self._now(), self._zone)
        self._reminders.snooze(item_key(reported.item), until)
        self.changed.emit()
        local = until.astimezone(self._zone)
        self.said.emit(f"{reported.item.client} snoozed until {local:%a %d %b %H:%M}")

    def _on_today_close_lead(self, reported: ReportedItem) -> None:
        """A window shopper let go: closed, so it leaves the list; its history stays."""
        try:
            with database_refusals():
                update_client(reported.item.client_id, status=ClientStatus.CLOSED)
        except DatabaseWriteError as error:  # locked or read-only: the lead stays as it was
            self.said.emit(f"{reported.item.client} was not closed: {error}")
            return
        self.changed.emit()
        self.said.emit(f"{reported.item.client} marked closed")
