"""Background checks in the app: every tick asks the clock, so a long sleep is caught up once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from freelance_ghost.core.clock import FixedClock
from freelance_ghost.core.history.format import HistoryEvent
from freelance_ghost.core.kinds import Channel, Direction, EventKind
from freelance_ghost.services.reminders import Reminders
from freelance_ghost.store.history import import_history
from freelance_ghost.store.settings import QUIET_HOURS, save
from freelance_ghost.ui.reminder_timer import ReminderTimer
from tests.conftest import BERLIN

SENT = datetime(2026, 3, 2, 8, tzinfo=UTC)  # Monday 09:00 in Berlin


class Recorder:
    """A notifier that remembers what it was asked to show."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def notify(self, title: str, body: str) -> bool:
        self.shown.append((title, body))
        return True


def tick(qtbot: QtBot, timer: ReminderTimer) -> None:
    with qtbot.waitSignal(timer.checked, timeout=10_000):
        timer.tick()


def test_items_due_during_a_nine_hour_sleep_are_notified_once(qtbot: QtBot, db: Path) -> None:
    save([(QUIET_HOURS, None)])  # the gap is what is tested here, not quiet hours
    import_history(
        [
            HistoryEvent(
                EventKind.INTERACTION,
                "Globex",
                SENT,
                direction=Direction.OUT,
                channel=Channel.EMAIL,
                summary="Sent the proposal",
            ),
        ]
    )
    # one attempt, no replies: threshold = max(3 days, 2 x 1 day) = 3 days -> due SENT + 3 days
    clock = FixedClock(SENT + timedelta(days=3) - timedelta(hours=5))
    recorder = Recorder()
    timer = ReminderTimer(Reminders(recorder, BERLIN), clock, interval_ms=60_000)
    tick(qtbot, timer)
    assert recorder.shown == []
    clock.advance(timedelta(hours=9))  # the laptop slept; the first tick after waking
    tick(qtbot, timer)
    assert [title for title, _ in recorder.shown] == ["Globex has gone quiet"]
    clock.advance(timedelta(minutes=1))
    tick(qtbot, timer)
    assert len(recorder.shown) == 1  # once, not every minute


def test_a_failing_notifier_never_stops_the_ticks(qtbot: QtBot, db: Path) -> None:
    class Broken:
        def notify(self, title: str, body: str) -> bool:
            raise RuntimeError("the notification service fell over")

    save([(QUIET_HOURS, None)])
    import_history(
        [
            HistoryEvent(
                EventKind.INTERACTION,
                "Globex",
                SENT,
                direction=Direction.OUT,
                channel=Channel.EMAIL,
            ),
        ]
    )
    clock = FixedClock(SENT + timedelta(days=4))
    timer = ReminderTimer(Reminders(Broken(), BERLIN), clock)
    tick(qtbot, timer)
    assert not timer.busy
    recorder = Recorder()  # a notification service appears: what failed goes out now
    timer.reminders = Reminders(recorder, BERLIN)
    clock.advance(timedelta(minutes=1))
    tick(qtbot, timer)
    assert [title for title, _ in recorder.shown] == ["Globex has gone quiet"]


def test_no_check_runs_while_an_import_holds_the_timer(qtbot: QtBot, db: Path) -> None:
    recorder = Recorder()
    timer = ReminderTimer(Reminders(recorder, BERLIN), FixedClock(SENT), interval_ms=60_000)
    timer.hold(True)
    timer.tick()
    assert not timer.busy  # no check was started
    timer.hold(False)
    tick(qtbot, timer)  # and the next tick after the import checks again
