"""Help, Diagnostics: what ``freelance-ghost doctor`` says, plus the tray, with a Copy button."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.services.doctor import Diagnosis

CHECKING = "Checking…"


class DiagnosisCheck(QObject):
    """Runs doctor's checks on a worker thread: they read the database (quick_check), wait on
    D-Bus for up to seconds and may ask the keyring, which can prompt; the window must not
    freeze meanwhile."""

    finished = Signal(object)  # Diagnosis, queued to the window's thread

    def __init__(self, run: Callable[[], Diagnosis]) -> None:
        super().__init__()
        self._run = run

    def start(self) -> None:
        """Starts the checks; ``finished`` carries the diagnosis when they are done."""
        threading.Thread(target=self._work, name="diagnostics", daemon=True).start()

    def _work(self) -> None:
        self.finished.emit(self._run())  # diagnose never raises: a failed check is a problem


class DiagnosticsDialog(QDialog):
    """The diagnosis as text a user can copy into a message to whoever helps them.

    It opens at once saying "Checking…" and fills in when ``check`` finishes; Copy waits
    for the diagnosis.
    """

    diagnosed = Signal()  # the diagnosis is shown and can be copied

    def __init__(self, check: DiagnosisCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Diagnostics")
        self.resize(760, 420)
        self.text = ""
        intro = QLabel(
            "What the app needs, as this computer has it. Copy it into a message when you "
            "ask for help; it holds no client data."
        )
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(CHECKING)
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Diagnosis")
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setEnabled(False)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)
        self.check = check  # kept with the dialog until its answer arrives
        check.finished.connect(self._on_check_finished)
        check.start()

    def _on_check_finished(self, diagnosis: Diagnosis) -> None:
        self.text = diagnosis.text()
        self.report.setPlainText(self.text)
        self.copy_button.setEnabled(True)
        self.diagnosed.emit()

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
        self.copy_button.setText("Copied")
