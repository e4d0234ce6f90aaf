"""Starting the window in two steps: its frame on screen first, then the records behind it.

Step one imports only Qt and draws the window's frame (menus, sections, "Opening your
records…") as soon as a bare Qt window could appear. Step two, right after that first frame,
checks and opens the records, then the composition root (``compose``, ``App``) builds the
workspace, reminders, the tray and the login item once and wires them. The database's
integrity check runs on a thread while step two imports its code; started any earlier, it
would compete with drawing the first frame and delay it.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from freelance_ghost import PROG, __version__
from freelance_ghost.paths import resource_path
from freelance_ghost.store.inspection import (
    START_MINIMISED,
    BackgroundInspection,
    DatabaseRefusedError,
    database_path,
    peek_ui_state,
)
from freelance_ghost.ui.main_window import MainWindow
from freelance_ghost.ui.single_instance import SingleInstance, instance_key

if TYPE_CHECKING:
    from datetime import tzinfo

    from freelance_ghost.core.clock import Clock
    from freelance_ghost.services.reminders import CheckResult, Reminders
    from freelance_ghost.ui.mail_sync import MailSync
    from freelance_ghost.ui.notification_answers import NotificationAnswers
    from freelance_ghost.ui.reminder_timer import ReminderTimer
    from freelance_ghost.ui.tray import Tray
    from freelance_ghost.ui.workspace import Workspace

logger = logging.getLogger(__name__)
_PAINT_PATIENCE_MS = 500  # step two starts by then even if no frame was drawn
NO_DISPLAY = (
    "no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot "
    f"open; the command-line commands work without one (see {PROG} --help)"
)


class _Opener:
    """Step two: opens the records behind the drawn frame and brings the app to life."""

    def __init__(self, window: MainWindow, clock: Clock | None, minimised: bool) -> None:
        self.window = window
        self.clock = clock  # None: the system's, made in step two (its module waits till then)
        self.minimised = minimised
        self.started = False
        self.root: App | None = None  # kept alive for as long as the event loop runs

    def open(self) -> None:
        """Step two, once; anything unforeseen is said in a box and ends the app (status 1).

        Left to PySide, an error in a slot is printed and the window would wait forever at
        "Opening your records…".
        """
        if self.started:
            return
        self.started = True
        try:
            self._open()
        except Exception as error:
            logger.exception("the records could not be opened")
            QMessageBox.critical(
                self.window,
                "Freelance Ghost cannot open your records",
                f"Something unexpected stopped the start ({error}). Nothing was changed; "
                "please try again, and report this if it happens again.",
            )
            QApplication.exit(1)

    def _open(self) -> None:
        """Opens the database (or explains why not), then builds everything over it."""
        inspection = BackgroundInspection(database_path(self.window.data_dir))
        from freelance_ghost.core.clock import SystemClock, system_zone  # while SQLite checks

        clock, zone = self.clock or SystemClock(), system_zone()
        read_only = self._open_records(inspection, clock, zone)
        if read_only is None:
            QApplication.exit(2)
            return
        data_dir = self.window.data_dir
        root = compose(self.window, clock, zone)
        QApplication.setQuitOnLastWindowClosed(root.tray is None)
        self.window.quit_requested.connect(QApplication.quit)
        root.start(minimised=self.minimised)
        self.root = root
        if read_only:
            self.window.show_read_only()
        logger.info("running for %s (tray: %s)", data_dir, "yes" if root.tray else "none")

    def _open_records(
        self, inspection: BackgroundInspection, clock: Clock, zone: tzinfo
    ) -> bool | None:
        """Opens the database: False when writable, True when only readable, None when refused.

        A damaged database is explained with the offer of its newest good backup.
        """
        from freelance_ghost.store.database import open_database, open_read_only
        from freelance_ghost.ui.dialogs.backups import offer_recovery

        data_dir, now = self.window.data_dir, clock.now()
        try:
            open_database(data_dir, now, inspected=inspection.version())
            return False
        except DatabaseRefusedError as error:
            if error.read_only:
                try:
                    open_read_only(data_dir)
                    return True
                except DatabaseRefusedError:
                    pass
            return False if offer_recovery(data_dir, error, now, zone) else None

    def close(self) -> None:
        """Closes the records, if step two opened them (closing closed ones does nothing)."""
        if self.root is not None:
            self.root.close()
        if self.started:
            from freelance_ghost.store.database import close_database

            close_database()


def compose(window: MainWindow, clock: Clock, zone: tzinfo) -> App:
    """The composition root: builds the services and the workspace once, over open records.

    The notifier, the login item and the tray are chosen here and nowhere else; everything
    below receives them. The imports wait until now so the first frame never pays for them.
    """
    from freelance_ghost.services.autostart import login_item
    from freelance_ghost.services.backups import maybe_daily_backup
    from freelance_ghost.services.notification_buttons import ButtonNotifier
    from freelance_ghost.services.notify.chain import buttons_desktop, choose_notifier
    from freelance_ghost.services.reminders import Reminders
    from freelance_ghost.ui.dialogs.mail_accounts import ask_password
    from freelance_ghost.ui.mail_sync import MailSync, PasswordBook
    from freelance_ghost.ui.notification_answers import ButtonSignals, NotificationAnswers
    from freelance_ghost.ui.reminder_timer import ReminderTimer
    from freelance_ghost.ui.tray import Tray, TrayNotifier
    from freelance_ghost.ui.workspace import Workspace

    data_dir = window.data_dir
    tray = Tray(paused=False) if Tray.available() else None
    extra = [TrayNotifier(tray)] if tray is not None else []
    plain = choose_notifier(extra)
    signals = ButtonSignals()
    desktop = buttons_desktop(signals.pressed.emit, signals.closed.emit)
    buttons = ButtonNotifier(desktop, plain) if desktop is not None else None
    reminders = Reminders(plain, zone, announcer=buttons)
    workspace = Workspace(data_dir, zone, clock.now, window, reminders, login_item())
    window.attach(workspace)
    answers = None
    if buttons is not None:
        answers = NotificationAnswers(signals, buttons, window, reminders, clock.now, zone)
    timer = ReminderTimer(
        reminders, clock, chores=[lambda now: maybe_daily_backup(data_dir, now, zone)]
    )
    mail = MailSync(data_dir, PasswordBook(), ask=lambda account: ask_password(window, account))
    workspace.use_mail(mail)
    return App(window, tray, reminders, timer, clock, mail, answers)


class App:
    """Wires what ``compose`` built: the window, reminders, their timer, the tray, the
    mail sync and what the notifications' buttons do.

    Nothing else looks anything up globally.
    """

    def __init__(
        self,
        window: MainWindow,
        tray: Tray | None,
        reminders: Reminders,
        timer: ReminderTimer,
        clock: Clock,
        mail: MailSync,
        answers: NotificationAnswers | None = None,
    ) -> None:
        assert window.workspace is not None, "the window's records must be in"
        self.window = window
        self.workspace: Workspace = window.workspace
        self.tray = tray
        self.reminders = reminders
        self.timer = timer
        self.clock = clock
        self.mail = mail
        self.answers = answers
        if answers is not None:
            answers.changed.connect(self.workspace.refresh)
            answers.said.connect(self.workspace.said)
        self.timer.checked.connect(self._on_timer_checked)
        self.workspace.files.busy.connect(self.timer.hold)
        self.window.hidden_to_tray.connect(self._on_window_hidden_to_tray)
        if self.tray is not None:
            self._connect_tray(self.tray)

    def _connect_tray(self, tray: Tray) -> None:
        tray.pause_action.setChecked(self.reminders.paused)
        self.window.close_to_tray = True
        self.workspace.items_changed.connect(tray.show_items)
        tray.show_items(self.workspace.items)
        tray.open_requested.connect(self.window.show_and_raise)
        tray.client_requested.connect(self._on_tray_client_requested)
        tray.check_requested.connect(self.timer.tick)
        tray.snooze_all_requested.connect(self._on_tray_snooze_all)
        tray.pause_toggled.connect(self.reminders.pause)
        self.workspace.settings_saved.connect(self._on_window_settings_saved)
        tray.quit_requested.connect(self.window.quit)
        self.workspace.files.busy.connect(tray.hold)
        tray.show()

    def start(self, minimised: bool) -> None:
        """Shows the window (unless it starts in the tray), begins checking and reading mail."""
        if not (minimised and self.tray is not None):
            self.window.show()
        self.timer.start()
        self.mail.start()

    def close(self) -> None:
        """Stops listening for notification buttons (the app is quitting)."""
        if self.answers is not None:
            self.answers.notifier.close()

    def _on_timer_checked(self, result: CheckResult) -> None:
        if result.no_service:
            logger.info("no notification service answered; %d items wait", len(result.due.new))
        if result.due.new:
            self.workspace.refresh()

    def _on_window_settings_saved(self) -> None:
        """Settings may have paused or resumed notifications: the tray's tick follows."""
        assert self.tray is not None
        self.tray.pause_action.blockSignals(True)
        self.tray.pause_action.setChecked(self.reminders.paused)
        self.tray.pause_action.blockSignals(False)

    def _on_tray_client_requested(self, client_id: int) -> None:
        self.workspace.open_client(client_id)
        self.window.show_and_raise()

    def _on_tray_snooze_all(self) -> None:
        self.reminders.snooze_all(self.workspace.items, self.clock.now() + timedelta(hours=1))
        self.workspace.refresh()

    def _on_window_hidden_to_tray(self, first_time: bool) -> None:
        if first_time and self.tray is not None:
            self.tray.icon.showMessage(
                "Freelance Ghost is still running",
                "It keeps watching for quiet clients from the tray. Quit from the tray's menu.",
            )


def display_available() -> bool:
    """Whether Qt can find a screen: on Linux an X11 or Wayland display, or a chosen platform.

    Without one, Qt aborts with a message that blames the first plugin it tried (xcb, and
    its libxcb-cursor0), which sends the user after a library they may well have.
    """
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_app(data_dir: Path, clock: Clock | None = None) -> int:
    """Opens the window on ``data_dir`` and runs until it quits; returns the exit status.

    With no display it says so in one line and returns 2, before Qt could abort.
    """
    if QApplication.instance() is None and not display_available():
        print(f"{PROG}: {NO_DISPLAY}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)  # a running one is the window's (tests make it so)
    app.setApplicationName("Freelance Ghost")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("freelance-ghost")
    app.setWindowIcon(QIcon(str(resource_path("freelance-ghost.svg"))))
    guard = SingleInstance(instance_key(data_dir))
    if guard.hand_over():
        logger.info("Freelance Ghost is already running for %s: it was asked to show", data_dir)
        return 0
    guard.listen()
    state = peek_ui_state(database_path(data_dir))
    window = MainWindow(data_dir, state)
    guard.activated.connect(window.show_and_raise)
    minimised = state.get(START_MINIMISED) == "1" and QSystemTrayIcon.isSystemTrayAvailable()
    opener = _Opener(window, clock, minimised)
    app.setQuitOnLastWindowClosed(False)  # until step two knows whether a tray keeps it running
    if not minimised:
        window.first_painted.connect(opener.open)
        window.show()
    # Also when the frame is never painted (started minimised or hidden by the desktop).
    QTimer.singleShot(0 if minimised else _PAINT_PATIENCE_MS, opener.open)
    try:
        return app.exec()
    finally:
        opener.close()
