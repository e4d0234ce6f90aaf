"""History files from the window: import with progress (Cancel rolls back) and export."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QWidget

from freelance_ghost.core.history.rows import MovedValue, moved_values_warning
from freelance_ghost.core.plurals import counted
from freelance_ghost.services.history_files import (
    HistoryFileError,
    export_history_file,
    import_history_file,
)
from freelance_ghost.store.errors import DatabaseWriteError, database_refusals
from freelance_ghost.ui.dialogs import as_sentence, warn_export_unread, warn_nothing_imported

_STEPS = 1000  # of an import's progress bar


class ImportCancelledError(Exception):
    """The user pressed Cancel: the import's transaction is rolled back."""


def _events_while_importing(progress: QProgressDialog) -> QEventLoop.ProcessEventsFlag:
    """What the window may handle while an import's transaction is open.

    Once the modal progress dialog shows (at the first report half a second or more into
    the import), everything: its Cancel button stays alive, and clicks and keys aimed at the
    window are blocked. Until then, clicks and keys wait: a Delete handled now would write
    inside the import's transaction, where nothing checks its foreign keys, and be undone
    with it if the import fails. After a short import, whose dialog never shows, they run.
    """
    if progress.isVisible():
        return QEventLoop.ProcessEventsFlag.AllEvents
    return QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents


class FileActions(QObject):
    """Import and export for the window; what happened goes up as ``said`` and ``changed``."""

    changed = Signal()
    said = Signal(str)
    busy = Signal(bool)  # an import's transaction is open: no refresh, no tray, no checks

    def __init__(self, window: QWidget, zone: tzinfo) -> None:
        super().__init__(window)
        self._window, self._zone = window, zone

    def import_file(self, path: Path) -> None:
        """Imports a history file with a progress dialog; Cancel rolls the whole import back."""
        progress = QProgressDialog(f"Importing {path.name}…", "Cancel", 0, _STEPS, self._window)
        progress.setWindowTitle("Import history")
        progress.setMinimumDuration(500)  # only long imports show it
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)  # nothing else writes

        def report_progress(_rows: int, fraction: float) -> None:
            progress.setValue(int(fraction * _STEPS))  # the maximum, which closes it, at the end
            QApplication.processEvents(_events_while_importing(progress))
            if progress.wasCanceled():
                raise ImportCancelledError

        self.busy.emit(True)
        try:
            with database_refusals():
                report = import_history_file(path, self._zone, progress=report_progress)
        except HistoryFileError as error:
            QMessageBox.warning(self._window, "Nothing was imported", str(error))
            return
        except DatabaseWriteError as error:  # locked, full, read-only: rolled back whole
            warn_nothing_imported(self._window, error)
            return
        except ImportCancelledError:
            self.said.emit(f"Import of {path.name} cancelled: nothing was imported")
            return
        finally:
            self.busy.emit(False)
            progress.close()
        self.changed.emit()
        self.said.emit(
            f"Imported {path.name}: {report.added} added, {report.already_present} already present"
        )

    def export_file(self, path: Path, client: str | None = None) -> None:
        """Writes the history (or one client's) to ``path``; says which stored dates outside
        the supported years were written moved inside them."""
        moved: list[MovedValue] = []
        try:
            with database_refusals():
                rows = export_history_file(path, self._zone, client, on_moved=moved.append)
        except HistoryFileError as error:
            QMessageBox.warning(self._window, "Export failed", str(error))
            return
        except DatabaseWriteError as error:  # the export reads: say what the database said
            warn_export_unread(self._window, error, path)
            return
        if moved:
            QMessageBox.warning(
                self._window, "Some dates were moved", as_sentence(moved_values_warning(moved))
            )
        self.said.emit(f"Exported {counted(rows, 'event', 'events')} to {path}")

    def ask_import(self) -> None:
        """Asks for a file, then imports it."""
        name, _ = QFileDialog.getOpenFileName(
            self._window, "Import client history", str(Path.home()), "CSV files (*.csv)"
        )
        if name:
            self.import_file(Path(name))

    def ask_export(self, client: str | None = None) -> None:
        """Asks where to write the history (or one client's), then writes it."""
        title, suggested = ("Export client history", "client-history.csv")
        if client is not None:
            title, suggested = (f"Export {client}", f"{client}.csv")
        name, _ = QFileDialog.getSaveFileName(
            self._window, title, str(Path.home() / suggested), "CSV (*.csv)"
        )
        if name:
            self.export_file(Path(name), client)
