"""What is new since the last check, said once: no repeats, snoozes, quiet hours, pause, digests."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Protocol

from freelance_ghost.core.attention import (
    AttentionItem,
    CheckinItem,
    DeadlineItem,
    InvoiceItem,
    Level,
    NextStepItem,
    SilenceItem,
    WindowShopperItem,
)
from freelance_ghost.core.clock import add_local_days, to_micros
from freelance_ghost.core.report import ReportedItem
from freelance_ghost.services.attention import attention_at
from freelance_ghost.services.notify.base import Notifier
from freelance_ghost.store.models import database
from freelance_ghost.store.reminders import (
    Notified,
    RecordEntry,
    active_snoozes,
    drop_expired_snoozes,
    forget_notified,
    note_check_shown,
    note_check_unshown,
    notified_record,
    record_notified,
    restore_record,
    set_snooze,
)
from freelance_ghost.store.settings import (
    PAUSED,
    QUIET_HOURS,
    QuietHours,
    ReminderSettings,
    load_reminder_settings,
    save,
)

logger = logging.getLogger(__name__)
DIGEST_AFTER = 3  # more new items than this at once become one digest notification
MORNING = time(8, 0)
ItemsAt = Callable[[datetime, tzinfo], list[ReportedItem]]


class SnoozeChoice(StrEnum):
    """The snoozes offered for an item."""

    HOUR = "hour"
    TOMORROW_MORNING = "tomorrow_morning"
    DAY = "day"
    THREE_DAYS = "three_days"
    WEEK = "week"


def snooze_until(choice: SnoozeChoice, now: datetime, zone: tzinfo) -> datetime:
    """When a snooze chosen at ``now`` ends; days keep the local wall-clock time across DST."""
    if choice is SnoozeChoice.HOUR:
        return now + timedelta(hours=1)
    if choice is SnoozeChoice.TOMORROW_MORNING:
        tomorrow = now.astimezone(zone).date() + timedelta(days=1)
        return datetime.combine(tomorrow, MORNING, tzinfo=zone)
    days = {SnoozeChoice.DAY: 1, SnoozeChoice.THREE_DAYS: 3, SnoozeChoice.WEEK: 7}[choice]
    return add_local_days(now, days, zone)


@dataclass(frozen=True)
class ItemKey:
    """Which item this is, stable from check to check: the client and what about them."""

    client_id: int
    topic: str

    def __str__(self) -> str:
        return f"{self.client_id}:{self.topic}"


def item_key(item: AttentionItem) -> ItemKey:
    """One conversation item per client; next steps by due date and text; invoices by number."""
    if isinstance(item, NextStepItem):
        return ItemKey(item.client_id, f"{item.kind}:{item.due.isoformat()}:{item.next_step}")
    if isinstance(item, InvoiceItem):
        return ItemKey(item.client_id, f"{item.kind}:{item.invoice}")
    if isinstance(item, DeadlineItem):
        return ItemKey(item.client_id, f"{item.kind}:{item.project}")
    return ItemKey(item.client_id, str(item.kind))


def fingerprint(item: AttentionItem) -> str:
    """What makes an item worth a new notification when it changes.

    A silence changes with each attempt (and a new silence starts a new run of attempts), a
    check-in with each new due moment, an invoice with each later reminder stage.
    """
    if isinstance(item, SilenceItem):
        return f"{to_micros(item.first_attempt)}/{item.attempts}"
    if isinstance(item, CheckinItem):
        return str(to_micros(item.due))
    if isinstance(item, InvoiceItem):
        return str(item.stage)
    if isinstance(item, DeadlineItem):
        # Once when it comes near, once more on the day it slips.
        return f"{item.due.isoformat()}/{'late' if item.days_left < 0 else 'near'}"
    if isinstance(item, WindowShopperItem):
        return str(item.benchmark)
    return item.due.isoformat()


def title(item: AttentionItem) -> str:
    """Who and what, in a few words: 'Globex has gone quiet'."""
    if isinstance(item, SilenceItem):
        if item.level is Level.GHOSTED:
            return f"{item.client} seems to have ghosted you"
        if item.attempts > 1:
            return f"{item.client} is still quiet after {item.attempts} tries"
        return f"{item.client} has gone quiet"
    if isinstance(item, CheckinItem):
        return f"Time to check in with {item.client}"
    if isinstance(item, NextStepItem):
        return f"A next step with {item.client} is due"
    if isinstance(item, DeadlineItem):
        return f"Your deadline for {item.project} is {'past' if item.days_left < 0 else 'near'}"
    if isinstance(item, WindowShopperItem):
        return f"{item.client} has not committed yet"
    days = "1 day" if item.days_overdue == 1 else f"{item.days_overdue} days"
    return f"Invoice {item.invoice} is {days} overdue"


@dataclass(frozen=True)
class Notification:
    """One notification and the items it tells the user about."""

    title: str
    body: str
    items: tuple[ReportedItem, ...]


def compose(new: Sequence[ReportedItem]) -> list[Notification]:
    """One notification per new item, or past three one digest naming the most urgent."""
    if len(new) <= DIGEST_AFTER:
        return [
            Notification(title(reported.item), reported.sentence, (reported,)) for reported in new
        ]
    first = new[0]
    return [
        Notification(
            f"{title(first.item)}, and {len(new) - 1} more things need you",
            f"{first.sentence} Open Freelance Ghost to see all {len(new)}.",
            tuple(new),
        )
    ]


class Announcer(Protocol):
    """Shows a notification knowing what it is about (the window's, with buttons)."""

    def announce(self, notification: Notification) -> bool:
        """Whether the user was shown it."""
        ...


class Hold(StrEnum):
    """Why new items were kept back."""

    QUIET_HOURS = "quiet_hours"
    PAUSED = "paused"


def in_quiet_hours(hours: QuietHours | None, now: datetime, zone: tzinfo) -> bool:
    """Whether ``now`` falls inside the quiet hours, by the local wall clock."""
    if hours is None:
        return False
    local = now.astimezone(zone).time()
    if hours.start < hours.end:
        return hours.start <= local < hours.end
    return local >= hours.start or local < hours.end


def quiet_hours_end(hours: QuietHours, now: datetime, zone: tzinfo) -> datetime:
    """The next moment the quiet hours end after ``now``."""
    local = now.astimezone(zone)
    day = local.date() if local.time() < hours.end else local.date() + timedelta(days=1)
    return datetime.combine(day, hours.end, tzinfo=zone)


@dataclass(frozen=True)
class Due:
    """What a check found: the new items, and whether they are held back and until when."""

    new: tuple[ReportedItem, ...]
    snoozed: int = 0
    hold: Hold | None = None
    held_until: datetime | None = None


def new_items(
    items: Sequence[ReportedItem],
    record: Mapping[str, RecordEntry],
    snoozes: Mapping[str, datetime],
) -> tuple[list[ReportedItem], int]:
    """Items not yet notified in their current state and not snoozed; and how many are snoozed."""
    new: list[ReportedItem] = []
    snoozed = 0
    for reported in items:
        key = str(item_key(reported.item))
        if key in snoozes:
            snoozed += 1
        elif key not in record or record[key].fingerprint != fingerprint(reported.item):
            new.append(reported)
    return new, snoozed


def due_notifications(
    items: Sequence[ReportedItem],
    now: datetime,
    zone: tzinfo,
    record: Mapping[str, RecordEntry],
    snoozes: Mapping[str, datetime],
    settings: ReminderSettings,
) -> Due:
    """What is new since the last check, held back while paused or in quiet hours."""
    new, snoozed = new_items(items, record, snoozes)
    if new and settings.paused:
        return Due(tuple(new), snoozed, Hold.PAUSED)
    if new and settings.quiet_hours is not None and in_quiet_hours(settings.quiet_hours, now, zone):
        until = quiet_hours_end(settings.quiet_hours, now, zone)
        return Due(tuple(new), snoozed, Hold.QUIET_HOURS, until)
    return Due(tuple(new), snoozed)


@dataclass(frozen=True)
class CheckResult:
    """What one check did: the new items, what it held back, and what the user was shown."""

    at: datetime
    due: Due
    shown: tuple[Notification, ...] = ()
    not_shown: tuple[Notification, ...] = ()

    @property
    def no_service(self) -> bool:
        """Nothing could be shown at all: no notification service answered."""
        return bool(self.not_shown) and not self.shown


class Reminders:
    """Checks what needs attention and notifies what is new, once, through ``notifier``.

    The record is written before notifying (so a check running beside this one does not
    notify the same items) and put back for what could not be shown, so those go out at a
    later check, when a notification service answers. With an ``announcer`` (the window,
    which stays to hear buttons pressed) notifications go to it instead of ``notifier``.
    """

    def __init__(
        self,
        notifier: Notifier,
        zone: tzinfo,
        items_at: ItemsAt = attention_at,
        announcer: Announcer | None = None,
    ) -> None:
        self.notifier = notifier
        self.zone = zone
        self.items_at = items_at
        self.announcer = announcer

    def check(self, now: datetime) -> CheckResult:
        """Notifies what became new since the last check, as of ``now``."""
        items = self.items_at(now, self.zone)
        due, previous = self._claim(items, now)
        if due.hold is not None or not due.new:
            return CheckResult(now, due)
        shown: list[Notification] = []
        not_shown: list[Notification] = []
        for notification in compose(due.new):
            delivered = self._deliver(notification)
            (shown if delivered else not_shown).append(notification)
        if not_shown:
            keys = [str(item_key(r.item)) for n in not_shown for r in n.items]
            restore_record(keys, previous)
        return CheckResult(now, due, tuple(shown), tuple(not_shown))

    def _claim(
        self, items: Sequence[ReportedItem], now: datetime
    ) -> tuple[Due, dict[str, RecordEntry]]:
        """In one write transaction: tidy the record, find what is due, and mark it notified."""
        current = {str(item_key(r.item)) for r in items}
        with database.atomic():
            drop_expired_snoozes(now)
            record = notified_record()
            forget_notified(key for key in record if key not in current)
            due = due_notifications(
                items, now, self.zone, record, active_snoozes(now), load_reminder_settings()
            )
            if due.hold is None:
                record_notified((_notified(r) for r in due.new), now)
        return due, record

    def _deliver(self, notification: Notification) -> bool:
        """Whether it was shown; a notifier that raises counts as one that could not show it."""
        try:
            if self.announcer is not None:
                return self.announcer.announce(notification)
            return self.notifier.notify(notification.title, notification.body)
        except Exception:  # the item stays due and goes out at a later check
            logger.warning("the notification could not be shown", exc_info=True)
            return False

    def first_to_find_no_service(self, result: CheckResult) -> bool:
        """Whether ``result`` could show nothing while the check before it could (or was first).

        ``check`` runs every few minutes from cron: it says where to look the first time,
        not at every run. The window does not ask: its checks may have the tray to show them.
        """
        if result.shown:
            note_check_shown()
            return False
        return result.no_service and note_check_unshown(result.at)

    def snooze(self, key: ItemKey, until: datetime) -> None:
        """Keeps the item quiet until ``until``, then notifies it again."""
        set_snooze(str(key), key.client_id, until)

    def snooze_all(self, items: Sequence[ReportedItem], until: datetime) -> None:
        """Keeps every one of ``items`` quiet until ``until`` (the tray's "snooze all")."""
        for reported in items:
            self.snooze(item_key(reported.item), until)

    @property
    def paused(self) -> bool:
        """Whether notifications are paused."""
        return load_reminder_settings().paused

    def pause(self, paused: bool) -> None:
        """Pauses (or resumes) all notifications; what comes due meanwhile waits for the resume."""
        save([(PAUSED, paused)])

    @property
    def quiet_hours(self) -> QuietHours | None:
        """The quiet hours (None: none)."""
        return load_reminder_settings().quiet_hours

    def set_quiet_hours(self, hours: QuietHours | None) -> None:
        """Changes the quiet hours; None turns them off."""
        save([(QUIET_HOURS, hours)])


def _notified(reported: ReportedItem) -> Notified:
    item = reported.item
    return Notified(str(item_key(item)), item.client_id, fingerprint(item))
