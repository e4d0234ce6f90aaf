"""Reminders through a real session D-Bus: once per change, digests, snoozes, quiet hours, pause."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from freelance_ghost.core.attention import SilenceItem
from freelance_ghost.core.clock import FixedClock
from freelance_ghost.core.history.format import HistoryEvent
from freelance_ghost.core.kinds import Channel, Direction, EventKind
from freelance_ghost.services.attention import attention_at
from freelance_ghost.services.notify.chain import choose_notifier
from freelance_ghost.services.reminders import (
    Hold,
    Reminders,
    SnoozeChoice,
    item_key,
    snooze_until,
)
from freelance_ghost.store.clients import delete_client
from freelance_ghost.store.history import import_history
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.store.models import Client
from freelance_ghost.store.reminders import NotifiedItem, Snooze
from freelance_ghost.store.settings import QuietHours
from tests.conftest import BERLIN
from tests.services.dbus_notifications import NotificationServer

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # Monday 10:00 in Berlin
DUE = T0 + timedelta(days=3)  # a first unanswered email goes quiet after 3 days (docs/rules.md §1)


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    """A Berlin wall-clock moment, as UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN).astimezone(UTC)


def wrote(client: str, at: datetime) -> HistoryEvent:
    """We emailed the client and heard nothing back."""
    return HistoryEvent(
        EventKind.INTERACTION, client, at, direction=Direction.OUT, channel=Channel.EMAIL
    )


def invoiced(client: str, number: str, at: datetime, due: date) -> HistoryEvent:
    return HistoryEvent(
        EventKind.INVOICE,
        client,
        at,
        invoice=number,
        amount=Decimal("900.00"),
        currency="EUR",
        due_date=due,
    )


def quiet_clients(*names: str, first: datetime = T0) -> None:
    """Each client got one email, an hour apart, and never answered."""
    import_history([wrote(name, first + timedelta(hours=n)) for n, name in enumerate(names)])


def reminders() -> Reminders:
    """The service as the command line builds it: plyer first, then the log line."""
    return Reminders(choose_notifier(), BERLIN)


def client_id(name: str) -> int:
    return Client.get(Client.name == name).id


def test_one_notification_per_new_item(db: Path, notifications: NotificationServer) -> None:
    quiet_clients("Globex", "Initech")
    import_history([invoiced("Acme", "2026-001", T0, date(2026, 2, 24))])
    now = DUE + timedelta(hours=2)
    expected = attention_at(now, BERLIN)

    result = reminders().check(now)

    calls = notifications.calls()
    assert [call.summary for call in calls] == [
        "Invoice 2026-001 is 9 days overdue",
        "Globex has gone quiet",
        "Initech has gone quiet",
    ]
    assert [call.body for call in calls] == [reported.sentence for reported in expected]
    assert {call.app_name for call in calls} == {"Freelance Ghost"}
    assert len(result.shown) == 3
    assert not result.not_shown


def test_three_new_items_are_still_notified_one_by_one(
    db: Path, notifications: NotificationServer
) -> None:
    quiet_clients("Globex", "Initech", "Umbrella")
    reminders().check(DUE + timedelta(hours=3))
    assert len(notifications.calls()) == 3


def test_more_than_three_new_items_make_one_digest_naming_the_most_urgent(
    db: Path, notifications: NotificationServer
) -> None:
    quiet_clients("Globex", "Initech", "Umbrella", "Hooli", "Vandelay")
    now = DUE + timedelta(hours=5)
    most_urgent = attention_at(now, BERLIN)[0]

    result = reminders().check(now)

    [digest] = notifications.calls()
    assert digest.summary == "Globex has gone quiet, and 4 more things need you"
    assert digest.body == f"{most_urgent.sentence} Open Freelance Ghost to see all 5."
    assert len(result.due.new) == 5
    assert NotifiedItem.select().count() == 5  # the digest counts as telling about all five


def test_nothing_is_repeated_on_later_checks(db: Path, notifications: NotificationServer) -> None:
    quiet_clients("Globex", "Initech")
    service = reminders()
    service.check(DUE + timedelta(hours=2))
    for hours in (2, 3, 26, 50):
        result = service.check(DUE + timedelta(hours=hours, minutes=1))
        assert not result.due.new
    assert len(notifications.calls()) == 2


def test_quiet_hours_hold_everything_until_they_end(
    db: Path, notifications: NotificationServer
) -> None:
    quiet_clients("Globex", "Initech")
    thursday = DUE.astimezone(BERLIN).date()
    service = reminders()

    evening = service.check(berlin(thursday, 21))
    before_eight = service.check(berlin(thursday + timedelta(days=1), 7, 59))
    assert notifications.calls() == []
    assert evening.due.hold is Hold.QUIET_HOURS
    assert evening.due.held_until == berlin(thursday + timedelta(days=1), 8)
    assert before_eight.due.hold is Hold.QUIET_HOURS

    service.check(berlin(thursday + timedelta(days=1), 8))
    service.check(berlin(thursday + timedelta(days=1), 8, 1))
    assert notifications.summaries() == ["Globex has gone quiet", "Initech has gone quiet"]


def test_quiet_hours_are_a_setting_that_can_be_moved_or_turned_off(
    db: Path, notifications: NotificationServer
) -> None:
    quiet_clients("Globex")
    thursday = DUE.astimezone(BERLIN).date()
    service = reminders()
    assert service.quiet_hours == QuietHours(time(20), time(8))

    service.set_quiet_hours(QuietHours(time(12), time(14)))
    assert reminders().quiet_hours == QuietHours(time(12), time(14))  # stored, not remembered
    assert service.check(berlin(thursday, 13)).due.hold is Hold.QUIET_HOURS

    service.set_quiet_hours(None)
    assert service.check(berlin(thursday, 23)).due.hold is None
    assert notifications.summaries() == ["Globex has gone quiet"]


def test_a_changed_item_is_notified_again(db: Path, notifications: NotificationServer) -> None:
    quiet_clients("Globex")
    service = reminders()
    service.check(DUE + timedelta(hours=1))
    log_interaction(client_id("Globex"), Direction.OUT, Channel.PHONE, DUE + timedelta(hours=2))
    for days in (1, 2):  # the second attempt is not quiet long enough yet
        assert not service.check(DUE + timedelta(days=days, hours=2)).due.new
    service.check(DUE + timedelta(days=3, hours=2))
    service.check(DUE + timedelta(days=3, hours=3))
    assert notifications.summaries() == [
        "Globex has gone quiet",
        "Globex is still quiet after 2 tries",
    ]


def test_a_later_invoice_stage_is_notified_again(
    db: Path, notifications: NotificationServer
) -> None:
    import_history([invoiced("Acme", "2026-001", T0 - timedelta(days=30), date(2026, 3, 1))])
    service = reminders()
    for day in range(8):  # one check a day at 10:00: day 1 is a reminder, day 7 a second
        service.check(T0 + timedelta(days=day))
    assert notifications.summaries() == [
        "Invoice 2026-001 is 1 day overdue",
        "Invoice 2026-001 is 7 days overdue",
    ]


def test_a_snoozed_item_waits_for_its_snooze_to_end(
    db: Path, notifications: NotificationServer
) -> None:
    quiet_clients("Globex", "Initech")
    service = reminders()
    now = DUE + timedelta(hours=2)
    service.check(now)
    globex = next(r.item for r in attention_at(now, BERLIN) if r.item.client == "Globex")
    service.snooze(item_key(globex), snooze_until(SnoozeChoice.HOUR, now, BERLIN))

    during = service.check(now + timedelta(minutes=59))
    assert during.due.snoozed == 1
    assert not during.due.new
    service.check(now + timedelta(hours=1))
    service.check(now + timedelta(hours=2))
    assert notifications.summaries() == [
        "Globex has gone quiet",
        "Initech has gone quiet",
        "Globex has gone quiet",  # again when the snooze ended, though nothing changed
    ]
    assert Snooze.select().count() == 0  # the ended snooze is tidied away


def test_a_snooze_set_before_the_first_notification_holds_it_too(
    db: Path, notifications: NotificationServer
) -> None:
    quiet_clients("Globex")
    service = reminders()
    morning = DUE + timedelta(hours=1)
    [globex] = attention_at(morning, BERLIN)
    service.snooze(item_key(globex.item), snooze_until(SnoozeChoice.THREE_DAYS, morning, BERLIN))
    for days in (0, 1, 2):
        service.check(morning + timedelta(days=days, minutes=1))
    assert notifications.calls() == []
    service.check(morning + timedelta(days=3))
    assert notifications.summaries() == ["Globex has gone quiet"]


def test_paused_notifications_wait_for_the_resume(
    db: Path, notifications: NotificationServer
) -> None:
    quiet_clients("Globex")
    service = reminders()
    service.pause(True)
    assert reminders().paused
    held = service.check(DUE + timedelta(hours=1))
    assert held.due.hold is Hold.PAUSED
    assert len(held.due.new) == 1
    assert notifications.calls() == []

    service.pause(False)
    service.check(DUE + timedelta(hours=2))
    assert notifications.summaries() == ["Globex has gone quiet"]


def test_items_due_while_asleep_are_notified_once_on_waking(
    db: Path, notifications: NotificationServer
) -> None:
    quiet_clients("Globex", "Initech", first=T0)  # due Thursday 10:00 and 11:00
    clock = FixedClock(berlin(DUE.astimezone(BERLIN).date(), 9))
    service = reminders()
    assert not service.check(clock.now()).due.new

    clock.advance(timedelta(hours=9))  # the laptop slept until 18:00
    woke = service.check(clock.now())
    clock.advance(timedelta(minutes=1))
    service.check(clock.now())
    clock.advance(timedelta(hours=-3))  # the clock is set back
    service.check(clock.now())

    assert len(woke.shown) == 2
    assert notifications.summaries() == ["Globex has gone quiet", "Initech has gone quiet"]


def test_with_no_notification_service_nothing_is_marked_as_notified(
    db: Path, notifications: NotificationServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    quiet_clients("Globex", "Initech")
    service = reminders()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    missed = service.check(DUE + timedelta(hours=2))
    assert missed.no_service
    assert len(missed.not_shown) == 2
    assert NotifiedItem.select().count() == 0

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", notifications.address)
    service.check(DUE + timedelta(hours=3))
    assert notifications.summaries() == ["Globex has gone quiet", "Initech has gone quiet"]


@dataclass
class FlakyNotifier:
    """Shows every notification except those whose title it is told to drop."""

    drop: set[str]
    shown: list[str] = field(default_factory=list)

    def notify(self, title: str, body: str) -> bool:
        if title in self.drop:
            return False
        self.shown.append(title)
        return True


def test_only_what_could_not_be_shown_is_tried_again(db: Path) -> None:
    quiet_clients("Globex", "Initech")
    notifier = FlakyNotifier(drop={"Globex has gone quiet"})
    service = Reminders(notifier, BERLIN)
    first = service.check(DUE + timedelta(hours=2))
    assert not first.no_service
    assert [n.title for n in first.not_shown] == ["Globex has gone quiet"]

    notifier.drop.clear()
    service.check(DUE + timedelta(hours=3))
    assert notifier.shown == ["Initech has gone quiet", "Globex has gone quiet"]


def test_a_new_silence_after_a_reply_is_a_new_item(db: Path) -> None:
    quiet_clients("Globex")
    notifier = FlakyNotifier(drop=set())
    service = Reminders(notifier, BERLIN)
    service.check(DUE + timedelta(hours=1))
    globex = client_id("Globex")
    log_interaction(globex, Direction.IN, Channel.EMAIL, DUE + timedelta(hours=2))
    log_interaction(globex, Direction.OUT, Channel.EMAIL, DUE + timedelta(hours=3))
    service.check(DUE + timedelta(days=1))  # answered: nothing due, and the record forgets it
    assert NotifiedItem.select().count() == 0
    service.check(DUE + timedelta(days=3, hours=4))  # one attempt again, a new silence
    assert notifier.shown == ["Globex has gone quiet", "Globex has gone quiet"]


def test_deleting_a_client_deletes_its_record_and_snoozes(db: Path) -> None:
    quiet_clients("Globex")
    service = Reminders(FlakyNotifier(drop=set()), BERLIN)
    now = DUE + timedelta(hours=1)
    service.check(now)
    [globex] = attention_at(now, BERLIN)
    assert isinstance(globex.item, SilenceItem)
    service.snooze(item_key(globex.item), now + timedelta(days=7))  # drops it from the record
    assert (NotifiedItem.select().count(), Snooze.select().count()) == (0, 1)
    delete_client(client_id("Globex"))
    assert (NotifiedItem.select().count(), Snooze.select().count()) == (0, 0)


def test_snooze_choices_end_at_the_local_times_people_expect() -> None:
    now = datetime(2026, 3, 27, 22, 30, tzinfo=UTC)  # Friday 23:30 in Berlin, DST on Sunday
    assert snooze_until(SnoozeChoice.HOUR, now, BERLIN) == now + timedelta(hours=1)
    assert snooze_until(SnoozeChoice.TOMORROW_MORNING, now, BERLIN) == berlin(date(2026, 3, 28), 8)
    day = snooze_until(SnoozeChoice.DAY, now, BERLIN).astimezone(BERLIN)
    assert (day.date(), day.time()) == (date(2026, 3, 28), time(23, 30))
    three_days = snooze_until(SnoozeChoice.THREE_DAYS, now, BERLIN).astimezone(BERLIN)
    assert (three_days.date(), three_days.time()) == (date(2026, 3, 30), time(23, 30))
    week = snooze_until(SnoozeChoice.WEEK, now, BERLIN).astimezone(BERLIN)
    assert (week.date(), week.time()) == (date(2026, 4, 3), time(23, 30))


def test_quiet_hours_must_start_and_end_apart() -> None:
    with pytest.raises(ValueError, match="different times"):
        QuietHours(time(8), time(8))
    assert QuietHours.parse(str(QuietHours(time(22, 30), time(7)))) == QuietHours(
        time(22, 30), time(7)
    )
