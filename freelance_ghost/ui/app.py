"""The composition root of the window: the guard, the database, reminders, tray and window."""

from __future__ import annotations

import logging
import sys
from datetime import timedelta
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from freelance_ghost import __version__
from freelance_ghost.core.clock import Clock, SystemClock, system_zone
from freelance_ghost.paths import resource_path
from freelance_ghost.services.backups import maybe_daily_backup
from freelance_ghost.services.notify.chain import choose_notifier
from freelance_ghost.services.reminders import CheckResult, Reminders, item_key
from freelance_ghost.store.database import (
    DatabaseRefusedError,
    close_database,
    open_database,
    open_read_only,
)
from freelance_ghost.store.reminders import save_paused, set_snooze
from freelance_ghost.store.ui_state import load_ui_state
from freelance_ghost.ui.dialogs.backups import offer_recovery
from freelance_ghost.ui.dialogs.settings import START_MINIMISED
from freelance_ghost.ui.main_window import MainWindow
from freelance_ghost.ui.reminder_timer import ReminderTimer
from freelance_ghost.ui.single_instance import SingleInstance, instance_key
from freelance_ghost.ui.tray import Tray, TrayNotifier

logger = logging.getLogger(__name__)


class App:
    """Builds and wires everything once; nothing else looks anything up globally."""

    def __init__(self, data_dir: Path, clock: Clock) -> None:
        self.clock = clock
        zone = system_zone()
        self.window = MainWindow(data_dir, zone, clock.now)
        self.tray = Tray(paused=False) if Tray.available() else None
        extra = [TrayNotifier(self.tray)] if self.tray is not None else []
        self.reminders = Reminders(choose_notifier(extra), zone)
        self.timer = ReminderTimer(
            self.reminders, clock, chores=[lambda now: maybe_daily_backup(data_dir, now, zone)]
        )
        self.timer.checked.connect(self._on_timer_checked)
        self.window.hidden_to_tray.connect(self._on_window_hidden_to_tray)
        if self.tray is not None:
            self._connect_tray(self.tray)

    def _connect_tray(self, tray: Tray) -> None:
        tray.pause_action.setChecked(self.reminders.paused)
        self.window.close_to_tray = True
        self.window.items_changed.connect(tray.show_items)
        tray.show_items(self.window.items)
        tray.open_requested.connect(self.window.show_and_raise)
        tray.client_requested.connect(self._on_tray_client_requested)
        tray.check_requested.connect(self.timer.tick)
        tray.snooze_all_requested.connect(self._on_tray_snooze_all)
        tray.pause_toggled.connect(save_paused)
        self.window.settings_saved.connect(self._on_window_settings_saved)
        tray.quit_requested.connect(self.window.quit)
        tray.show()

    def start(self, minimised: bool) -> None:
        """Shows the window (unless it starts in the tray) and begins checking."""
        if not (minimised and self.tray is not None):
            self.window.show()
        self.timer.start()

    def _on_timer_checked(self, result: CheckResult) -> None:
        if result.no_service:
            logger.info("no notification service answered; %d items wait", len(result.due.new))
        if result.due.new:
            self.window.refresh()

    def _on_window_settings_saved(self) -> None:
        """Settings may have paused or resumed notifications: the tray's tick follows."""
        assert self.tray is not None
        self.tray.pause_action.blockSignals(True)
        self.tray.pause_action.setChecked(self.reminders.paused)
        self.tray.pause_action.blockSignals(False)

    def _on_tray_client_requested(self, client_id: int) -> None:
        self.window.open_client(client_id)
        self.window.show_and_raise()

    def _on_tray_snooze_all(self) -> None:
        until = self.clock.now() + timedelta(hours=1)
        for reported in self.window.items:
            set_snooze(str(item_key(reported.item)), reported.item.client_id, until)
        self.window.refresh()

    def _on_window_hidden_to_tray(self, first_time: bool) -> None:
        if first_time and self.tray is not None:
            self.tray.icon.showMessage(
                "Freelance Ghost is still running",
                "It keeps watching for quiet clients from the tray. Quit from the tray's menu.",
            )


def _open_read_only(data_dir: Path) -> bool:
    """Shows the records of a read-only data folder unchanged, when SQLite can read them."""
    try:
        open_read_only(data_dir)
    except DatabaseRefusedError:
        return False
    return True


def run_app(data_dir: Path, clock: Clock | None = None) -> int:
    """Opens the window on ``data_dir`` and runs until it quits; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Freelance Ghost")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("freelance-ghost")
    app.setWindowIcon(QIcon(str(resource_path("freelance-ghost.svg"))))
    guard = SingleInstance(instance_key(data_dir))
    if guard.hand_over():
        logger.info("Freelance Ghost is already running for %s: it was asked to show", data_dir)
        return 0
    guard.listen()
    clock = clock or SystemClock()
    read_only = False
    try:
        open_database(data_dir, clock.now())
    except DatabaseRefusedError as error:
        read_only = error.read_only and _open_read_only(data_dir)
        if not read_only and not offer_recovery(data_dir, error, clock.now(), system_zone()):
            return 2
    try:
        root = App(data_dir, clock)
        guard.activated.connect(root.window.show_and_raise)
        app.setQuitOnLastWindowClosed(root.tray is None)  # with a tray, closing hides
        root.window.quit_requested.connect(app.quit)
        root.start(minimised=load_ui_state().get(START_MINIMISED) == "1")
        if read_only:
            root.window.show_read_only()
        logger.info("running for %s (tray: %s)", data_dir, "yes" if root.tray else "none")
        return app.exec()
    finally:
        close_database()
