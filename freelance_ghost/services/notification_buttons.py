"""What a notification's buttons are, and which notification a pressed button belongs to."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Protocol

from freelance_ghost.core.attention import SilenceItem
from freelance_ghost.core.report import ReportedItem
from freelance_ghost.services.attention import attention_at
from freelance_ghost.services.notify.base import DEFAULT_ACTION, Button, Notifier
from freelance_ghost.services.reminders import Notification, item_key


class Answer(StrEnum):
    """What the user can do from a notification; the values are the keys the desktop reports."""

    CLICKED = DEFAULT_ACTION  # on the notification itself: like Open
    OPEN = "open"
    SNOOZE_DAY = "snooze-day"
    REPLIED = "replied"


LABELS = {Answer.OPEN: "Open", Answer.SNOOZE_DAY: "Snooze 1 day", Answer.REPLIED: "They replied"}


def answers_for(notification: Notification) -> list[Answer]:
    """Open and Snooze on every notification; They replied only on one about a silence."""
    answers = [Answer.CLICKED, Answer.OPEN, Answer.SNOOZE_DAY]
    items = notification.items
    if len(items) == 1 and isinstance(items[0].item, SilenceItem):
        answers.append(Answer.REPLIED)
    return answers


def buttons_for(notification: Notification) -> list[Button]:
    """The notification's buttons; a click on it is offered as Open too."""
    return [Button(answer, LABELS.get(answer, "Open")) for answer in answers_for(notification)]


def still_due(notification: Notification, now: datetime, zone: tzinfo) -> list[ReportedItem]:
    """The notification's items that still need attention at ``now``, as they are now.

    A button can be pressed long after its notification was shown: the item may have been
    handled since, or its client deleted and the id given to a new client. An item counts
    only when an item with the same key is due now for a client of the same name.
    """
    wanted = {(item_key(reported.item), reported.item.client) for reported in notification.items}
    return [
        reported
        for reported in attention_at(now, zone)
        if (item_key(reported.item), reported.item.client) in wanted
    ]


class ButtonsDesktop(Protocol):
    """The desktop's notification service, told which buttons to show."""

    def notify_with_buttons(self, title: str, body: str, buttons: Sequence[Button]) -> int | None:
        """The id the service gave the notification; None when it was not shown."""
        ...

    def close(self) -> None:
        """Stops listening for its buttons."""
        ...


class ButtonNotifier:
    """Shows notifications with their buttons, and remembers what each shown one was about.

    Where the desktop cannot show buttons, ``plain`` (the fallback chain) shows the
    notification without them. Checks run on a worker thread and buttons are pressed on the
    window's, so what is remembered sits behind a lock.
    """

    def __init__(self, desktop: ButtonsDesktop, plain: Notifier) -> None:
        self.desktop = desktop
        self.plain = plain
        self._lock = threading.Lock()
        self._shown: dict[int, Notification] = {}

    def announce(self, notification: Notification) -> bool:
        """Whether the notification was shown, with its buttons where the desktop can."""
        buttons = buttons_for(notification)
        shown = self.desktop.notify_with_buttons(notification.title, notification.body, buttons)
        if shown is None:
            return self.plain.notify(notification.title, notification.body)
        with self._lock:
            self._shown[shown] = notification
        return True

    def about(self, notification_id: int) -> Notification | None:
        """The notification the desktop knows by ``notification_id``, if this app showed it."""
        with self._lock:
            return self._shown.get(notification_id)

    def close(self) -> None:
        """Stops listening: the app is quitting."""
        self.desktop.close()

    def forget(self, notification_id: int) -> None:
        """The notification was closed: its buttons can no longer be pressed."""
        with self._lock:
            self._shown.pop(notification_id, None)
