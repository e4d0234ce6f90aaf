"""The window's mail: accounts, Sync now against a real server, marks, people from mail."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus
from freelance_ghost.core.mail.message import read_message
from freelance_ghost.services.mail.sync import sync_lock_path
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact, add_method
from freelance_ghost.store.file_lock import holding_if_free
from freelance_ghost.store.mail import record_mail, strangers
from freelance_ghost.store.mail_accounts import add_account, checked_account, list_accounts
from freelance_ghost.store.models import Client
from freelance_ghost.ui.dialogs import mail_accounts
from freelance_ghost.ui.dialogs.mail_accounts import AddMailAccountDialog, MailAccountsDialog
from freelance_ghost.ui.dialogs.strangers import StrangersDialog
from freelance_ghost.ui.item_models import HistoryColumn
from freelance_ghost.ui.mail_sync import MailSync, PasswordBook, SyncOutcome
from freelance_ghost.ui.main_window import MainWindow
from freelance_ghost.ui.timeline.layout import Lane
from freelance_ghost.ui.timeline.style import BADGE_RADIUS
from freelance_ghost.ui.timeline.view import TimelineWidget
from tests.conftest import BERLIN, NOW
from tests.services.mail.fixtures import mail_server, no_keyring
from tests.services.mail.mail_servers import PASSWORD, USER, MailServer, mail
from tests.ui.conftest import DialogDriver, click_save, screenshot

__all__ = ["mail_server", "no_keyring"]  # the mail tests' fixtures: a Dovecot, no keyring
HANK = "hank@globex.example"
T0 = datetime(2026, 11, 10, 9, tzinfo=UTC)


@pytest.fixture
def globex(db: Path) -> int:
    """A client whose contact Hank writes from HANK."""
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)
    hank = add_contact(client.id, "Hank", "", T0)
    add_method(hank.id, Channel.EMAIL, HANK, T0)
    return client.id


def add_work_account() -> None:
    add_account(checked_account("Work", host="h", port=None, security="ssl", username=USER), NOW)


def mail_sync(window: MainWindow) -> MailSync:
    assert window.workspace is not None
    assert window.workspace.mail is not None
    return window.workspace.mail


def fill_account(dialog: AddMailAccountDialog, server: MailServer, password: str) -> None:
    dialog.name.setText("Work")
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(server.imaps_port)
    dialog.user.setText(USER)
    dialog.password.setText(password)
    dialog.cafile.setText(str(server.cafile))


def raw(sender: str, to: str, subject: str, message_id: str) -> bytes:
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\n"
        "Date: Mon, 16 Nov 2026 10:00:00 +0100\r\n\r\n"
    ).encode()


def test_an_account_added_then_sync_now_shows_the_mail_on_the_clients_timeline(
    qtbot: QtBot,
    window: MainWindow,
    globex: int,
    mail_server: MailServer,
    drive_dialogs: list[DialogDriver],
) -> None:
    mail_server.deliver(
        [
            mail(f"Hank <{HANK}>", USER, "Spring proposal", message_id="<p1@globex>"),
            mail(f"Hank <{HANK}>", USER, "Re: invoice 12", message_id="<p2@globex>"),
        ]
    )
    sync = mail_sync(window)
    said: list[str] = []
    sync.progressed.connect(said.append)

    def accounts(dialog: QDialog) -> None:
        assert isinstance(dialog, MailAccountsDialog)
        dialog.buttons["add"].click()
        assert dialog.model.row_at(0).name == "Work"
        with qtbot.waitSignal(sync.finished, timeout=20_000) as finished:
            dialog.buttons["sync"].click()
            assert dialog.buttons["sync"].isEnabled()  # the window still answers meanwhile
        assert finished.args[0].failures == ()
        dialog.reject()

    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, AddMailAccountDialog)
        fill_account(dialog, mail_server, PASSWORD)
        click_save(dialog)

    drive_dialogs.extend([accounts, add])
    window.actions_by_name["mail_accounts"].trigger()
    assert any("INBOX" in line and "messages read" in line for line in said)
    assert window.statusBar().currentMessage() == "Mail synced: 2 new interactions from 2 messages"
    window.workspace.open_client(globex)
    history = window.workspace.client_page.history
    rows = {
        history.index(row, HistoryColumn.SUMMARY).data(): history.index(row, HistoryColumn.WHAT)
        for row in range(history.rowCount())
    }
    assert set(rows) == {"Spring proposal", "Re: invoice 12"}
    what = rows["Spring proposal"]
    assert what.data() == "Email from Hank · from mail"
    assert what.data(Qt.ItemDataRole.ToolTipRole).endswith("From mail (Work account)")
    window.resize(1100, 700)
    screenshot(window, "mail-synced-client")


def test_test_connection_says_in_one_line_how_it_went(
    qtbot: QtBot, db: Path, mail_server: MailServer
) -> None:
    dialog = AddMailAccountDialog(PasswordBook(), lambda: NOW)
    qtbot.addWidget(dialog)
    fill_account(dialog, mail_server, "not the password")
    with qtbot.waitSignal(dialog.tester.finished, timeout=20_000):
        dialog.test_button.click()
    assert "refused the login of ann@example.com" in dialog.test_result.text()
    assert "\n" not in dialog.test_result.text()
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.tester.finished, timeout=20_000):
        dialog.test_button.click()
    assert dialog.test_result.text().startswith("Connected. Folders read: INBOX")
    assert list_accounts() == []  # testing stores nothing
    screenshot(dialog, "mail-add-account")


def test_accounts_are_added_and_removed_with_their_session_password(
    qtbot: QtBot, db: Path, answers: list[str]
) -> None:
    passwords = PasswordBook()  # no keyring in tests: kept in memory for the session
    sync = MailSync(db, passwords)
    dialog = MailAccountsDialog(sync, lambda: NOW)
    qtbot.addWidget(dialog)
    assert not dialog.buttons["remove"].isEnabled()
    added = AddMailAccountDialog(passwords, lambda: NOW, dialog)
    added.name.setText("Work")
    added.host.setText("imap.example.com")
    added.user.setText(USER)
    assert not added.revalidate()  # no password yet
    added.password.setText("s3cret")
    added.own.setText("ann@studio.example, me@ann.example")
    click_save(added)
    assert added.result() == QDialog.DialogCode.Accepted
    dialog.reload()
    (account,) = list_accounts()
    assert (account.port, account.own_addresses) == (993, ("ann@studio.example", "me@ann.example"))
    assert passwords.typed("Work") == "s3cret"
    screenshot(dialog, "mail-accounts")
    dialog.buttons["remove"].click()
    assert "Stop reading Work" in answers[0]
    assert list_accounts() == []
    assert passwords.typed("Work") is None
    assert not dialog.buttons["remove"].isEnabled()


def test_a_second_account_of_the_same_name_is_refused_in_the_form(qtbot: QtBot, db: Path) -> None:
    add_work_account()
    dialog = AddMailAccountDialog(PasswordBook(), lambda: NOW)
    qtbot.addWidget(dialog)
    for line, text in ((dialog.name, "Work"), (dialog.host, "h2"), (dialog.user, USER)):
        line.setText(text)
    dialog.password.setText("x")
    click_save(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors["name"].text() == "There is already a mail account named Work."


def test_a_sync_already_running_is_said_gracefully(qtbot: QtBot, db: Path) -> None:
    add_work_account()
    passwords = PasswordBook()
    passwords.keep("Work", "s3cret")
    sync = MailSync(db, passwords)
    (account,) = list_accounts()
    with holding_if_free(sync_lock_path(db, account)) as free:  # as `mail sync` would
        assert free
        with qtbot.waitSignal(sync.finished, timeout=20_000) as finished:
            assert sync.sync_now()
            assert not sync.sync_now()  # the window's own second one waits for the first
    outcome: SyncOutcome = finished.args[0]
    assert outcome.summary() == "Mail: a sync of Work is already running"


def test_without_a_keyring_the_window_asks_once_per_session(qtbot: QtBot, db: Path) -> None:
    add_work_account()
    asked: list[str] = []

    def ask(account: object) -> None:
        asked.append("asked")
        return None  # the person closes the question

    sync = MailSync(db, PasswordBook(), ask=ask)
    with qtbot.waitSignal(sync.finished) as finished:
        sync.sync_now(asked_by_person=False)
    assert finished.args[0].summary() == "Mail: Work was skipped: no password this session"
    sync.sync_now(asked_by_person=False)  # the background sync does not ask again
    assert asked == ["asked"]


def test_mail_interactions_carry_a_mark_and_their_source_on_the_timeline(
    qtbot: QtBot, window: MainWindow, globex: int
) -> None:
    message = read_message(raw(f"Hank <{HANK}>", USER, "Kick-off call notes", "k1@globex"), None)
    record_mail([message], frozenset({USER}), "Work")
    window.workspace.open_client(globex)
    timeline: TimelineWidget = window.workspace.client_page.timeline
    timeline.resize(900, 260)
    position = timeline.event_position(0)
    assert position is not None
    tooltip = timeline.tooltip_at(position)
    assert tooltip.splitlines()[-1] == "From mail (Work account)"
    image = timeline.grab().toImage()
    radius = BADGE_RADIUS[Lane.THEM]
    mark = QPoint(round(position.x() + 0.75 * radius), round(position.y() - 0.75 * radius))
    assert image.pixelColor(mark) == timeline.palette().highlight().color()
    screenshot(timeline, "mail-timeline-mark")


def test_people_from_mail_become_leads_or_are_ignored(qtbot: QtBot, db: Path) -> None:
    record_mail(
        [
            read_message(raw("Dora Diaz <dora@acme.example>", USER, "Hello", "d1@acme"), None),
            read_message(raw("Dora Diaz <dora@acme.example>", USER, "Again", "d2@acme"), None),
            read_message(raw("spam@nowhere.example", USER, "Win", "s1@x"), None),
        ],
        frozenset({USER}),
        "Work",
    )
    dialog = StrangersDialog(lambda: NOW, BERLIN)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert [(model.index(r, 0).data(), model.index(r, 2).data()) for r in range(2)] == [
        ("dora@acme.example", "2"),
        ("spam@nowhere.example", "1"),
    ]
    screenshot(dialog, "mail-strangers")
    dialog.lead.click()
    (lead,) = Client.select()
    assert (lead.name, lead.status, dialog.changed) == ("Dora Diaz", "lead", True)
    dialog.ignore.click()
    assert strangers() == []
    assert not dialog.lead.isEnabled()


def test_a_locked_database_keeps_the_account_and_says_so(
    qtbot: QtBot, db: Path, answers: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_work_account()
    passwords = PasswordBook()
    passwords.keep("Work", "s3cret")
    dialog = MailAccountsDialog(MailSync(db, passwords), lambda: NOW)
    qtbot.addWidget(dialog)

    def locked(_name: str) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(mail_accounts, "remove_account", locked)
    dialog.buttons["remove"].click()
    assert "Stop reading Work" in answers[0]
    assert dialog.line.text().startswith("The database refused the change (database is locked")
    assert dialog.line.text().endswith("; Work is kept.")
    assert [account.name for account in list_accounts()] == ["Work"]
    assert passwords.typed("Work") == "s3cret"
