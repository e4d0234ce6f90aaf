"""The composition root, once the records are open: reminders, the tray and the window wired."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from freelance_ghost.core.clock import Clock, system_zone
from freelance_ghost.services.backups import maybe_daily_backup
from freelance_ghost.services.notify.chain import choose_notifier
from freelance_ghost.services.reminders import CheckResult, Reminders, item_key
from freelance_ghost.store.reminders import save_paused, set_snooze
from freelance_ghost.ui.main_window import MainWindow
from freelance_ghost.ui.reminder_timer import ReminderTimer
from freelance_ghost.ui.tray import Tray, TrayNotifier

logger = logging.getLogger(__name__)


class App:
    """Builds and wires everything once; nothing else looks anything up globally."""

    def __init__(self, window: MainWindow, data_dir: Path, clock: Clock) -> None:
        assert window.workspace is not None, "the window's records must be in"
        self.clock = clock
        zone = system_zone()
        self.window = window
        self.workspace = window.workspace
        self.tray = Tray(paused=False) if Tray.available() else None
        extra = [TrayNotifier(self.tray)] if self.tray is not None else []
        self.reminders = Reminders(choose_notifier(extra), zone)
        self.timer = ReminderTimer(
            self.reminders, clock, chores=[lambda now: maybe_daily_backup(data_dir, now, zone)]
        )
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
        tray.pause_toggled.connect(save_paused)
        self.workspace.settings_saved.connect(self._on_window_settings_saved)
        tray.quit_requested.connect(self.window.quit)
        self.workspace.files.busy.connect(tray.hold)
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
        until = self.clock.now() + timedelta(hours=1)
        for reported in self.workspace.items:
            set_snooze(str(item_key(reported.item)), reported.item.client_id, until)
        self.workspace.refresh()

    def _on_window_hidden_to_tray(self, first_time: bool) -> None:
        if first_time and self.tray is not None:
            self.tray.icon.showMessage(
                "Freelance Ghost is still running",
                "It keeps watching for quiet clients from the tray. Quit from the tray's menu.",
            )
