"""The main window's frame: drawn at once, before the records are opened, then filled.

A freelancer launching the app sees its window as soon as a bare Qt window could appear: this
module imports nothing but Qt, and the frame holds the menus, the sections list and a quiet
"Opening your records…" until :meth:`MainWindow.attach` puts the :class:`Workspace` in.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSystemTrayIcon,
    QWidget,
)

if TYPE_CHECKING:
    from freelance_ghost.ui.workspace import Workspace

SECTIONS = ("Today", "Clients", "Insights")
# The menus: (menu, name, text, shortcut); a None name is a separator.
_MENUS: tuple[tuple[str, str | None, str, QKeySequence.StandardKey | str], ...] = (
    ("&File", "import", "&Import history…", "Ctrl+I"),
    ("&File", "export", "&Export history…", "Ctrl+E"),
    ("&File", "export_client", "Export this &client…", "Ctrl+Shift+E"),
    ("&File", "import_contacts", "Import c&ontacts…", ""),
    ("&File", "folder", "Open data &folder", ""),
    ("&File", "backups", "&Backups…", ""),
    ("&File", None, "", ""),
    ("&File", "quit", "&Quit", QKeySequence.StandardKey.Quit),
    ("&Edit", "new_client", "&New client…", "Ctrl+N"),
    ("&Edit", "log", "&Log interaction…", "Ctrl+L"),
    ("&Edit", "settings", "&Settings…", QKeySequence.StandardKey.Preferences),
    ("&View", "today", "&Today", "Ctrl+1"),
    ("&View", "clients", "&Clients", "Ctrl+2"),
    ("&View", "insights", "&Insights", "Ctrl+3"),
    ("&View", "refresh", "&Refresh", QKeySequence.StandardKey.Refresh),
    ("&Mail", "mail_sync", "&Sync now", "Ctrl+Shift+M"),
    ("&Mail", "mail_accounts", "Mail &accounts…", ""),
    ("&Mail", "strangers", "&People you write with…", ""),
    ("&Help", "diagnostics", "&Diagnostics…", ""),
)
ALWAYS_ENABLED = {"quit", "diagnostics"}  # they need no records


def section_list() -> QListWidget:
    """The list of sections on the left (Today, Clients, Insights)."""
    nav = QListWidget()
    nav.setObjectName("sections")
    nav.setAccessibleName("Sections")
    nav.addItems(list(SECTIONS))
    nav.setFixedWidth(180)
    nav.setStyleSheet("#sections { font-size: 11pt; } #sections::item { padding: 8px 10px; }")
    return nav


class _Opening(QWidget):
    """The frame's content until the records are in: the sections and a quiet word."""

    painted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._told = False
        nav = section_list()
        nav.setEnabled(False)
        # Centred by its own markup: Qt's namespace is slow to touch first (docs/performance.md).
        word = QLabel("<p align='center'>Opening your records…</p>")
        word.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 6, 6, 0)
        row.addWidget(nav)
        row.addWidget(word, 1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._told:
            self._told = True
            QTimer.singleShot(0, self.painted.emit)  # after this frame has reached the screen


class MainWindow(QMainWindow):
    """The one window: its frame first, then the workspace over the records."""

    first_painted = Signal()  # the frame is on screen: the records can be opened now
    loaded = Signal()  # the workspace is in and filled
    hidden_to_tray = Signal(bool)  # True the first time: the user should be told
    quit_requested = Signal()  # Quit, as opposed to closing the window

    def __init__(self, data_dir: Path, ui_state: dict[str, str] | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.workspace: Workspace | None = None
        self.close_to_tray = False  # set by the app when a tray exists
        self.quitting = False
        self.setWindowTitle("Freelance Ghost")
        self.resize(1180, 760)
        if ui_state and "geometry" in ui_state:
            self.restoreGeometry(QByteArray.fromBase64(ui_state["geometry"].encode()))
        opening = _Opening()
        opening.painted.connect(self.first_painted)
        self.setCentralWidget(opening)
        self.actions_by_name = self._build_menus()
        self.statusBar().showMessage(f"Data folder: {data_dir}")

    def _build_menus(self) -> dict[str, QAction]:
        """The menus, inert (greyed) until a workspace gives them their work; Quit works."""
        actions: dict[str, QAction] = {}
        titles = dict.fromkeys(title for title, *_ in _MENUS)  # each menu once, in order
        menus = {title: self.menuBar().addMenu(title) for title in titles}
        for title, name, text, shortcut in _MENUS:
            if name is None:
                menus[title].addSeparator()
                continue
            action = QAction(text, self)
            # setShortcuts, not setShortcut: PySide's first setShortcut call touches Qt's slow
            # namespace before the first frame; the list form does not (docs/performance.md).
            if shortcut:
                action.setShortcuts([QKeySequence(shortcut)])
            action.setEnabled(name in ALWAYS_ENABLED)
            self.addAction(action)
            menus[title].addAction(action)
            actions[name] = action
        actions["settings"].setShortcuts([QKeySequence("Ctrl+,"), *actions["settings"].shortcuts()])
        actions["quit"].triggered.connect(self.quit)
        actions["diagnostics"].triggered.connect(self.show_diagnostics)
        return actions

    def show_diagnostics(self) -> None:
        """Help, Diagnostics: doctor's checks, with the tray as Qt sees it, run off the window's
        thread (they may wait on the database, D-Bus or the keyring)."""
        # Imported when asked for: the keyring and D-Bus checks stay out of the first frame.
        from freelance_ghost.services.doctor import diagnose
        from freelance_ghost.ui.dialogs.diagnostics import DiagnosisCheck, DiagnosticsDialog

        data_dir = self.data_dir
        tray = QSystemTrayIcon.isSystemTrayAvailable()  # Qt answers on the window's thread only
        check = DiagnosisCheck(lambda: diagnose(data_dir, tray))
        DiagnosticsDialog(check, self).exec()

    def attach(self, workspace: Workspace) -> None:
        """Puts the records in the frame: the sections come alive and the menus work."""
        self.workspace = workspace
        workspace.said.connect(self.statusBar().showMessage)
        workspace.connect_menus(self.actions_by_name)
        self.setCentralWidget(workspace)
        self.loaded.emit()

    def show_read_only(self) -> None:
        """Says, and keeps saying, that nothing can be saved in this data folder."""
        self.setWindowTitle("Freelance Ghost (read-only)")
        self.statusBar().showMessage(
            f"Read-only: {self.data_dir} cannot be written, so nothing you change is saved"
        )
        QMessageBox.information(
            self,
            "Read-only",
            "Your data folder cannot be written (its permissions or the disk). You can look at "
            "everything; changes will not be saved until the folder is writable again.",
        )

    def show_and_raise(self) -> None:
        """Brings the window forward (from the tray, or for a second launch)."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def quit(self) -> None:
        """Closes the window for good, even when the tray would keep the app running."""
        self.quitting = True
        self.close()
        self.quit_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.close_to_tray and not self.quitting:
            event.ignore()
            self.hide()
            first_time = self.workspace is not None and self.workspace.first_time_in_tray()
            self.hidden_to_tray.emit(first_time)
            return
        if self.workspace is not None:
            self.workspace.remember(self.saveGeometry())
        super().closeEvent(event)
