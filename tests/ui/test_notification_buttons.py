"""A notification's buttons in the running app, pressed on a real session bus.

The app is the one ``compose`` builds; the desktop is the stand-in notification server on a
private bus, which presses a button as a user would: it sends ActionInvoked to the
connection that sent the notification.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from freelance_ghost.core.clock import FixedClock
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction
from freelance_ghost.services.reminders import SnoozeChoice, snooze_until
from freelance_ghost.store.clients import create_client, delete_client
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.store.models import Client, Interaction
from freelance_ghost.store.reminders import Snooze
from freelance_ghost.ui import app as app_module
from freelance_ghost.ui.main_window import MainWindow
from tests.conftest import BERLIN
from tests.services.dbus_notifications import (
    NotificationServer,
    Shown,
    crashing_notification_service,
    running_notification_server,
)
from tests.services.test_reminders import DUE, quiet_clients

NOW = DUE + timedelta(hours=2)  # Globex's email went unanswered past its threshold
SILENCE_BUTTONS = (
    "default",
    "Open",
    "open",
    "Open",
    "snooze-day",
    "Snooze 1 day",
    "replied",
    "They replied",
)

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="buttons over D-Bus are how Linux desktops do it"
)


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[NotificationServer]:
    """The stand-in notification server; the app finds it through DBUS_SESSION_BUS_ADDRESS."""
    with running_notification_server(tmp_path) as server:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", server.address)
        yield server


def composed(qtbot: QtBot, db: Path) -> Iterator[app_module.App]:
    """The app ``compose`` builds over the records, its window shown; closed afterwards."""
    window = MainWindow(db)
    qtbot.addWidget(window)
    root = app_module.compose(window, FixedClock(NOW), BERLIN)
    root.window.show()
    yield root
    root.close()


@pytest.fixture
def running(qtbot: QtBot, db: Path) -> Iterator[app_module.App]:
    """The app as it starts: ``compose`` over the records, its window shown."""
    yield from composed(qtbot, db)


def notified(root: app_module.App, desktop: NotificationServer, at: datetime = NOW) -> Shown:
    """Runs the app's check at ``at``; the one notification the desktop showed."""
    result = root.reminders.check(at)
    assert len(result.shown) == 1
    root.workspace.refresh()  # as the app does after a check that found something new
    (shown,) = desktop.calls()
    return shown


def globex_notified(root: app_module.App, desktop: NotificationServer) -> Shown:
    """Globex has gone quiet; the one notification the app's check showed about it."""
    quiet_clients("Globex")
    shown = notified(root, desktop)
    assert shown.summary == "Globex has gone quiet"
    return shown


def test_a_silence_offers_open_snooze_and_they_replied(
    desktop: NotificationServer, running: app_module.App
) -> None:
    quiet_clients("Globex")
    assert notified(running, desktop) == Shown(
        "Freelance Ghost", "Globex has gone quiet", desktop.calls()[0].body, SILENCE_BUTTONS
    )


@pytest.mark.parametrize("key", ["open", "default"])
def test_open_and_a_click_show_the_clients_page(
    key: str, qtbot: QtBot, desktop: NotificationServer, running: app_module.App
) -> None:
    shown = globex_notified(running, desktop)
    running.window.hide()
    workspace = running.workspace
    desktop.press(shown.id, key)
    globex = Client.get(Client.name == "Globex").id
    qtbot.waitUntil(lambda: workspace.pages.currentWidget() is workspace.client_page)
    assert workspace.client_page.client_id == globex
    assert running.window.isVisible()


def test_open_on_a_digest_shows_today(
    qtbot: QtBot, desktop: NotificationServer, running: app_module.App
) -> None:
    quiet_clients("Globex", "Initech", "Acme", "Hooli")
    shown = notified(running, desktop, at=NOW + timedelta(hours=2))  # all four gone quiet
    assert shown.summary.endswith("and 3 more things need you")
    assert "replied" not in shown.actions  # whose reply? A digest has no single client
    workspace = running.workspace
    workspace.show_clients()
    desktop.press(shown.id, "open")
    qtbot.waitUntil(lambda: workspace.pages.currentWidget() is workspace.today)


def test_snooze_keeps_the_item_quiet_for_a_day(
    qtbot: QtBot, desktop: NotificationServer, running: app_module.App
) -> None:
    shown = globex_notified(running, desktop)
    assert running.answers is not None
    with qtbot.waitSignal(running.answers.changed):
        desktop.press(shown.id, "snooze-day")
    snooze = Snooze.get()
    assert snooze.until == snooze_until(SnoozeChoice.DAY, NOW, BERLIN)
    assert not running.workspace.items  # Today recomputed: the item waits for its snooze


def test_they_replied_logs_an_inbound_message_once_confirmed(
    qtbot: QtBot, desktop: NotificationServer, running: app_module.App, answers: list[str]
) -> None:
    shown = globex_notified(running, desktop)
    assert running.answers is not None
    with qtbot.waitSignal(running.answers.changed):
        desktop.press(shown.id, "replied")
    assert answers == ["Log that Globex replied to you just now?"]
    (reply,) = Interaction.select().where(Interaction.direction == Direction.IN)
    assert reply.client.name == "Globex"
    assert reply.occurred_at == NOW
    assert running.workspace.items == []  # they answered: no longer quiet


def test_they_replied_declined_logs_nothing(
    qtbot: QtBot,
    desktop: NotificationServer,
    running: app_module.App,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def decline(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", decline)
    shown = globex_notified(running, desktop)
    desktop.press(shown.id, "replied")
    qtbot.waitUntil(lambda: asked != [])
    assert asked == ["Log that Globex replied to you just now?"]
    assert Interaction.select().where(Interaction.direction == Direction.IN).count() == 0


def replace_globex_with_hooli() -> int:
    """Deletes Globex, the newest client, and adds Hooli, who is given Globex's id."""
    globex = Client.get(Client.name == "Globex").id
    delete_client(globex)
    hooli = create_client("Hooli", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW).id
    assert hooli == globex  # SQLite reuses the largest id once its row is gone
    return hooli


def test_they_replied_for_a_deleted_client_logs_nothing_on_the_one_with_its_id(
    qtbot: QtBot, desktop: NotificationServer, running: app_module.App, answers: list[str]
) -> None:
    shown = globex_notified(running, desktop)
    replace_globex_with_hooli()
    assert running.answers is not None
    with qtbot.waitSignal(running.answers.said) as said:
        desktop.press(shown.id, "replied")
    assert said.args == ["Globex no longer exists"]
    assert answers == []
    assert Interaction.select().count() == 0


@pytest.mark.parametrize("key", ["open", "snooze-day"])
def test_a_button_for_a_deleted_client_says_so_and_does_nothing(
    key: str, qtbot: QtBot, desktop: NotificationServer, running: app_module.App
) -> None:
    shown = globex_notified(running, desktop)
    delete_client(Client.get(Client.name == "Globex").id)
    workspace = running.workspace
    workspace.show_clients()
    assert running.answers is not None
    with qtbot.waitSignal(running.answers.said) as said:
        desktop.press(shown.id, key)
    assert said.args == ["Globex no longer exists"]
    assert workspace.pages.currentWidget() is not workspace.client_page
    assert Snooze.select().count() == 0


def test_open_for_a_deleted_client_does_not_open_the_one_with_its_id(
    qtbot: QtBot, desktop: NotificationServer, running: app_module.App
) -> None:
    shown = globex_notified(running, desktop)
    replace_globex_with_hooli()
    workspace = running.workspace
    workspace.show_clients()
    assert running.answers is not None
    with qtbot.waitSignal(running.answers.said) as said:
        desktop.press(shown.id, "open")
    assert said.args == ["Globex no longer exists"]
    assert workspace.pages.currentWidget() is not workspace.client_page


def test_they_replied_pressed_twice_logs_one_reply(
    qtbot: QtBot, desktop: NotificationServer, running: app_module.App, answers: list[str]
) -> None:
    shown = globex_notified(running, desktop)
    assert running.answers is not None
    with qtbot.waitSignal(running.answers.changed):
        desktop.press(shown.id, "replied")
    assert running.answers.notifier.about(shown.id) is None  # acted on: its buttons are spent
    # The answers hear a press before this wait does: once it fires, the press was handled.
    with qtbot.waitSignal(running.answers.signals.pressed):
        desktop.press(shown.id, "replied")
    assert answers == ["Log that Globex replied to you just now?"]
    assert Interaction.select().where(Interaction.direction == Direction.IN).count() == 1


def test_snooze_after_the_item_was_handled_says_so(
    qtbot: QtBot, desktop: NotificationServer, running: app_module.App
) -> None:
    shown = globex_notified(running, desktop)
    globex = Client.get(Client.name == "Globex").id
    log_interaction(globex, Direction.IN, Channel.EMAIL, NOW)  # they replied, logged by hand
    assert running.answers is not None
    with qtbot.waitSignal(running.answers.said) as said:
        desktop.press(shown.id, "snooze-day")
    assert said.args == ["Already handled: Globex has gone quiet"]
    assert Snooze.select().count() == 0


def test_a_closed_notification_is_forgotten(
    qtbot: QtBot, desktop: NotificationServer, running: app_module.App
) -> None:
    shown = globex_notified(running, desktop)
    assert running.answers is not None
    buttons = running.answers.notifier
    assert buttons.about(shown.id) is not None
    desktop.dismiss(shown.id)
    qtbot.waitUntil(lambda: buttons.about(shown.id) is None)


def assert_a_failing_service_leaves_globex_to_a_later_check(
    monkeypatch: pytest.MonkeyPatch, root: app_module.App
) -> None:
    """With a notification service that errors and no notify-send, Globex's silence is not
    shown, and a later check still counts it as new."""
    quiet_clients("Globex")
    with crashing_notification_service() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        monkeypatch.setenv("PATH", "")  # and no notify-send to fall back on
        first = root.reminders.check(NOW)
        later = root.reminders.check(NOW + timedelta(minutes=1))
    assert first.no_service
    assert [n.title for n in first.not_shown] == ["Globex has gone quiet"]
    assert [n.title for n in later.not_shown] == ["Globex has gone quiet"]  # still new


def test_a_service_that_errors_leaves_the_item_to_a_later_check(
    monkeypatch: pytest.MonkeyPatch, running: app_module.App
) -> None:
    assert_a_failing_service_leaves_globex_to_a_later_check(monkeypatch, running)


@pytest.fixture
def running_native(
    qtbot: QtBot, db: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[app_module.App]:
    """The app as it starts on Windows and macOS: its buttons through desktop-notifier.

    Here desktop-notifier speaks D-Bus to the stand-in server, as it does on Linux; its
    Windows and macOS backends are not run by these tests.
    """
    from freelance_ghost.services.notify import chain

    choose = chain.buttons_desktop
    monkeypatch.setattr(
        chain, "buttons_desktop", lambda pressed, closed: choose(pressed, closed, "darwin")
    )
    yield from composed(qtbot, db)


def test_desktop_notifiers_buttons_reach_the_same_answers(
    qtbot: QtBot, desktop: NotificationServer, running_native: app_module.App
) -> None:
    shown = globex_notified(running_native, desktop)
    assert shown.actions[2:] == SILENCE_BUTTONS[2:]  # desktop-notifier labels the click ""
    assert running_native.answers is not None
    with qtbot.waitSignal(running_native.answers.changed):
        desktop.press(shown.id, "snooze-day")
    assert Snooze.get().until == snooze_until(SnoozeChoice.DAY, NOW, BERLIN)


def test_a_click_on_desktop_notifiers_notification_opens_the_client(
    qtbot: QtBot, desktop: NotificationServer, running_native: app_module.App
) -> None:
    shown = globex_notified(running_native, desktop)
    workspace = running_native.workspace
    workspace.show_clients()
    desktop.press(shown.id, "default")
    qtbot.waitUntil(lambda: workspace.pages.currentWidget() is workspace.client_page)
    assert workspace.client_page.client_id == Client.get(Client.name == "Globex").id


def test_desktop_notifier_erring_leaves_the_item_to_a_later_check(
    monkeypatch: pytest.MonkeyPatch, running_native: app_module.App
) -> None:
    assert_a_failing_service_leaves_globex_to_a_later_check(monkeypatch, running_native)
