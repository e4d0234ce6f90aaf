"""The composition root of the window: QApplication, the database, and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from freelance_ghost import __version__
from freelance_ghost.core.clock import SystemClock, system_zone
from freelance_ghost.paths import resource_path
from freelance_ghost.store.database import DatabaseRefusedError, close_database, open_database
from freelance_ghost.ui.main_window import MainWindow


def run_app(data_dir: Path) -> int:
    """Opens the window on ``data_dir`` and runs until it closes; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Freelance Ghost")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("freelance-ghost")
    app.setWindowIcon(QIcon(str(resource_path("freelance-ghost.svg"))))
    clock = SystemClock()
    try:
        open_database(data_dir, clock.now())
    except DatabaseRefusedError as error:
        QMessageBox.critical(None, "Freelance Ghost cannot open your data", str(error))
        return 2
    try:
        window = MainWindow(data_dir, system_zone(), clock.now)
        window.show()
        return app.exec()
    finally:
        close_database()
