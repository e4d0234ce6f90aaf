"""vCard files from the window: an address book imported after its preview, a client's
contacts exported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from freelance_ghost.core.plurals import counted
from freelance_ghost.services.contacts import ContactFileError, export_vcards, read_vcard_file
from freelance_ghost.store.errors import DatabaseWriteError, database_refusals
from freelance_ghost.ui.dialogs import as_sentence, warn_export_unread, warn_nothing_imported
from freelance_ghost.ui.dialogs.contacts_import import ContactsImportDialog

_VCARD_FILES = "vCard files (*.vcf *.vcard)"


class ContactFiles(QObject):
    """Import and export of contacts; what happened goes up as ``said`` and ``changed``."""

    changed = Signal()
    said = Signal(str)

    def __init__(self, window: QWidget, now: Callable[[], datetime]) -> None:
        super().__init__(window)
        self._window, self._now = window, now

    def ask_import(self) -> None:
        """Asks for a vCard file, then previews and imports it."""
        name, _ = QFileDialog.getOpenFileName(
            self._window, "Import contacts", str(Path.home()), _VCARD_FILES
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        """Reads every card first (a bad one is one message naming its line), then shows where
        each goes; only Import in that preview writes."""
        try:
            cards = read_vcard_file(path)
            with database_refusals():
                dialog = ContactsImportDialog(path.name, cards, self._now, self._window)
        except ContactFileError as error:
            QMessageBox.warning(self._window, "Nothing was imported", as_sentence(str(error)))
            return
        except DatabaseWriteError as error:  # the preview reads the records
            warn_nothing_imported(self._window, error)
            return
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.imported is None:
            self.said.emit(f"Import of {path.name} cancelled: nothing was imported")
            return
        self.changed.emit()
        self.said.emit(f"Imported {path.name}: {dialog.imported.summary()}")

    def ask_export(self, client_name: str) -> None:
        """Asks where to write the client's contacts, then writes them."""
        name, _ = QFileDialog.getSaveFileName(
            self._window,
            f"Export {client_name}'s contacts",
            str(Path.home() / f"{client_name}.vcf"),
            _VCARD_FILES,
        )
        if name:
            self.export_file(client_name, Path(name))

    def export_file(self, client_name: str, path: Path) -> None:
        """Writes the client's contacts to ``path`` as vCard, whole or not at all."""
        try:
            with database_refusals():
                cards = export_vcards(client_name, path)
        except (ContactFileError, LookupError) as error:  # LookupError: deleted meanwhile
            QMessageBox.warning(self._window, "Export failed", as_sentence(str(error)))
            return
        except DatabaseWriteError as error:  # the export reads: say what the database said
            warn_export_unread(self._window, error, path)
            return
        self.said.emit(f"Exported {counted(cards, 'card', 'cards')} to {path}")
