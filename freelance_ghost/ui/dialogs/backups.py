"""Backups: the list, Back up now, Restore; and the way back when the database is damaged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.services.backups import (
    BackupError,
    BackupInfo,
    BackupReason,
    backup_now,
    list_backups,
    newest_good_backup,
)
from freelance_ghost.services.restore import restore
from freelance_ghost.store.inspection import DatabaseRefusedError
from freelance_ghost.ui.dialogs import as_sentence
from freelance_ghost.ui.rows_model import RowsModel
from freelance_ghost.ui.tables import rows_table

_Index = QModelIndex | QPersistentModelIndex
_REASONS = {
    BackupReason.DAILY: "Daily",
    BackupReason.MANUAL: "By hand",
    BackupReason.MIGRATION: "Before an update",
    BackupReason.RESTORE: "Before a restore",
}


class BackupColumn(IntEnum):
    """The columns of the backups list."""

    TAKEN = 0
    REASON = 1
    SIZE = 2
    STATE = 3


def backup_cell(info: BackupInfo, column: int, zone: tzinfo) -> str:
    """What the backups list shows of a backup."""
    if column == BackupColumn.TAKEN:
        return info.taken_at.astimezone(zone).strftime("%a %d %b %Y %H:%M")
    if column == BackupColumn.REASON:
        return _REASONS.get(info.reason, str(info.reason))
    if column == BackupColumn.SIZE:
        return f"{info.size / 1024:,.0f} KB"
    return "Checked, sound" if info.ok else "Damaged: not offered"


class BackupsDialog(QDialog):
    """Every backup the app keeps (7 daily, 4 weekly, 12 monthly), and restoring one."""

    def __init__(
        self,
        data_dir: Path,
        now: Callable[[], datetime],
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.resize(640, 420)
        self._data_dir, self._now, self._zone = data_dir, now, zone
        self.restored = False
        self.model: RowsModel[BackupInfo] = RowsModel(
            ("Taken", "Why", "Size", "State"), lambda info, column: backup_cell(info, column, zone)
        )
        self.table = rows_table(self.model, "Backups")
        self.table.setWordWrap(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.backup_button = QPushButton("Back up now")
        self.backup_button.clicked.connect(self._on_backup_clicked)
        self.restore_button = QPushButton("Restore this backup…")
        self.restore_button.clicked.connect(self._on_restore_clicked)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Kept in {data_dir / 'backups'}"))
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        """Lists the backups again."""
        self.model.set_rows(list_backups(self._data_dir))
        self.table.resizeColumnsToContents()
        if self.model.rowCount():
            self.table.selectRow(0)
        self.restore_button.setEnabled(self.model.rowCount() > 0)

    def _on_backup_clicked(self) -> None:
        try:
            info = backup_now(self._data_dir, self._now(), BackupReason.MANUAL, self._zone)
        except (BackupError, DatabaseRefusedError) as error:
            self.status.setText(as_sentence(str(error)))
            return
        self.status.setText(f"Backed up to {info.path.name}.")
        self.reload()

    def _on_restore_clicked(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        info = self.model.row_at(index.row())
        taken = info.taken_at.astimezone(self._zone).strftime("%a %d %b %Y %H:%M")
        answer = QMessageBox.question(
            self,
            "Restore backup",
            f"Go back to the records as they were on {taken}? Everything since then is saved "
            "in a backup first, so this can be undone.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            restore(self._data_dir, info.path, self._now(), self._zone)
        except (BackupError, DatabaseRefusedError) as error:
            self.status.setText(as_sentence(str(error)))
            return
        self.restored = True
        self.status.setText(f"Restored the backup of {taken}.")
        self.reload()


def offer_recovery(
    data_dir: Path, problem: DatabaseRefusedError, now: datetime, zone: tzinfo
) -> bool:
    """At start, explains a refused database and offers the newest good backup.

    True when a backup was restored and the app can go on; the damaged file is kept aside.
    """
    backup = newest_good_backup(data_dir) if problem.damaged else None
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Freelance Ghost cannot open your records")
    if backup is None:
        box.setText(str(problem))
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.exec()
        return False
    box.setText(
        "Your records file is damaged, so Freelance Ghost left it as it is. You can go on with "
        "your newest good backup; the damaged file is kept aside, not deleted."
    )
    box.setDetailedText(str(problem))
    use = box.addButton(
        f"Use the backup of {_when(data_dir, backup, zone)}", QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is not use:
        return False
    try:
        restore(data_dir, backup, now, zone)
    except (BackupError, DatabaseRefusedError) as error:
        QMessageBox.critical(None, "The backup could not be restored", as_sentence(str(error)))
        return False
    return True


def _when(data_dir: Path, backup: Path, zone: tzinfo) -> str:
    """When the backup was taken, as its record says."""
    for info in list_backups(data_dir):
        if info.path == backup:
            return info.taken_at.astimezone(zone).strftime("%a %d %b %Y %H:%M")
    return backup.name
