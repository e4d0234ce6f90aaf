"""Mail accounts: the list, adding one (with "Test connection"), removing one, Sync now.

Trying a server can take a minute (a host that does not answer): "Test connection" runs on
a thread of its own and comes back with one line. The password goes to the system keyring,
or, where there is none, stays in this session's memory (ui/mail_sync.PasswordBook).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from enum import IntEnum

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.store.errors import DatabaseWriteError, database_refusals
from freelance_ghost.store.mail_accounts import (
    DEFAULT_PORTS,
    Account,
    MailAccountError,
    Security,
    add_account,
    checked_account,
    list_accounts,
    remove_account,
)
from freelance_ghost.ui.dialogs import ValidatedDialog, as_sentence
from freelance_ghost.ui.mail_sync import MailSync, PasswordBook, SyncOutcome
from freelance_ghost.ui.rows_model import RowsModel
from freelance_ghost.ui.tables import rows_table

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_SECURITY_LABELS = {
    Security.SSL: "TLS from the start (usually port 993)",
    Security.STARTTLS: "STARTTLS (usually port 143)",
}


class ConnectionTest(QObject):
    """Logs in and opens each folder read-only, off the GUI thread; says how it went."""

    finished = Signal(bool, str)  # worked, and the line to show

    def run(self, account: Account, password: str | None, passwords: PasswordBook) -> None:
        """Starts the test; ``password`` None: the stored one is used."""
        threading.Thread(
            target=self._work, args=(account, password, passwords), daemon=True
        ).start()

    def _work(self, account: Account, password: str | None, passwords: PasswordBook) -> None:
        from freelance_ghost.services.mail.errors import MailError
        from freelance_ghost.services.mail.imap import check_connection

        try:
            given = password or passwords.stored(account.name)
            if not given:
                self.finished.emit(False, f"No password for {account.name} yet.")
                return
            folders = check_connection(account, given)
        except MailError as error:
            self.finished.emit(False, as_sentence(str(error)))
        except Exception as error:  # never a traceback in the window
            self.finished.emit(False, as_sentence(f"the test stopped unexpectedly: {error}"))
        else:
            self.finished.emit(True, f"Connected. Folders read: {', '.join(folders)}.")


class AccountColumn(IntEnum):
    """The columns of the mail accounts list."""

    NAME = 0
    SERVER = 1
    USER = 2
    FOLDERS = 3


_HEADERS = ("Account", "Server", "User", "Folders")


def _account_cell(account: Account, column: int) -> str:
    """What the accounts list shows of an account (never its password)."""
    return (
        account.name,
        f"{account.host}:{account.port} ({account.security.value})",
        account.username,
        ", ".join(account.folders) or "INBOX and Sent",
    )[AccountColumn(column)]


def _lines(text: str) -> tuple[str, ...]:
    """One value per line or comma, blanks dropped."""
    return tuple(part.strip() for part in text.replace(",", "\n").splitlines() if part.strip())


class AddMailAccountDialog(ValidatedDialog):
    """A new read-only IMAP account; the store checks every field as the command line's."""

    def __init__(
        self, passwords: PasswordBook, now: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__("Add mail account", parent)
        self._passwords = passwords
        self._now = now
        self.added: Account | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText("Work")
        self.host = QLineEdit()
        self.host.setPlaceholderText("imap.example.com")
        self.security = QComboBox()
        for security, label in _SECURITY_LABELS.items():
            self.security.addItem(label, security)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORTS[Security.SSL])
        self.user = QLineEdit()
        self.user.setPlaceholderText("you@example.com")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("For Gmail and Outlook: an app password")
        self.own = QLineEdit()
        self.own.setPlaceholderText("Other addresses you send from, comma-separated")
        self.folders = QPlainTextEdit()
        self.folders.setPlaceholderText("One per line; empty: INBOX and your Sent folder")
        self.folders.setFixedHeight(60)
        self.cafile = QLineEdit()
        self.cafile.setPlaceholderText("Only for a server with its own certificate authority")
        for label, name, widget in (
            ("Account name", "name", self.name),
            ("IMAP server", "host", self.host),
            ("Encryption", "security", self.security),
            ("Port", "port", self.port),
            ("User", "user", self.user),
            ("Password", "password", self.password),
            ("Your addresses", "own", self.own),
            ("Folders", "folders", self.folders),
            ("Certificate authority", "cafile", self._cafile_row()),
        ):
            self.add_field(name, label, widget)
        self.refusal_field = "name"
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self._on_test_clicked)
        self.tester = ConnectionTest(self)
        self.tester.finished.connect(self._on_test_finished)
        self.form.addRow(self.test_button, self.test_result)
        self.security.currentIndexChanged.connect(self._on_security_changed)
        for line in (self.name, self.host, self.user, self.password):
            line.textChanged.connect(self.revalidate)
        self.finish_form()

    def _cafile_row(self) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.cafile, 1)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._on_browse_clicked)
        line.addWidget(browse)
        return row

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Certificate authority", "", "Certificates (*.pem *.crt);;All files (*)"
        )
        if path:
            self.cafile.setText(path)

    def _on_security_changed(self) -> None:
        """The usual port follows the encryption, unless the person typed another."""
        if self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS[self.chosen_security()])

    def chosen_security(self) -> Security:
        """The encryption picked."""
        return Security(self.security.currentData())

    def account(self) -> Account:
        """The account as typed, checked as the store checks every account, not stored (for
        Test connection); MailAccountError saying which field is wrong."""
        return checked_account(
            self.name.text(),
            host=self.host.text(),
            port=self.port.value(),
            security=self.chosen_security().value,
            username=self.user.text(),
            own_addresses=_lines(self.own.text()),
            folders=_lines(self.folders.toPlainText()),
            cafile=self.cafile.text().strip(),
        )

    def validate(self) -> dict[str, str]:
        reasons = {}
        for name, line, missing in (
            ("name", self.name, "Give the account a name, e.g. Work."),
            ("host", self.host, "Which server? e.g. imap.gmail.com"),
            ("user", self.user, "The user you log in with, usually your address."),
            ("password", self.password, "The password (or app password) of this account."),
        ):
            if not line.text().strip():
                reasons[name] = missing
        return reasons

    def _on_test_clicked(self) -> None:
        try:
            account = self.account()
        except MailAccountError as error:
            self._on_test_finished(False, as_sentence(str(error)))
            return
        self.test_button.setEnabled(False)
        self.test_result.setText("Trying the server…")
        self.tester.run(account, self.password.text(), self._passwords)

    def _on_test_finished(self, worked: bool, line: str) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setStyleSheet("" if worked else "color: #c0392b;")
        self.test_result.setText(line)

    def save(self) -> str:
        try:
            self.added = add_account(self.account(), self._now())
        except MailAccountError as error:
            return str(error)
        return self._keep_password(self.added.name)

    def _keep_password(self, account: str) -> str:
        from freelance_ghost.services.mail.errors import MailError

        try:
            self._passwords.keep(account, self.password.text())
        except MailError as error:
            remove_account(account)  # an account nobody can log in to is not kept half-made
            return str(error)
        return ""


class MailAccountsDialog(QDialog):
    """The accounts the app reads mail from, and what can be done with them."""

    def __init__(
        self, mail: MailSync, now: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mail accounts")
        self.setMinimumWidth(640)
        self._mail = mail
        self._now = now
        self.model: RowsModel[Account] = RowsModel(_HEADERS, _account_cell)
        self.table = rows_table(self.model, "Mail accounts", one_row=True, fit=True)
        self.line = QLabel(
            "Mail is read, never changed: only who wrote to whom, when, and the subject."
        )
        self.line.setWordWrap(True)
        self.tester = ConnectionTest(self)
        self.tester.finished.connect(self._on_test_finished)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._buttons())
        layout.addWidget(self.line)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        mail.progressed.connect(self.line.setText)
        mail.finished.connect(self._on_mail_finished)
        self.reload()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, handler in (
            ("add", "Add…", self._on_add_clicked),
            ("remove", "Remove", self._on_remove_clicked),
            ("test", "Test connection", self._on_test_clicked),
            ("password", "Password…", self._on_password_clicked),
            ("sync", "Sync now", self._on_sync_clicked),
        ):
            button = QPushButton(text)
            button.clicked.connect(handler)
            row.addWidget(button)
            self.buttons[name] = button
        row.insertStretch(4)
        return row

    def reload(self) -> None:
        """Shows the stored accounts; the buttons that need one wait for a selection."""
        self.model.set_rows(list_accounts())
        if self.model.rowCount():
            self.table.selectRow(0)
        chosen = self.model.rowCount() > 0
        for name in ("remove", "test", "password", "sync"):
            self.buttons[name].setEnabled(chosen)

    def selected(self) -> Account | None:
        """The account selected in the list."""
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _on_add_clicked(self) -> None:
        dialog = AddMailAccountDialog(self._mail.passwords, self._now, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.added is not None:
            self.reload()
            self.line.setText(f"{dialog.added.name} added: Sync now reads its new mail.")

    def _on_remove_clicked(self) -> None:
        from freelance_ghost.services.mail.errors import MailError

        account = self.selected()
        if account is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove mail account",
            f"Stop reading {account.name} and forget its password? The conversations already "
            "learnt from it stay.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with database_refusals():
                remove_account(account.name)
        except DatabaseWriteError as error:  # locked by a sync or check: nothing was removed
            self.line.setText(as_sentence(f"{error}; {account.name} is kept"))
            return
        except LookupError:  # removed meanwhile (from the command line): gone, as asked
            pass
        self.reload()
        try:
            self._mail.passwords.forget(account.name)
        except MailError as error:
            self.line.setText(as_sentence(str(error)))
            return
        self.line.setText(f"{account.name} removed.")

    def _on_test_clicked(self) -> None:
        account = self.selected()
        if account is None:
            return
        password = self._mail.passwords.typed(account.name)
        if password is None and not self._mail.passwords.keyring_works():
            password = self._ask_password(account)
            if password is None:
                return
        self.buttons["test"].setEnabled(False)
        self.line.setText(f"Trying {account.host}…")
        self.tester.run(account, password, self._mail.passwords)

    def _on_test_finished(self, _worked: bool, line: str) -> None:
        self.buttons["test"].setEnabled(self.model.rowCount() > 0)
        self.line.setText(line)

    def _on_password_clicked(self) -> None:
        account = self.selected()
        if account is not None:
            self._ask_password(account)

    def _ask_password(self, account: Account) -> str | None:
        """Asks for the account's password and keeps it (keyring, else this session)."""
        from freelance_ghost.services.mail.errors import MailError

        password = ask_password(self, account)
        if password is None:
            return None
        try:
            kept = self._mail.passwords.keep(account.name, password)
        except MailError as error:
            self.line.setText(as_sentence(str(error)))
            return None
        where = "in the system keyring" if kept else "for this session only (no keyring here)"
        self.line.setText(f"The password of {account.name} is kept {where}.")
        return password

    def _on_sync_clicked(self) -> None:
        self._mail.sync_now()

    def _on_mail_finished(self, outcome: SyncOutcome) -> None:
        self.line.setText(outcome.summary())

    def done(self, result: int) -> None:
        """Stops listening to the sync, which outlives the dialog."""
        self._mail.progressed.disconnect(self.line.setText)
        self._mail.finished.disconnect(self._on_mail_finished)
        super().done(result)


def ask_password(parent: QWidget, account: Account) -> str | None:
    """Asks for an account's password; None when the person cancels."""
    password, ok = QInputDialog.getText(
        parent,
        "Mail password",
        f"Password of {account.username} on {account.host}:",
        QLineEdit.EchoMode.Password,
    )
    return password if ok and password else None
