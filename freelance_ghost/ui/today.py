"""Today: what needs the freelancer now, grouped, with the actions that fit each item."""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import partial
from html import escape

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.core.attention import (
    DeadlineItem,
    InvoiceItem,
    SilenceItem,
    WindowShopperItem,
)
from freelance_ghost.core.plurals import counted
from freelance_ghost.core.report import ReportedItem
from freelance_ghost.services.reminders import SnoozeChoice, item_key
from freelance_ghost.ui.icons import ghost_icon
from freelance_ghost.ui.item_models import ITEM_ROLE, AttentionModel

SNOOZES: tuple[tuple[str, SnoozeChoice], ...] = (
    ("For an hour", SnoozeChoice.HOUR),
    ("Until tomorrow morning", SnoozeChoice.TOMORROW_MORNING),
    ("For a day", SnoozeChoice.DAY),
    ("For 3 days", SnoozeChoice.THREE_DAYS),
    ("For a week", SnoozeChoice.WEEK),
)
_PAD = 8
_ICON = 22


_PHRASES = {
    "silence": ("client to follow up", "clients to follow up"),
    "checkin_due": ("check-in due", "check-ins due"),
    "next_step_due": ("next step due", "next steps due"),
    "invoice_overdue": ("invoice overdue", "invoices overdue"),
    "deadline_due": ("deadline near", "deadlines near"),
    "window_shopper": ("lead to decide on", "leads to decide on"),
}


def _count_phrase(kind: str, count: int) -> str:
    return counted(count, *_PHRASES[kind])


def _identity(reported: ReportedItem | None) -> str | None:
    """Which item this is across refreshes (the reminders' key for it)."""
    return str(item_key(reported.item)) if reported is not None else None


class AttentionDelegate(QStyledItemDelegate):
    """Draws an item as its client in bold over the sentence, wrapped to the view's width."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        reported = index.data(ITEM_ROLE)
        if reported is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colour = option.palette.highlightedText() if selected else option.palette.text()
        rect = option.rect.adjusted(_PAD + _ICON + _PAD, _PAD, -_PAD, -_PAD)
        painter.save()
        painter.setPen(colour.color())
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        line = QFontMetrics(bold).height()
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line), 0, reported.item.client
        )
        painter.setFont(option.font)
        body = QRect(rect.left(), rect.top() + line + 2, rect.width(), rect.height() - line)
        painter.drawText(body, Qt.TextFlag.TextWordWrap, reported.sentence)
        painter.restore()

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        reported = index.data(ITEM_ROLE)
        if reported is None:
            return QSize(200, QFontMetrics(option.font).height() + _PAD * 2)
        view = option.widget
        shown = view.viewport().width() if isinstance(view, QAbstractItemView) else 600
        width = shown - _ICON - 4 * _PAD - 40
        metrics = QFontMetrics(option.font)
        text = metrics.boundingRect(
            QRect(0, 0, max(200, width), 10_000), Qt.TextFlag.TextWordWrap, reported.sentence
        )
        return QSize(width, metrics.height() + 2 + text.height() + 2 * _PAD)


class TodayPage(QWidget):
    """The start page: attention items, and what you can do about the selected one."""

    log_reply_requested = Signal(object)
    log_follow_up_requested = Signal(object)
    copy_message_requested = Signal(object)
    close_lead_requested = Signal(object)  # ReportedItem of a window shopper
    email_requested = Signal(object)
    snooze_requested = Signal(object, object)
    open_client_requested = Signal(int)
    selection_changed = Signal(object)

    def __init__(self, zone: tzinfo) -> None:
        super().__init__()
        self._zone = zone
        self.model = AttentionModel()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.summary = QLabel()
        self.view = self._build_view()
        self.detail = self._build_detail()
        self.empty = self._build_empty()
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        self._show_selected(None)

    def set_items(self, items: list[ReportedItem], now: datetime) -> None:
        """Shows the engine's list at ``now``, keeping the selected item selected."""
        selected = self.selected()
        previous = _identity(selected) if selected is not None else None
        self.model.set_items(items)
        self.view.expandAll()
        local = now.astimezone(self._zone)
        self.title.setText(f"<h1>Today</h1><span>{local:%A %d %B %Y}</span>")
        self.summary.setText(
            " · ".join(_count_phrase(kind, n) for kind, n in self.model.kind_counts())
        )
        self.stack.setCurrentWidget(self.empty if not items else self.splitter)
        again = self._index_of(previous) if previous is not None else QModelIndex()
        start = again if again.isValid() else self.model.index(0, 0, self.model.index(0, 0))
        if start.isValid():
            self.view.setCurrentIndex(start)
        else:
            self._show_selected(None)

    def _index_of(self, key: str) -> QModelIndex:
        """Where the item that was selected stands now (a refresh keeps your place)."""
        for group in range(self.model.rowCount()):
            parent = self.model.index(group, 0)
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                if _identity(self.model.reported_at(index)) == key:
                    return index
        return QModelIndex()

    def selected(self) -> ReportedItem | None:
        """The item the actions apply to."""
        return self.model.reported_at(self.view.currentIndex())

    def _build_view(self) -> QTreeView:
        view = QTreeView()
        view.setModel(self.model)
        view.setHeaderHidden(True)
        view.setItemDelegate(AttentionDelegate(view))
        view.setAccessibleName("Items that need attention")
        view.setUniformRowHeights(False)
        view.setWordWrap(True)
        view.setIndentation(12)
        view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        view.doubleClicked.connect(self._on_view_double_clicked)
        return view

    def _build_detail(self) -> QWidget:
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(panel)
        self.detail_title = QLabel()
        self.detail_title.setWordWrap(True)
        self.detail_text = QLabel()
        self.detail_text.setWordWrap(True)
        self.detail_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail_title)
        layout.addWidget(self.detail_text)
        self.reply_button = QPushButton("Log reply")
        self.reply_button.setToolTip("They answered: log their message")
        self.follow_up_button = QPushButton("Log follow-up")
        self.copy_button = QPushButton("Copy message")
        self.email_button = QPushButton("Email…")
        self.open_button = QPushButton("Open client")
        self.close_lead_button = QPushButton("Mark lead closed")
        self.close_lead_button.setToolTip("Let this lead go: it leaves Today, its history stays")
        self.close_lead_button.clicked.connect(lambda: self._emit(self.close_lead_requested))
        self.snooze_button = QToolButton()
        self.snooze_button.setText("Snooze")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.snooze_button)
        for label, choice in SNOOZES:
            menu.addAction(label, partial(self._emit, self.snooze_requested, choice))
        self.snooze_button.setMenu(menu)
        self.reply_button.clicked.connect(lambda: self._emit(self.log_reply_requested))
        self.follow_up_button.clicked.connect(lambda: self._emit(self.log_follow_up_requested))
        self.copy_button.clicked.connect(lambda: self._emit(self.copy_message_requested))
        self.email_button.clicked.connect(lambda: self._emit(self.email_requested))
        self.open_button.clicked.connect(self._on_open_clicked)
        for row in (
            (self.reply_button, self.follow_up_button),
            (self.copy_button, self.email_button),
            (self.snooze_button, self.open_button),
            (self.close_lead_button,),
        ):
            line = QHBoxLayout()
            for button in row:
                button.setMinimumHeight(32)
                line.addWidget(button)
            layout.addLayout(line)
        layout.addStretch()
        return panel

    def _build_empty(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch()
        icon = QLabel()
        icon.setPixmap(ghost_icon().pixmap(96, 96))
        text = QLabel(
            "<h2>Nothing needs you right now</h2>"
            "Every client has heard from you recently and nothing is overdue. Enjoy the quiet."
        )
        for label in (icon, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addStretch()
        return page

    def _emit(self, signal: SignalInstance, *extra: object) -> None:
        reported = self.selected()
        if reported is not None:
            signal.emit(reported, *extra)

    def _on_open_clicked(self) -> None:
        reported = self.selected()
        if reported is not None:
            self.open_client_requested.emit(reported.item.client_id)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        reported = self.model.reported_at(index)
        if reported is not None:
            self.open_client_requested.emit(reported.item.client_id)

    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        reported = self.model.reported_at(current)
        self._show_selected(reported)
        self.selection_changed.emit(reported)

    def _show_selected(self, reported: ReportedItem | None) -> None:
        buttons = (
            self.reply_button,
            self.follow_up_button,
            self.copy_button,
            self.email_button,
            self.snooze_button,
            self.open_button,
        )
        for button in buttons:
            button.setEnabled(reported is not None)
        if reported is None:
            self.close_lead_button.hide()
            self.detail_title.setText("<h3>Select an item</h3>")
            self.detail_text.setText("")
            return
        # Money owed and the user's own deadlines are no conversation to log a reply to.
        is_conversation = not isinstance(reported.item, InvoiceItem | DeadlineItem)
        self.reply_button.setEnabled(is_conversation)
        self.follow_up_button.setEnabled(is_conversation)
        self.close_lead_button.setVisible(isinstance(reported.item, WindowShopperItem))
        suggestion = ""
        if isinstance(reported.item, SilenceItem):
            suggestion = (
                f"<p><i>Step {min(reported.item.attempts, 5)} of 5 on the follow-up ladder.</i></p>"
            )
        self.detail_title.setText(f"<h2>{escape(reported.item.client)}</h2>")
        self.detail_text.setText(f"<p>{escape(reported.sentence)}</p>{suggestion}")
