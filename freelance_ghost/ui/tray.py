"""The tray icon: how much is waiting, the top items, and the app's controls when it is hidden."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from freelance_ghost.core.plurals import form_for
from freelance_ghost.core.report import ReportedItem
from freelance_ghost.paths import resource_path
from freelance_ghost.services.reminders import title

TOP_ITEMS = 5
_SIZE = 64


def tray_icon(waiting: int) -> QIcon:
    """The ghost alone, or with a badge counting what waits (the count, not colour alone).

    ``tray-waiting.svg`` (a badge with "!") is for desktops that show the icon file itself.
    """
    if waiting == 0:
        return QIcon(str(resource_path("tray-idle.svg")))
    pixmap = QIcon(str(resource_path("tray-idle.svg"))).pixmap(_SIZE, _SIZE)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ee6c4d"))
    badge = QRectF(_SIZE * 0.5, 0, _SIZE * 0.5, _SIZE * 0.42)
    painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(_SIZE * 0.32))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "99+" if waiting > 99 else str(waiting))
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    """The icon and its menu; what the menu asks for goes up as signals."""

    open_requested = Signal()
    client_requested = Signal(int)
    check_requested = Signal()
    snooze_all_requested = Signal()
    pause_toggled = Signal(bool)
    quit_requested = Signal()

    def __init__(self, paused: bool) -> None:
        super().__init__()
        self.icon = QSystemTrayIcon(tray_icon(0))
        self.shown = False  # a plain flag: the reminder thread reads it
        self.menu = QMenu()
        self.pause_action = QAction("Pause notifications", self)  # kept across menu.clear()
        self.pause_action.setCheckable(True)
        self.pause_action.setChecked(paused)
        self.pause_action.toggled.connect(self.pause_toggled)
        self.show_items([])
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_icon_activated)

    @staticmethod
    def available() -> bool:
        """Whether the desktop has a tray to put the icon in."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def hold(self, held: bool) -> None:
        """Greys the menu while ``held``: an import in the window has its transaction open,
        and a snooze or pause written now would land inside it (and be undone with it)."""
        self.menu.setEnabled(not held)

    def show(self) -> None:
        """Puts the icon in the tray."""
        self.icon.show()
        self.shown = True

    def show_items(self, items: list[ReportedItem]) -> None:
        """Shows how many items wait, and lists the most urgent in the menu."""
        count = len(items)
        self.icon.setIcon(tray_icon(count))
        waiting = form_for(count, "1 thing needs you", f"{count} things need you")
        self.icon.setToolTip(f"Freelance Ghost: {waiting if count else 'all quiet'}")
        self.menu.clear()
        self.menu.addAction("Open Freelance Ghost", self.open_requested.emit)
        if items:
            self.menu.addSeparator()
        for reported in items[:TOP_ITEMS]:
            label = title(reported.item)
            client_id = reported.item.client_id
            self.menu.addAction(label, partial(self.client_requested.emit, client_id))
        self.menu.addSeparator()
        self.menu.addAction("Check now", self.check_requested.emit)
        self.menu.addAction("Snooze all for an hour", self.snooze_all_requested.emit)
        self.menu.addAction(self.pause_action)
        self.menu.addSeparator()
        self.menu.addAction("Quit", self.quit_requested.emit)

    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()


class TrayNotifier(QObject):
    """The Qt fallback for notifications: a balloon from the tray icon.

    Reminder checks run off the window's thread; the balloon is shown on the window's thread
    through a queued signal.
    """

    _balloon = Signal(str, str)

    def __init__(self, tray: Tray) -> None:
        super().__init__()
        self.tray = tray
        self._balloon.connect(self._on_balloon)

    def notify(self, title: str, body: str) -> bool:
        """Shows the balloon when the icon is in the tray."""
        if not self.tray.shown:
            return False
        self._balloon.emit(title, body)
        return True

    def _on_balloon(self, title: str, body: str) -> None:
        self.tray.icon.showMessage(title, body, tray_icon(1), 10_000)
