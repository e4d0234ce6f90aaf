"""Runs the real app's window on a data folder and writes through it when told, on stdin.

Started by tests/safety/test_beside_the_window.py in a child process, as a freelancer's
window would be running while cron and the command line work on the same folder. Argument:
the data folder. It prints ``ready`` once the window's first reminder check and daily backup
are done (the daily backup is what once dropped the window's locks), then reads lines:

- ``write NAME``: adds a client named NAME through the window's own connection, prints
  ``wrote NAME`` once it is committed;
- ``quit``: quits the app as its menu does; the exit status is the app's.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from freelance_ghost.core.clock import SystemClock
from freelance_ghost.core.kinds import ClientKind, ClientStatus
from freelance_ghost.services.backups import BackupReason, list_backups
from freelance_ghost.store.clients import create_client
from freelance_ghost.ui.app import run_app

POLL_MS = 20


def main() -> int:
    data_dir = Path(sys.argv[1])
    app = QApplication(sys.argv[:1])
    sys.excepthook = lambda *error: (traceback.print_exception(*error), app.exit(3))

    def wait_for_daily_backup() -> None:
        if any(info.reason is BackupReason.DAILY for info in list_backups(data_dir)):
            say("ready")
            return
        QTimer.singleShot(POLL_MS, wait_for_daily_backup)

    def on_line() -> None:
        line = sys.stdin.readline().strip()
        if line.startswith("write "):
            name = line.removeprefix("write ")
            create_client(name, ClientKind.PERSON, ClientStatus.ACTIVE, SystemClock().now())
            say(f"wrote {name}")
        elif line in {"quit", ""}:  # "": the test went away
            app.quit()

    reader = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    reader.activated.connect(on_line)
    QTimer.singleShot(0, wait_for_daily_backup)
    return run_app(data_dir)


def say(line: str) -> None:
    print(line, flush=True)


if __name__ == "__main__":
    sys.exit(main())
