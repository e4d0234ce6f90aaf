"""The window: welcome, Today with its actions, Clients with search/filter/archive/delete, a client."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, Qt, QUrl, QUrlQuery
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

from freelance_ghost.core.attention import ItemKind
from freelance_ghost.core.history.format import HEADER_LINE
from freelance_ghost.core.kinds import ClientStatus, Direction
from freelance_ghost.core.timeline_events import Message
from freelance_ghost.services.attention import attention_at
from freelance_ghost.services.reminders import SnoozeChoice
from freelance_ghost.store.models import Client, ContactMethod, Interaction
from freelance_ghost.ui.dialogs.log_interaction import LogInteractionDialog
from freelance_ghost.ui.item_models import ClientColumn, InvoiceColumn
from freelance_ghost.ui.main_window import MainWindow
from freelance_ghost.ui.workspace import open_window
from tests.conftest import BERLIN, NOW
from tests.ui.conftest import DialogDriver, click_save, screenshot

HISTORY = (
    "\r\n".join(
        [
            HEADER_LINE,
            "Globex,2026-01-05T09:00:00+01:00,client,,,,,,,,,active,,,,,",
            "Globex,2026-01-05T09:10:00+01:00,contact,Hank,,email,hank@globex.example,CEO,,,,,,,,,",
            "Globex,2026-01-07T10:00:00+01:00,invoice,,,,,,,,,,INV-1,1250.00,EUR,2026-02-06,",
            "Acme,2026-02-01T10:00:00+01:00,interaction,Wile,out,phone,,Intro call,,,,,,,,,",
        ]
    )
    + "\r\n"
)


@pytest.fixture
def history_file(tmp_path: Path) -> Path:
    path = tmp_path / "history.csv"
    path.write_text(HISTORY, encoding="utf-8", newline="")
    return path


def names_in_list(window: MainWindow) -> list[str]:
    proxy = window.workspace.clients.proxy
    return [proxy.index(row, ClientColumn.NAME).data() for row in range(proxy.rowCount())]


def select_client(window: MainWindow, name: str) -> None:
    proxy = window.workspace.clients.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, ClientColumn.NAME).data() == name:
            window.workspace.clients.table.setCurrentIndex(proxy.index(row, 0))
            return
    raise AssertionError(f"{name} is not listed")


def test_a_new_user_sees_the_welcome_page(window: MainWindow) -> None:
    assert window.workspace.pages.currentWidget() is window.workspace.welcome
    assert not window.workspace.nav.isEnabled()
    assert window.workspace.welcome.demo_button.isVisible()
    screenshot(window, "welcome")


def test_the_sample_year_opens_today(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.workspace.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert window.workspace.pages.currentWidget() is window.workspace.today
    engine = attention_at(NOW, BERLIN)
    assert window.workspace.today.model.item_count() == len(engine) > 0
    assert window.workspace.nav.item(0).text() == f"Today ({len(engine)})"
    groups = [window.workspace.today.model.index(row, 0).data() for row in range(4)]
    assert [g.split(" (")[0] for g in groups] == ["Follow up", "Check-ins", "Next steps", "Money"]
    selected = window.workspace.today.selected()
    assert selected is not None
    assert window.workspace.today.detail_text.text().startswith("<p>")
    assert selected.item.client in window.workspace.today.detail_title.text()
    screenshot(window, "today")


def test_an_empty_today_says_so_kindly(window: MainWindow, history_file: Path) -> None:
    window.workspace.files.import_file(history_file)
    window.workspace.refresh()
    # Globex's invoice was due on 6 Feb 2026: it is overdue at NOW, so Today is not empty.
    assert window.workspace.today.stack.currentWidget() is window.workspace.today.splitter
    window.workspace.today.set_items([], NOW)
    assert window.workspace.today.stack.currentWidget() is window.workspace.today.empty
    screenshot(window.workspace.today, "today-empty")


def test_log_reply_from_today_records_their_message(
    demo_window: MainWindow, drive_dialogs: list[DialogDriver]
) -> None:
    selected = demo_window.workspace.today.selected()
    assert selected is not None
    assert selected.item.kind is ItemKind.SILENCE
    before = Interaction.select().count()

    def reply(dialog: QDialog) -> None:
        assert isinstance(dialog, LogInteractionDialog)
        assert dialog.incoming.isChecked()
        assert dialog.client.currentData() == selected.item.client_id
        dialog.summary.setPlainText("They are back from holiday")
        click_save(dialog)

    drive_dialogs.append(reply)
    demo_window.workspace.today.reply_button.click()
    logged = Interaction.select().order_by(Interaction.id.desc()).get()
    assert Interaction.select().count() == before + 1
    assert (logged.direction, logged.summary) == ("in", "They are back from holiday")
    still_silent = [
        r for r in demo_window.workspace.items if r.item.client_id == selected.item.client_id
    ]
    assert all(r.item.kind is not ItemKind.SILENCE for r in still_silent)


def test_log_follow_up_prefills_the_suggested_channel(
    demo_window: MainWindow, drive_dialogs: list[DialogDriver]
) -> None:
    model = demo_window.workspace.today.model
    follow_ups = model.index(0, 0)
    for row in range(model.rowCount(follow_ups)):
        reported = model.reported_at(model.index(row, 0, follow_ups))
        if reported and reported.item.suggestion.channel is not None:  # type: ignore[union-attr]
            demo_window.workspace.today.view.setCurrentIndex(model.index(row, 0, follow_ups))
            break
    selected = demo_window.workspace.today.selected()
    assert selected is not None
    suggested = selected.item.suggestion.channel  # type: ignore[union-attr]
    captured: list[object] = []

    def check(dialog: QDialog) -> None:
        assert isinstance(dialog, LogInteractionDialog)
        captured.append(dialog.channel.currentData())
        assert dialog.outgoing.isChecked()
        dialog.reject()

    drive_dialogs.append(check)
    demo_window.workspace.today.follow_up_button.click()
    assert captured == [suggested]


def test_search_and_status_filter(demo_window: MainWindow) -> None:
    demo_window.workspace.nav.setCurrentRow(1)
    everyone = names_in_list(demo_window)
    assert len(everyone) == 13
    demo_window.workspace.clients.search.setText("ghost")  # nobody is called that
    assert names_in_list(demo_window) == []
    demo_window.workspace.clients.search.setText("harbor")
    assert names_in_list(demo_window) == ["Harbor & Pine Studio"]
    demo_window.workspace.clients.search.clear()
    demo_window.workspace.clients.status.setCurrentIndex(
        demo_window.workspace.clients.status.findData("ghosted")
    )
    assert names_in_list(demo_window) == ["Daniel Okafor"]
    screenshot(demo_window, "clients-filtered")


def test_health_mark_has_words_and_an_icon(demo_window: MainWindow) -> None:
    model = demo_window.workspace.clients_model
    marks = {
        model.index(row, ClientColumn.NAME).data(): model.index(row, ClientColumn.HEALTH)
        for row in range(model.rowCount())
    }
    assert marks["Daniel Okafor"].data() == "Ghosted"
    assert marks["Fjord Analytics AS"].data() == "Closed"
    assert marks["Lena Hoffmann"].data() == "Gone quiet"
    assert marks["Lena Hoffmann"].data(Qt.ItemDataRole.DecorationRole) is not None
    assert marks["Lena Hoffmann"].data(Qt.ItemDataRole.AccessibleTextRole) == "Health: Gone quiet"
    demo_window.workspace.nav.setCurrentRow(1)
    screenshot(demo_window, "clients")


def test_delete_is_refused_while_invoices_exist(
    demo_window: MainWindow, answers: list[str]
) -> None:
    demo_window.workspace.nav.setCurrentRow(1)
    select_client(demo_window, "Harbor & Pine Studio")
    demo_window.workspace.clients.delete_button.click()
    assert answers == [
        "Harbor & Pine Studio has 2 invoices; archive the client instead, "
        "or delete the invoices first."
    ]
    assert Client.select().where(Client.name == "Harbor & Pine Studio").exists()


def test_delete_after_confirmation(window: MainWindow, answers: list[str], tmp_path: Path) -> None:
    only_talk = tmp_path / "talk.csv"
    only_talk.write_text(
        HEADER_LINE
        + "\r\nAcme,2026-02-01T10:00:00+01:00,interaction,,out,phone,,Call,,,,,,,,,\r\n",
        encoding="utf-8",
    )
    window.workspace.files.import_file(only_talk)
    window.workspace.nav.setCurrentRow(1)
    select_client(window, "Acme")
    window.workspace.clients.delete_button.click()
    assert "Delete Acme with its contacts and conversations?" in answers[0]
    assert Client.select().count() == 0
    assert window.workspace.pages.currentWidget() is window.workspace.welcome


def test_archive_hides_a_client_but_keeps_it(demo_window: MainWindow) -> None:
    demo_window.workspace.nav.setCurrentRow(1)
    select_client(demo_window, "Kumo Ceramics")
    demo_window.workspace.clients.archive_button.click()
    assert "Kumo Ceramics" not in names_in_list(demo_window)
    assert Client.get(Client.name == "Kumo Ceramics").archived_at == NOW
    demo_window.workspace.clients.show_archived.setChecked(True)
    select_client(demo_window, "Kumo Ceramics")
    assert demo_window.workspace.clients.archive_button.text() == "Restore"
    demo_window.workspace.clients.archive_button.click()
    assert Client.get(Client.name == "Kumo Ceramics").archived_at is None
    demo_window.workspace.clients.show_archived.setChecked(False)
    assert "Kumo Ceramics" in names_in_list(demo_window)


def test_a_clients_page_shows_the_relationship(qtbot: QtBot, demo_window: MainWindow) -> None:
    harbor = Client.get(Client.name == "Harbor & Pine Studio")
    demo_window.workspace.open_client(harbor.id)
    page = demo_window.workspace.client_page
    assert demo_window.workspace.pages.currentWidget() is page
    assert "Harbor &amp; Pine Studio" in page.name.text()
    assert page.pace.text().startswith("Usually replies within")
    timeline = page.timeline.timeline()
    assert timeline is not None
    messages = [event for event in timeline.events if isinstance(event, Message)]
    assert len(messages) == Interaction.select().where(Interaction.client == harbor).count()
    assert page.history.rowCount() == len(timeline.events)
    # a click on the timeline selects the event in the list below, and the other way round
    page.timeline.event_selected.emit(0)
    assert page.history_table.currentIndex().row() == len(timeline.events) - 1
    page.history_table.selectRow(0)
    assert page.timeline.selected_event() == len(timeline.events) - 1
    assert page.invoices.rowCount() == 2
    states = {page.invoices.index(r, InvoiceColumn.STATE).data() for r in range(2)}
    assert "9 days overdue: send a second reminder" in states
    assert page.contacts.tree.topLevelItemCount() == 2
    assert page.projects.model.rowCount() >= 1
    screenshot(demo_window, "client-page")
    page.status.setCurrentIndex(page.status.findData(ClientStatus.PAUSED))
    page.status.activated.emit(page.status.currentIndex())
    assert Client.get_by_id(harbor.id).status == "paused"
    page.notes.setPlainText("Prefers calls on Tuesdays")
    page.notes_saved.emit(harbor.id, page.notes.toPlainText())
    assert Client.get_by_id(harbor.id).notes == "Prefers calls on Tuesdays"


def test_ctrl_l_logs_for_the_open_client(
    qtbot: QtBot, demo_window: MainWindow, drive_dialogs: list[DialogDriver]
) -> None:
    lena = Client.get(Client.name == "Lena Hoffmann")
    demo_window.workspace.open_client(lena.id)

    def log(dialog: QDialog) -> None:
        assert isinstance(dialog, LogInteractionDialog)
        assert dialog.client.currentData() == lena.id
        dialog.incoming.setChecked(True)
        click_save(dialog)

    drive_dialogs.append(log)
    qtbot.keyClick(demo_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    latest = (
        Interaction.select()
        .where(Interaction.client == lena)
        .order_by(Interaction.occurred_at.desc())
        .get()
    )
    assert latest.direction == Direction.IN


def test_import_errors_are_explained(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HISTORY.replace("2026-02-01T10:00", "2026-02-31T10:00"), encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    window.workspace.files.import_file(bad)
    assert len(shown) == 1
    assert "line 5, column 'timestamp'" in shown[0]
    assert Client.select().count() == 0


def test_export_writes_the_history(window: MainWindow, history_file: Path, tmp_path: Path) -> None:
    window.workspace.files.import_file(history_file)
    target = tmp_path / "out.csv"
    window.workspace.files.export_file(target)
    assert target.read_text(encoding="utf-8").startswith(HEADER_LINE)
    # 4 rows in, plus the implied client row for Acme and the contact Wile it named
    assert "Exported 6 events" in window.statusBar().currentMessage()


def test_geometry_is_remembered(qtbot: QtBot, db: Path) -> None:
    first = open_window(db, BERLIN, lambda: NOW)
    qtbot.addWidget(first)
    first.resize(720, 540)  # within the offscreen screen, which restoreGeometry clamps to
    first.close()
    second = open_window(db, BERLIN, lambda: NOW)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (720, 540)


def test_models_pass_the_model_tester(demo_window: MainWindow) -> None:
    harbor = Client.get(Client.name == "Harbor & Pine Studio")
    demo_window.workspace.open_client(harbor.id)
    mode = QAbstractItemModelTester.FailureReportingMode.Fatal
    models = (
        demo_window.workspace.clients_model,
        demo_window.workspace.clients.proxy,
        demo_window.workspace.today.model,
        demo_window.workspace.client_page.history,
        demo_window.workspace.client_page.invoices,
        demo_window.workspace.client_page.projects.model,
    )
    testers = [QAbstractItemModelTester(model, mode) for model in models]
    demo_window.workspace.refresh()  # resets every model under the testers' eyes
    assert all(model.rowCount() > 0 for model in models)  # the testers had rows to check
    clients = demo_window.workspace.clients
    for column in ClientColumn:  # every sort, both ways, moves rows under the testers' eyes
        clients.proxy.sort(column, Qt.SortOrder.DescendingOrder)
        clients.proxy.sort(column, Qt.SortOrder.AscendingOrder)
    clients.proxy.sort(ClientColumn.NAME, Qt.SortOrder.AscendingOrder)
    shown = names_in_list(demo_window)
    assert shown == sorted(shown, key=str.casefold)
    assert len(shown) > 1
    clients.search.setText("harbor")
    assert names_in_list(demo_window) == ["Harbor & Pine Studio"]
    clients.search.clear()
    clients.proxy.set_status(ClientStatus.GHOSTED)
    ghosted = names_in_list(demo_window)
    assert ghosted
    assert len(ghosted) < len(shown)
    clients.proxy.set_status(None)
    assert names_in_list(demo_window) == shown
    del testers  # they watched every change above


def select_item(window: MainWindow, client: str) -> None:
    model = window.workspace.today.model
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            reported = model.reported_at(model.index(row, 0, parent))
            if reported is not None and reported.item.client == client:
                window.workspace.today.view.setCurrentIndex(model.index(row, 0, parent))
                return
    raise AssertionError(f"no item for {client}")


def test_copy_message_fills_the_ladder_template(demo_window: MainWindow) -> None:
    select_item(demo_window, "Kestrel Outdoor Ltd")  # 4 attempts: the final message
    demo_window.workspace.today.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Hi Olivia,")
    assert "I remain available" in copied
    assert "Message copied" in demo_window.statusBar().currentMessage()


def test_email_opens_the_mail_client_with_the_message(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    select_item(demo_window, "Lena Hoffmann")
    assert demo_window.workspace.today.email_button.isEnabled()
    demo_window.workspace.today.email_button.click()
    (url,) = opened
    assert url.scheme() == "mailto"
    assert url.path() == "hello@lenahoffmann.photo"
    query = QUrlQuery(url)
    assert query.queryItemValue("subject", QUrl.ComponentFormattingOption.FullyDecoded)
    body = query.queryItemValue("body", QUrl.ComponentFormattingOption.FullyDecoded)
    assert body.startswith("Hi Lena,")


def test_an_address_stored_as_two_opens_no_mail_and_says_why(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a version that did not check addresses could have stored it.
    ContactMethod.update(address="hello@lenahoffmann.photo,eve@evil.example").where(
        ContactMethod.address == "hello@lenahoffmann.photo"
    ).execute()
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    select_item(demo_window, "Lena Hoffmann")
    demo_window.workspace.today.email_button.click()
    assert opened == []
    said = demo_window.statusBar().currentMessage()
    assert said.startswith("Lena Hoffmann's email address cannot be used: ")
    assert "is not one email address" in said
    assert said.endswith("; correct it on Lena Hoffmann's page")


def test_snooze_hides_the_item_until_it_ends(demo_window: MainWindow, qtbot: QtBot) -> None:
    before = demo_window.workspace.today.model.item_count()
    select_item(demo_window, "Lena Hoffmann")
    selected = demo_window.workspace.today.selected()
    assert selected is not None
    demo_window.workspace.today.snooze_requested.emit(selected, SnoozeChoice.THREE_DAYS)
    assert demo_window.workspace.today.model.item_count() == before - 1
    assert (
        "Lena Hoffmann snoozed until Thu 26 Nov 10:00" in demo_window.statusBar().currentMessage()
    )
    assert all(r.item.client != "Lena Hoffmann" for r in demo_window.workspace.items)
    later = open_window(demo_window.data_dir, BERLIN, lambda: NOW + timedelta(days=3))
    qtbot.addWidget(later)
    assert any(r.item.client == "Lena Hoffmann" for r in later.workspace.items)


def test_people_and_projects_from_the_clients_page(
    demo_window: MainWindow, drive_dialogs: list[DialogDriver]
) -> None:
    lena = Client.get(Client.name == "Lena Hoffmann")
    demo_window.workspace.open_client(lena.id)
    page = demo_window.workspace.client_page

    def add_person(dialog: QDialog) -> None:
        dialog.name.setText("Jonas Weber")  # type: ignore[attr-defined]
        dialog.address.setText("jonas@example.org")  # type: ignore[attr-defined]
        click_save(dialog)

    def add_project(dialog: QDialog) -> None:
        dialog.name.setText("Spring lookbook")  # type: ignore[attr-defined]
        click_save(dialog)

    drive_dialogs.extend([add_person, add_project])
    page.contacts.add_contact_requested.emit()
    page.projects.new_project_requested.emit()
    names = [
        page.contacts.tree.topLevelItem(i).text(0)
        for i in range(page.contacts.tree.topLevelItemCount())
    ]
    assert "Jonas Weber" in names
    listed = [page.projects.model.row_at(r).name for r in range(page.projects.model.rowCount())]
    assert "Spring lookbook" in listed
    screenshot(demo_window, "client-page-contacts")


def long_history(folder: Path) -> Path:
    """A file of 2,500 interactions: long enough for three progress reports."""
    rows = [
        f"Acme,2026-02-01T10:{n // 60:02d}:{n % 60:02d}Z,interaction,,out,email,,Note {n},,,,,,,,,"
        for n in range(2500)
    ]
    big = folder / "big.csv"
    big.write_text("\r\n".join([HEADER_LINE, *rows]) + "\r\n", encoding="utf-8")
    return big


def test_cancelling_a_long_import_imports_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = long_history(tmp_path)
    reports: list[int] = []

    def cancelled_at_the_second_report(dialog: QProgressDialog) -> bool:
        reports.append(dialog.value())
        return len(reports) == 2

    monkeypatch.setattr(QProgressDialog, "wasCanceled", cancelled_at_the_second_report)
    window.workspace.files.import_file(big)
    assert len(reports) == 2  # 2,000 rows applied when Cancel was seen
    assert Interaction.select().count() == 0
    assert "cancelled: nothing was imported" in window.statusBar().currentMessage()
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: False)
    window.workspace.files.import_file(big)
    assert Interaction.select().count() == 2500


def test_no_click_or_key_is_handled_inside_an_import_until_its_dialog_blocks_them(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = long_history(tmp_path)
    seen: list[tuple[bool, bool]] = []  # per progress report: (dialog shown, input handled)

    def process_events(
        flags: QEventLoop.ProcessEventsFlag = QEventLoop.ProcessEventsFlag.AllEvents,
    ) -> None:
        dialog = window.findChild(QProgressDialog)
        user_input = not flags & QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
        seen.append((dialog.isVisible(), user_input))
        dialog.show()  # from the second report on, as if half a second had gone by

    monkeypatch.setattr(QApplication, "processEvents", staticmethod(process_events))
    window.workspace.files.import_file(big)
    assert Interaction.select().count() == 2500
    # The last report reaches the maximum, which closes the dialog: input waits again.
    assert seen == [(False, False), (True, True), (False, False)]


def test_a_refresh_keeps_your_place_and_your_unsaved_notes(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    select_item(demo_window, "Marco Bellini")
    demo_window.workspace.refresh()
    selected = demo_window.workspace.today.selected()
    assert selected is not None
    assert selected.item.client == "Marco Bellini"
    harbor = Client.get(Client.name == "Harbor & Pine Studio")
    demo_window.workspace.open_client(harbor.id)
    notes = demo_window.workspace.client_page.notes
    notes.clear()
    qtbot.keyClicks(notes, "Half-typed thought")  # typed, not saved
    demo_window.workspace.refresh()
    assert notes.toPlainText() == "Half-typed thought"


WINDOW_SHOPPER_HISTORY = (
    "\r\n".join(
        [
            HEADER_LINE,
            *(
                line
                for n, count in enumerate((2, 3, 4, 6, 9))
                for line in (
                    f"C{n},2026-01-01T09:00:00+01:00,client,,,,,,,,,active,,,,,",
                    *(
                        f"C{n},2026-01-{day + 2:02d}T09:00:00+01:00,interaction,,in,email,,,,,,,,,,,"
                        for day in range(count)
                    ),
                    f"C{n},2026-02-01T09:00:00+01:00,project,,,,,,,,Job,done,,,,,",
                )
            ),
            "Globex,2026-03-01T09:00:00+01:00,client,,,,,,,,,lead,,,,,",
            *(
                f"Globex,2026-03-{day + 2:02d}T09:00:00+01:00,interaction,,in,email,,,,,,,,,,,"
                for day in range(8)
            ),
        ]
    )
    + "\r\n"
)


def test_a_window_shopper_can_be_marked_closed_from_today(
    window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "shopper.csv"
    path.write_text(WINDOW_SHOPPER_HISTORY, encoding="utf-8", newline="")
    window.workspace.files.import_file(path)
    window.workspace.refresh()
    today = window.workspace.today
    select_item(window, "Globex")
    selected = today.selected()
    assert selected is not None
    assert selected.item.kind is ItemKind.WINDOW_SHOPPER
    assert today.close_lead_button.isVisible()
    assert not today.copy_button.isHidden()
    screenshot(window, "today-window-shopper")
    today.close_lead_button.click()
    assert Client.get(Client.name == "Globex").status == ClientStatus.CLOSED
    assert all(r.item.client != "Globex" for r in window.workspace.items)
    assert "Globex marked closed" in window.statusBar().currentMessage()
