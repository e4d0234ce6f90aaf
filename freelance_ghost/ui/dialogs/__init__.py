"""Dialogs: one module each; every field validates inline and nothing invalid is saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.core.clock import FIRST_YEAR, LAST_YEAR
from freelance_ghost.core.names import NameRefusedError, clean_name
from freelance_ghost.core.plurals import form_for
from freelance_ghost.core.record_rules import RecordRuleError
from freelance_ghost.store.errors import DatabaseWriteError, database_refusals


def as_sentence(reason: str) -> str:
    """A store's refusal ('only 250.00 EUR is still owed') as a sentence for a person."""
    text = reason.strip()
    return f"{text[:1].upper()}{text[1:]}{'' if text.endswith('.') else '.'}"


def warn_nothing_imported(parent: QWidget, error: DatabaseWriteError) -> None:
    """Says an import the database refused (locked, full, read-only) was rolled back whole:
    every file import words it the same way."""
    QMessageBox.warning(
        parent, "Nothing was imported", as_sentence(f"{error}; nothing was imported")
    )


def warn_export_unread(parent: QWidget, error: DatabaseWriteError, path: Path) -> None:
    """Says an export's reading was refused and that ``path`` was left as it was: every file
    export words it the same way."""
    QMessageBox.warning(
        parent,
        "Export failed",
        as_sentence(f"the records could not be read ({error.reason}); {path} is unchanged"),
    )


def rule_reason(rule: Callable[..., None], *values: object) -> str:
    """Why a record rule refuses ``values``, as the sentence a field shows (empty: fine):
    the dialogs check what they can before saving with the rules every writer obeys."""
    try:
        rule(*values)
    except RecordRuleError as error:
        return as_sentence(str(error))
    return ""


def unit_suffix(box: QSpinBox, one: str, other: str) -> None:
    """Keeps a spin box's unit in the form its value takes: '1 day', '14 days'."""

    def follow(value: int) -> None:
        box.setSuffix(form_for(value, one, other))

    box.valueChanged.connect(follow)
    follow(box.value())


def name_reason(text: str, missing: str) -> str:
    """Why a name (or invoice number) is refused: ``missing`` when it is empty, else the
    invisible character it holds, as the store and a history file would refuse it."""
    try:
        cleaned = clean_name(text)
    except NameRefusedError as error:
        return as_sentence(str(error))
    return "" if cleaned else missing


def within_supported_years(edit: QDateTimeEdit) -> QDateTimeEdit:
    """Lets a date field offer only days the records take: the supported years, less a day
    at each end, so the instant of any local time that day is inside them in UTC too."""
    edit.setDateRange(QDate(FIRST_YEAR, 1, 2), QDate(LAST_YEAR, 12, 30))
    return edit


def picked_day(edit: QDateTimeEdit) -> date:
    """The calendar day a date field holds, as Python's ``date`` (PySide's ``toPython()``
    gives the same day but is declared to return any object)."""
    day = edit.date()
    return date(day.year(), day.month(), day.day())


class FieldError(QLabel):
    """The reason a field is not accepted, shown right under it."""

    def __init__(self) -> None:
        super().__init__()
        self.setStyleSheet("color: #c0392b;")
        self.setWordWrap(True)
        self.hide()

    def show_reason(self, reason: str) -> None:
        """Shows ``reason``, or hides the label when it is empty."""
        self.setText(reason)
        self.setVisible(bool(reason))


class ValidatedDialog(QDialog):
    """A form whose Save button is enabled only while every field is valid."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.errors: dict[str, FieldError] = {}
        self.refusal_field: str | None = None  # where a refusal from the store is shown

    def add_field(
        self, name: str, label: str, widget: QWidget, form: QFormLayout | None = None
    ) -> QWidget:
        """A labelled field with room for its error under it (in ``form``, else the dialog's)."""
        error = FieldError()
        self.errors[name] = error
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        widget.setAccessibleName(label.replace("&", ""))
        (form or self.form).addRow(label, box)
        return widget

    def finish_form(self) -> None:
        """Adds the buttons and runs the first validation."""
        self.form.addRow(self.buttons)
        self.revalidate()

    def revalidate(self) -> bool:
        """Shows every field's reason and enables Save only when there are none."""
        reasons = self.validate()
        for name, error in self.errors.items():
            error.show_reason(reasons.get(name, ""))
        self._make_room()
        ok = not any(reasons.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)
        return ok

    def _make_room(self) -> None:
        """Fits the dialog's height to its fields and reasons once the reasons are laid out:
        a reason wrapped over two lines does not make a window taller by itself (Qt sizes
        windows without height-for-width), and a reason gone leaves no gap. Before the
        dialog is shown Qt sizes it itself."""
        if self.isVisible():
            QTimer.singleShot(0, self, self._fit_height)

    def _fit_height(self) -> None:
        needed = self.form.totalHeightForWidth(self.width())
        if needed != self.height():
            self.resize(self.width(), needed)

    def validate(self) -> dict[str, str]:
        """Field name to the reason it is refused (empty: fine); subclasses say."""
        return {}

    def save(self) -> str:
        """Writes the record; returns the store's reason when it refused (shown in the form)."""
        return ""

    def _on_buttons_accepted(self) -> None:
        if not self.revalidate():
            return
        try:
            with database_refusals():
                refusal = self.save()
        except DatabaseWriteError as error:  # a full disk, a read-only folder…
            refusal = f"nothing was saved: {error}"
        if refusal:
            field = self.refusal_field or next(iter(self.errors))
            self.errors[field].show_reason(as_sentence(refusal))
            return
        self.accept()
