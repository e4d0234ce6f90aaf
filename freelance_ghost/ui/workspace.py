"""The window's content: Today, Clients, Insights and a client's page, and what the menus and pages do.

It is built after the window's frame has been drawn (see ui/main_window.py), so the imports
here cost nothing before the first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QByteArray, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from freelance_ghost.core.attention import SilenceItem
from freelance_ghost.core.health import client_health
from freelance_ghost.core.kinds import Channel, ClientStatus, Direction
from freelance_ghost.core.report import ReportedItem
from freelance_ghost.services.autostart import LoginItem, NoLoginItem
from freelance_ghost.services.calendar import update_calendar_file
from freelance_ghost.services.demo import DemoRefusedError, load_demo
from freelance_ghost.services.notify.log_backend import LogNotifier
from freelance_ghost.services.reminders import Reminders
from freelance_ghost.services.today import today_at
from freelance_ghost.store.clients import (
    archive_client,
    delete_client,
    deletion_refusal,
)
from freelance_ghost.store.contacts import contact_cards
from freelance_ghost.store.inspection import database_path, peek_ui_state
from freelance_ghost.store.invoices import invoice_lines
from freelance_ghost.store.mail import mail_sources
from freelance_ghost.store.overview import client_header, client_overview, has_clients
from freelance_ghost.store.projects import project_lines
from freelance_ghost.store.schedules import current_schedule
from freelance_ghost.store.settings import (
    MAIL_SYNC_MINUTES,
    TODAY_SPLITTER,
    TRAY_HINT_SHOWN,
    WINDOW_GEOMETRY,
    load,
    load_attention_settings,
    save,
)
from freelance_ghost.store.timeline import client_timeline
from freelance_ghost.ui.client_actions import ClientPageActions
from freelance_ghost.ui.client_page import ClientPage
from freelance_ghost.ui.clients import ClientsPage
from freelance_ghost.ui.contact_files import ContactFiles
from freelance_ghost.ui.dialogs import as_sentence
from freelance_ghost.ui.dialogs.backups import BackupsDialog
from freelance_ghost.ui.dialogs.log_interaction import LogInteractionDialog
from freelance_ghost.ui.dialogs.records import (
    NewClientDialog,
)
from freelance_ghost.ui.dialogs.settings import SettingsDialog
from freelance_ghost.ui.file_actions import FileActions
from freelance_ghost.ui.insights.page import InsightsPage
from freelance_ghost.ui.item_models import ClientTableModel
from freelance_ghost.ui.mail_sync import MailSync, PasswordBook, SyncOutcome
from freelance_ghost.ui.main_window import MainWindow, section_list
from freelance_ghost.ui.today import TodayPage
from freelance_ghost.ui.today_actions import TodayActions
from freelance_ghost.ui.welcome import WelcomePage

_TODAY, _CLIENTS, _INSIGHTS = 0, 1, 2


def open_window(data_dir: Path, zone: tzinfo, now: Callable[[], datetime]) -> MainWindow:
    """The window with its records in, built in one go, for tests and benchmarks.

    The app builds it in two steps (ui/app.py), with its real notifier and login item; here
    notifications go to the log, starting at login is left alone, and the mail sync runs
    only when asked (no timer, no password question).
    """
    window = MainWindow(data_dir, peek_ui_state(database_path(data_dir)))
    reminders = Reminders(LogNotifier(), zone)
    workspace = Workspace(data_dir, zone, now, window, reminders, NoLoginItem())
    window.attach(workspace)
    workspace.use_mail(MailSync(data_dir, PasswordBook()))
    return window


class Workspace(QWidget):
    """What a freelancer sees: Today's list, their clients, and one relationship at a time."""

    items_changed = Signal(list)  # the items on Today after each refresh
    settings_saved = Signal()
    said = Signal(str)  # a short message for the status bar

    def __init__(
        self,
        data_dir: Path,
        zone: tzinfo,
        now: Callable[[], datetime],
        parent: QWidget,
        reminders: Reminders,
        login: LoginItem,
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._zone = zone
        self._now = now
        self.reminders = reminders
        self._login = login
        self.items: list[ReportedItem] = []
        self.mail: MailSync | None = None  # given by use_mail
        self._actions: dict[str, QAction] = {}
        self.importing = False
        self.files = FileActions(self, zone)
        self.files.changed.connect(self.refresh)
        self.files.said.connect(self.said)
        self.files.busy.connect(self._on_files_busy)
        self.contact_files = ContactFiles(self, now)
        self.contact_files.changed.connect(self.refresh)
        self.contact_files.said.connect(self.said)
        self.clients_model = ClientTableModel(zone)
        self.welcome = WelcomePage()
        self.today = TodayPage(zone)
        self.clients = ClientsPage(self.clients_model)
        self.client_page = ClientPage(zone)
        self.insights = InsightsPage(zone, now)
        self.sections = (self.today, self.clients, self.insights)  # in the order of the list
        self.pages = QStackedWidget()
        for page in (self.welcome, *self.sections, self.client_page):
            self.pages.addWidget(page)
        self.nav = section_list()
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 6, 6, 0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self._connect_pages()
        self._restore_splitter()
        self.refresh()

    def connect_menus(self, actions: dict[str, QAction]) -> None:
        """Gives the frame's menu items their work (they are inert until the records load)."""
        handlers: dict[str, Callable[[], object]] = {
            "import": self.files.ask_import,
            "export": self.files.ask_export,
            "export_client": self._on_export_client_triggered,
            "import_contacts": self.contact_files.ask_import,
            "folder": self._on_open_folder_triggered,
            "backups": self._on_backups_triggered,
            "new_client": self._on_new_client_triggered,
            "log": self._on_log_triggered,
            "settings": self._on_settings_triggered,
            "today": lambda: self.nav.setCurrentRow(_TODAY),
            "clients": self.show_clients,
            "insights": lambda: self.nav.setCurrentRow(_INSIGHTS),
            "refresh": self.refresh,
        }
        self._connect_actions(actions, handlers)
        self._actions = actions

    @staticmethod
    def _connect_actions(
        actions: dict[str, QAction], handlers: dict[str, Callable[[], object]]
    ) -> None:
        for name, handler in handlers.items():
            actions[name].triggered.connect(lambda _checked=False, run=handler: run())
            actions[name].setEnabled(True)

    def use_mail(self, mail: MailSync) -> None:
        """Gives the Mail menu its work: the sync, the accounts, the people from mail.

        The sync's words go to the status bar, and the records it wrote to every page."""
        self.mail = mail
        mail.progressed.connect(self.said)
        mail.finished.connect(self._on_mail_finished)
        self.files.busy.connect(mail.hold)
        self._connect_actions(
            self._actions,
            {
                "mail_sync": mail.sync_now,
                "mail_accounts": self._on_mail_accounts_triggered,
                "strangers": self._on_strangers_triggered,
            },
        )

    def _connect_pages(self) -> None:
        self.today.log_reply_requested.connect(self._on_today_log_reply)
        self.today_actions = TodayActions(self.today, self._now, self._zone, self.reminders, self)
        self.today_actions.changed.connect(self.refresh)
        self.today_actions.said.connect(self.said)
        self.welcome.demo_requested.connect(self._on_demo_clicked)
        self.welcome.import_requested.connect(self.files.ask_import)
        self.welcome.new_client_requested.connect(self._on_new_client_triggered)
        self.today.log_follow_up_requested.connect(self._on_today_log_follow_up)
        self.today.open_client_requested.connect(self.open_client)
        self.clients.open_client_requested.connect(self.open_client)
        self.clients.new_client_requested.connect(self._on_new_client_triggered)
        self.clients.archive_requested.connect(self._on_clients_archive)
        self.clients.delete_requested.connect(self._on_clients_delete)
        self.clients.show_archived_toggled.connect(self.refresh)
        self.client_page.back_requested.connect(lambda: self._show_section(_CLIENTS))
        self.client_page.log_requested.connect(lambda client_id: self._log(client_id))
        self.client_actions = ClientPageActions(self.client_page, self._run, self._now, self._zone)
        self.client_actions.changed.connect(self.refresh)
        self.client_actions.said.connect(self.said)
        self.client_page.contacts.export_requested.connect(self._on_contacts_export)

    # ---- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recomputes what needs attention and reloads every page from the records."""
        if self.importing:
            return
        now = self._now()
        update_calendar_file(self._data_dir, now, self._zone)  # after every change, here
        today = today_at(now, self._zone)
        self.items = today.shown
        overview = client_overview(include_archived=self.clients.show_archived.isChecked())
        statuses = {row.client_id: ClientStatus(row.status) for row in overview}
        health = client_health((r.item for r in today.everything), statuses)
        self.clients_model.set_rows(overview, health)
        self.today.set_items(self.items, now)
        self.items_changed.emit(self.items)
        self.nav.item(_TODAY).setText(f"Today ({len(self.items)})" if self.items else "Today")
        if not has_clients():
            self.nav.setEnabled(False)
            self.pages.setCurrentWidget(self.welcome)
            return
        self.nav.setEnabled(True)
        if self.pages.currentWidget() is self.welcome:
            self._show_section(_TODAY)
        elif self.pages.currentWidget() is self.client_page and self.client_page.client_id:
            self.open_client(self.client_page.client_id)
        elif self.pages.currentWidget() is self.insights:
            self.insights.refresh()

    def _show_section(self, row: int) -> None:
        self.nav.setCurrentRow(row)
        self.pages.setCurrentWidget(self.sections[row])

    def _on_nav_row_changed(self, row: int) -> None:
        if row < 0 or not self.nav.isEnabled():
            return
        self.pages.setCurrentWidget(self.sections[row])
        if self.sections[row] is self.insights:
            self.insights.refresh()  # computed when looked at, never on every refresh

    def open_client(self, client_id: int) -> None:
        """Shows one client's page."""
        settings = load_attention_settings()
        timeline = client_timeline(client_id, self._now(), self._zone, settings)
        self.client_page.show_client(
            client_header(client_id, settings),
            settings,
            timeline,
            contact_cards(client_id),
            project_lines(client_id),
            invoice_lines(client_id),
            current_schedule(client_id),
            mail_sources(client_id),
        )
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(_CLIENTS)
        self.nav.blockSignals(False)
        self.pages.setCurrentWidget(self.client_page)

    # ---- files ------------------------------------------------------------------------------

    def _on_export_client_triggered(self) -> None:
        client_id = (
            self.client_page.client_id
            if self.pages.currentWidget() is self.client_page
            else self.clients.selected_client_id()
        )
        if client_id is None:
            self.said.emit("Open or select a client to export it")
            return
        self.files.ask_export(client_header(client_id, load_attention_settings()).name)

    def _on_contacts_export(self) -> None:
        if self.client_page.client_id is not None:  # the tab shows only on a client's page
            header = client_header(self.client_page.client_id, load_attention_settings())
            self.contact_files.ask_export(header.name)

    def _on_files_busy(self, busy: bool) -> None:
        self.importing = busy

    def _on_backups_triggered(self) -> None:
        dialog = BackupsDialog(self._data_dir, self._now, self._zone, self)
        dialog.exec()
        if dialog.restored:
            self.refresh()

    def _on_open_folder_triggered(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir)))

    def _on_demo_clicked(self) -> None:
        try:
            load_demo(self._now(), self._zone)
        except DemoRefusedError as error:
            QMessageBox.information(self, "Sample year", str(error))
        self.refresh()

    # ---- dialogs ----------------------------------------------------------------------------

    def _run(self, dialog: QDialog) -> bool:
        """Runs a dialog; after a save, everything is recomputed."""
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        if saved:
            self.refresh()
        return saved

    def _log(
        self,
        client_id: int | None,
        direction: Direction = Direction.OUT,
        channel: Channel | None = None,
    ) -> None:
        self._run(LogInteractionDialog(self._now, self._zone, client_id, direction, channel, self))

    def _on_log_triggered(self) -> None:
        current = (
            self.client_page.client_id if self.pages.currentWidget() is self.client_page else None
        )
        selected = self.today.selected()
        self._log(current or (selected.item.client_id if selected else None))

    def _on_today_log_reply(self, reported: ReportedItem) -> None:
        self._log(reported.item.client_id, Direction.IN)

    def _on_today_log_follow_up(self, reported: ReportedItem) -> None:
        item = reported.item
        channel = item.suggestion.channel if isinstance(item, SilenceItem) else None
        if isinstance(item, SilenceItem) and channel is None:
            channel = item.facts.last_attempt_channel
        self._log(item.client_id, Direction.OUT, channel)

    def _on_new_client_triggered(self) -> None:
        dialog = NewClientDialog(self._now, self)
        if self._run(dialog) and dialog.created_id is not None:
            self.open_client(dialog.created_id)

    def _on_settings_triggered(self) -> None:
        dialog = SettingsDialog(self.reminders, self._login, self)
        dialog.mail_accounts_requested.connect(self._on_mail_accounts_triggered)
        if self._run(dialog):
            if self.mail is not None:
                self.mail.set_interval(load(MAIL_SYNC_MINUTES))
            self.settings_saved.emit()

    # ---- mail -------------------------------------------------------------------------------

    def _on_mail_accounts_triggered(self) -> None:
        if self.mail is None:
            return
        from freelance_ghost.ui.dialogs.mail_accounts import MailAccountsDialog

        MailAccountsDialog(self.mail, self._now, self.window()).exec()

    def _on_strangers_triggered(self) -> None:
        from freelance_ghost.ui.dialogs.strangers import StrangersDialog

        dialog = StrangersDialog(self._now, self._zone, self)
        dialog.exec()
        if dialog.changed:
            self.refresh()

    def _on_mail_finished(self, outcome: SyncOutcome) -> None:
        """Says how the sync went; when it wrote anything, every page shows it."""
        self.said.emit(outcome.summary())
        if outcome.logged or outcome.read:
            self.refresh()
        if outcome.failures and outcome.asked_by_person:
            QMessageBox.warning(self, "Mail sync", as_sentence(outcome.summary()))

    def _on_clients_archive(self, client_id: int) -> None:
        if self.clients_model.client_by_id(client_id).archived:
            archive_client(client_id, None)
            self.said.emit("Client restored")
        else:
            archive_client(client_id, self._now())
            self.said.emit("Client archived: its history is kept")
        self.refresh()

    def _on_clients_delete(self, client_id: int) -> None:
        refusal = deletion_refusal(client_id)
        if refusal is not None:
            QMessageBox.information(self, "Client kept", as_sentence(refusal))
            return
        name = client_header(client_id, load_attention_settings()).name
        answer = QMessageBox.question(
            self,
            "Delete client",
            f"Delete {name} with its contacts and conversations? This cannot be undone.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            delete_client(client_id)
            self.refresh()

    # ---- state ------------------------------------------------------------------------------

    def show_clients(self) -> None:
        """Shows the clients list."""
        self.nav.setCurrentRow(_CLIENTS)

    def _restore_splitter(self) -> None:
        splitter = load(TODAY_SPLITTER)
        if splitter:
            self.today.splitter.restoreState(QByteArray.fromBase64(splitter.encode()))

    def remember(self, geometry: QByteArray) -> None:
        """Keeps the window's geometry and Today's splitter for the next start."""
        save(
            [
                (WINDOW_GEOMETRY, geometry.toBase64().toStdString()),
                (TODAY_SPLITTER, self.today.splitter.saveState().toBase64().toStdString()),
            ]
        )

    def first_time_in_tray(self) -> bool:
        """True only the first time the window hides to the tray: the user is told once."""
        first_time = not load(TRAY_HINT_SHOWN)
        save([(TRAY_HINT_SHOWN, True)])
        return first_time
