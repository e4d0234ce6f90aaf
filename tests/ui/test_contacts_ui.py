"""Contacts in the window: an address book imported after its preview, a client's exported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from freelance_ghost.core.kinds import ClientKind, ClientStatus
from freelance_ghost.services.contacts import preview_import, read_vcard_file
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.models import Client
from freelance_ghost.ui.dialogs import contacts_import
from freelance_ghost.ui.dialogs.contacts_import import ContactsImportDialog, PreviewColumn
from freelance_ghost.ui.main_window import MainWindow
from tests.cli.test_contacts_cli import BOOK, T0, add_globex_with_ann
from tests.cli.test_contacts_cli import address_rows as records
from tests.conftest import NOW
from tests.ui.conftest import DialogDriver, screenshot

MALFORMED = "BEGIN:VCARD\nVERSION:3.0\nFN:Eve\nEMAIL:eve@x.example;b@y\nEND:VCARD\n"


@pytest.fixture
def book(window: MainWindow, tmp_path: Path) -> Path:
    """A vCard 2.1, 3.0 and 4.0 card in one file, and Globex's Ann with her work address."""
    add_globex_with_ann()
    window.workspace.refresh()
    path = tmp_path / "book.vcf"
    path.write_text(BOOK, encoding="utf-8")
    return path


def shown_rows(dialog: ContactsImportDialog) -> list[tuple[str, ...]]:
    """The preview's cells, row by row."""
    model = dialog.model
    return [
        tuple(model.data(model.index(row, column)) for column in PreviewColumn)
        for row in range(model.rowCount())
    ]


def client_names(window: MainWindow) -> list[str]:
    """The names on the Clients page."""
    model = window.workspace.clients_model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def press(button: QDialogButtonBox.StandardButton | str) -> DialogDriver:
    """A driver that presses Cancel (a standard button) or Import (by its text)."""

    def drive(dialog: QDialog) -> None:
        assert isinstance(dialog, ContactsImportDialog)
        if isinstance(button, str):
            dialog.import_button.click()
        else:
            dialog.buttons.button(button).click()

    return drive


def test_the_preview_shows_where_each_card_goes(book: Path, qtbot: QtBot) -> None:
    dialog = ContactsImportDialog(book.name, read_vcard_file(book), lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    assert shown_rows(dialog) == [
        (
            "1",
            "Jörg Müller",
            "Globex",
            "same organization",
            "Jörg Müller (new)",
            "1 email, 1 phone",
        ),
        ("8", "Ann Lee", "Globex", "same email", "Ann", "1 email"),
        ("14", "Sam Ortiz", "Initech (new)", "new client", "Sam Ortiz (new)", "1 phone"),
    ]
    assert dialog.summary.text() == "3 cards: 1 new client, 2 new contacts, 4 new addresses."
    screenshot(dialog, "contacts_import_preview")


def test_import_from_the_file_menu_writes_the_preview_and_the_client_appears(
    window: MainWindow,
    book: Path,
    monkeypatch: pytest.MonkeyPatch,
    drive_dialogs: list[DialogDriver],
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_: (str(book), ""))
    drive_dialogs.append(press("Import"))
    window.actions_by_name["import_contacts"].trigger()
    assert records() == [
        ("Globex", "Ann", "email", "ann@globex.example"),
        ("Globex", "Jörg Müller", "email", "jorg@globex.example"),
        ("Globex", "Jörg Müller", "phone", "+49 170 1234567"),
        ("Globex", "Ann", "email", "ann@home.example"),
        ("Initech", "Sam Ortiz", "phone", "+1-555-0100"),
    ]
    assert "Initech" in client_names(window)
    assert window.statusBar().currentMessage().startswith("Imported book.vcf: 3 cards")


def test_cancel_writes_nothing(
    window: MainWindow, book: Path, drive_dialogs: list[DialogDriver]
) -> None:
    before = records()
    drive_dialogs.append(press(QDialogButtonBox.StandardButton.Cancel))
    window.workspace.contact_files.import_file(book)
    assert records() == before
    assert client_names(window) == ["Globex"]
    assert "nothing was imported" in window.statusBar().currentMessage()


def test_a_malformed_file_says_its_line_and_shows_no_preview(
    window: MainWindow,
    book: Path,
    answers: list[str],
    drive_dialogs: list[DialogDriver],
) -> None:
    book.write_text(BOOK + MALFORMED, encoding="utf-8")
    before = records()
    window.workspace.contact_files.import_file(book)  # no driver queued: no preview opens
    assert len(answers) == 1
    assert answers[0].startswith(f"{book}: line 23: ")  # the EMAIL line of the fourth card
    assert answers[0].endswith("nothing was imported.")
    assert records() == before
    assert window.isVisible()


def test_a_stale_preview_writes_nothing_and_shows_the_records_as_they_are(
    book: Path, qtbot: QtBot
) -> None:
    dialog = ContactsImportDialog(book.name, read_vcard_file(book), lambda: NOW)
    qtbot.addWidget(dialog)
    create_client("Initech", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)  # meanwhile
    before = records()
    dialog.import_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert records() == before
    assert "changed since the preview" in dialog.problem.text()
    assert shown_rows(dialog)[2][2:4] == ("Initech", "same organization")
    dialog.show()
    screenshot(dialog, "contacts_import_stale")
    dialog.import_button.click()  # what is shown now is what is written
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ("Initech", "Sam Ortiz", "phone", "+1-555-0100") in records()


def test_export_from_the_contacts_tab_reimports_to_the_same_contacts(
    window: MainWindow,
    book: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    drive_dialogs: list[DialogDriver],
) -> None:
    drive_dialogs.append(press("Import"))
    window.workspace.contact_files.import_file(book)
    target = tmp_path / "globex.vcf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: (str(target), ""))
    window.workspace.open_client(Client.get(Client.name == "Globex").id)
    tab = window.workspace.client_page.contacts
    assert tab.export.isEnabled()
    tab.export.click()
    plan = preview_import(read_vcard_file(target), target.name)
    assert [(c.client_name, c.contact_name) for c in plan.cards] == [
        ("Globex", "Ann"),
        ("Globex", "Jörg Müller"),
    ]
    assert plan.summary() == "2 cards: 0 new clients, 0 new contacts, 0 new addresses."
    assert window.statusBar().currentMessage() == f"Exported 2 cards to {target}"
    assert tab.tree.topLevelItem(0).data(0, Qt.ItemDataRole.DisplayRole) == "Ann"


def test_records_that_cannot_be_read_again_keep_the_dialog_open_and_write_nothing(
    book: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ContactsImportDialog(book.name, read_vcard_file(book), lambda: NOW)
    qtbot.addWidget(dialog)
    create_client("Initech", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)  # meanwhile
    before = records()

    def locked(_cards: object, _source: str) -> object:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(contacts_import, "preview_import", locked)
    dialog.import_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert records() == before
    assert "changed since the preview" in dialog.problem.text()
    assert "could not be read again (database is locked" in dialog.problem.text()
