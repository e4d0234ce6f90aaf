"""Runs the real app under a real X server and tray host, works its tray, and reports as JSON.

Started by tests/ui/test_tray.py in a child process (the test process itself runs Qt
offscreen, where no tray exists). Argument: the data folder.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from freelance_ghost.core.clock import SystemClock, system_zone
from freelance_ghost.services.demo import load_demo
from freelance_ghost.store.database import open_database
from freelance_ghost.ui.app import App, compose
from freelance_ghost.ui.main_window import MainWindow
from freelance_ghost.ui.tray import Tray

POLL_MS = 50
PATIENCE_POLLS = 200  # ten seconds for the tray host to take the tray selection


def main() -> None:
    app = QApplication(sys.argv[:1])
    sys.excepthook = lambda *error: (traceback.print_exception(*error), app.exit(3))
    app.setQuitOnLastWindowClosed(False)
    data_dir = Path(sys.argv[1])
    clock = SystemClock()
    open_database(data_dir, clock.now())
    load_demo(clock.now(), system_zone())
    facts: dict[str, object] = {}
    polls = 0

    def wait_for_tray() -> None:
        nonlocal polls
        polls += 1
        if Tray.available() or polls > PATIENCE_POLLS:
            facts["tray_available"] = Tray.available()
            start()
        else:
            QTimer.singleShot(POLL_MS, wait_for_tray)

    def start() -> None:
        root = compose(MainWindow(data_dir), clock, system_zone())
        root.window.quit_requested.connect(app.quit)
        root.start(minimised=False)
        app.root = root  # type: ignore[attr-defined]
        QTimer.singleShot(0, lambda: work_the_tray(root))

    def work_the_tray(root: App) -> None:
        tray = root.tray
        facts["has_tray"] = tray is not None
        if tray is None:
            app.quit()
            return
        facts["icon_visible"] = tray.icon.isVisible()
        facts["tooltip"] = tray.icon.toolTip()
        actions = {action.text(): action for action in tray.menu.actions() if action.text()}
        facts["menu"] = list(actions)
        root.workspace.files.busy.emit(True)  # an import's transaction is open
        facts["menu_enabled_while_importing"] = tray.menu.isEnabled()
        root.workspace.files.busy.emit(False)
        facts["menu_enabled_after_import"] = tray.menu.isEnabled()
        root.window.close()
        facts["hidden_after_close"] = not root.window.isVisible()
        actions["Open Freelance Ghost"].trigger()
        facts["shown_after_open"] = root.window.isVisible()
        actions["Pause notifications"].trigger()
        facts["paused"] = root.reminders.paused
        actions["Quit"].trigger()

    QTimer.singleShot(0, wait_for_tray)
    app.exec()
    facts["exited_cleanly"] = True
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
