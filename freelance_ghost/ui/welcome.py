"""The first page a new user sees: what the app does and three ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from freelance_ghost.paths import resource_path


class WelcomePage(QWidget):
    """Load the sample year, import a history file, or add a first client."""

    demo_requested = Signal()
    import_requested = Signal()
    new_client_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        content = QWidget()
        content.setFixedWidth(560)
        column = QVBoxLayout(content)
        column.setSpacing(14)
        logo = QLabel()
        logo.setPixmap(QIcon(str(resource_path("freelance-ghost.svg"))).pixmap(96, 96))
        logo.setMinimumHeight(110)
        title = QLabel("<h1>Welcome to Freelance Ghost</h1>")
        text = QLabel(
            "Keep every client relationship alive. Log your conversations, invoices and "
            "check-ins, and Freelance Ghost tells you when someone has gone quiet for longer "
            "than they usually do, and what to try next."
        )
        text.setWordWrap(True)
        for label in (logo, title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(label)
        column.addSpacing(10)
        self.demo_button = QPushButton("Load a sample year")
        self.demo_button.setAccessibleName("Load a sample year of clients")
        self.demo_button.setDefault(True)
        self.demo_button.clicked.connect(self.demo_requested)
        self.import_button = QPushButton("Import a history file…")
        self.import_button.clicked.connect(self.import_requested)
        self.first_client_button = QPushButton("Add your first client…")
        self.first_client_button.clicked.connect(self.new_client_requested)
        for button in (self.demo_button, self.import_button, self.first_client_button):
            button.setMinimumSize(280, 36)
            column.addWidget(button, alignment=Qt.AlignmentFlag.AlignHCenter)
        centred = QVBoxLayout(self)
        centred.addStretch()
        centred.addWidget(content, alignment=Qt.AlignmentFlag.AlignHCenter)
        centred.addStretch()
