"""Help, Diagnostics: what ``freelance-ghost doctor`` says, plus the tray, with a Copy button."""

from __future__ import annotations

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


class DiagnosticsDialog(QDialog):
    """The diagnosis as text a user can copy into a message to whoever helps them."""

    def __init__(self, diagnosis: Diagnosis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Diagnostics")
        self.resize(760, 420)
        self.text = diagnosis.text()
        intro = QLabel(
            "What the app needs, as this computer has it. Copy it into a message when you "
            "ask for help; it holds no client data."
        )
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(self.text)
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Diagnosis")
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
        self.copy_button.setText("Copied")
