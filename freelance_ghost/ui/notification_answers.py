"""What a notification's buttons do in the running app: open, snooze a day, log their reply."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from freelance_ghost.core.attention import SilenceItem
from freelance_ghost.core.kinds import Channel, Direction
from freelance_ghost.core.report import ReportedItem
from freelance_ghost.services.notification_buttons import Answer, ButtonNotifier, still_due
from freelance_ghost.services.reminders import (
    Notification,
    Reminders,
    SnoozeChoice,
    item_key,
    snooze_until,
)
from freelance_ghost.store.clients import client_still_named
from freelance_ghost.store.errors import DatabaseWriteError, database_refusals
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.ui.main_window import MainWindow

logger = logging.getLogger(__name__)


class ButtonSignals(QObject):
    """Carries a pressed button from the bus's listening thread to the window's.

    Emitted on the listening thread, they are queued to this object's (the window's) thread,
    so the listener never waits on the window.
    """

    pressed = Signal(int, str)  # notification id, the button's key
    closed = Signal(int)  # notification id


class NotificationAnswers(QObject):
    """Does what a notification's button says, on the window's thread."""

    changed = Signal()  # records were written: the pages recompute
    said = Signal(str)  # a short message for the status bar

    def __init__(
        self,
        signals: ButtonSignals,
        notifier: ButtonNotifier,
        window: MainWindow,
        reminders: Reminders,
        now: Callable[[], datetime],
        zone: tzinfo,
    ) -> None:
        super().__init__()
        self.signals = signals  # kept alive: the listening thread emits through it
        self.notifier = notifier
        self.window = window
        self.reminders = reminders
        self._now = now
        self._zone = zone
        signals.pressed.connect(self._on_notification_pressed)
        signals.closed.connect(notifier.forget)

    def _on_notification_pressed(self, notification_id: int, key: str) -> None:
        notification = self.notifier.about(notification_id)
        if notification is None or key not in tuple(Answer):
            return  # another app's, or from before a restart: nothing known to act on
        # Once pressed, its buttons are spent: a second press (or one queued while a
        # question is open) must not act twice.
        self.notifier.forget(notification_id)
        answer = Answer(key)
        if answer in (Answer.OPEN, Answer.CLICKED):
            self._open(notification)
            return
        gone = self._gone_client(notification)
        if gone is not None:
            self.said.emit(f"{gone} no longer exists")
            return
        due = still_due(notification, self._now(), self._zone)
        if not due:
            self.said.emit(f"Already handled: {notification.title}")
        elif answer is Answer.SNOOZE_DAY:
            self._snooze(due)
        else:
            self._log_reply(due[0])

    def _gone_client(self, notification: Notification) -> str | None:
        """The first client the notification names that was deleted (or whose id now
        belongs to someone else) since it was shown; None when all are still there."""
        for reported in notification.items:
            if not client_still_named(reported.item.client_id, reported.item.client):
                return reported.item.client
        return None

    def _open(self, notification: Notification) -> None:
        """One client's page, or Today for a digest."""
        workspace = self.window.workspace
        assert workspace is not None, "buttons are heard only once the records are in"
        if len(notification.items) == 1:
            item = notification.items[0].item
            if not client_still_named(item.client_id, item.client):
                self.said.emit(f"{item.client} no longer exists")
                return
            workspace.open_client(item.client_id)
        else:
            self.window.actions_by_name["today"].trigger()
        self.window.show_and_raise()

    def _snooze(self, due: list[ReportedItem]) -> None:
        """Every item the notification told about that is still due, quiet until this time
        tomorrow."""
        until = snooze_until(SnoozeChoice.DAY, self._now(), self._zone)
        try:
            with database_refusals():
                for reported in due:
                    self.reminders.snooze(item_key(reported.item), until)
        except DatabaseWriteError as error:  # locked or read-only: nothing was snoozed
            self.said.emit(f"Not snoozed: {error}")
            return
        self.changed.emit()
        self.said.emit(f"Snoozed until {until.astimezone(self._zone):%a %d %b %H:%M}")

    def _log_reply(self, reported: ReportedItem) -> None:
        """After a yes, an inbound message now, on the channel of the attempt it answers."""
        item = reported.item
        if not isinstance(item, SilenceItem):
            return
        confirmed = QMessageBox.question(
            self.window,
            "They replied",
            f"Log that {item.client} replied to you just now?",
        )
        if confirmed != QMessageBox.StandardButton.Yes:
            return
        channel = item.facts.last_attempt_channel or Channel.OTHER
        try:
            with database_refusals():
                log_interaction(item.client_id, Direction.IN, channel, self._now())
        except DatabaseWriteError as error:  # locked or read-only: nothing was logged
            self.said.emit(f"{item.client}'s reply was not logged: {error}")
            return
        self.changed.emit()
        self.said.emit(f"Logged {item.client}'s reply")
