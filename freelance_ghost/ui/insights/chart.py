"""A horizontal bar chart painted with QPainter in the palette's own colours.

Qt's chart module is not part of the essentials package the app ships with, and horizontal
bars leave room for long labels (a channel, a client's name). Colours come from the palette's
roles, so the chart reads in light and dark themes alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from freelance_ghost.ui.insights.figures import Bar

ROW_HEIGHT = 26.0
BAR_HEIGHT = 16.0
MARGIN = 8.0
GAP = 8.0
MAX_LABEL = 150.0  # longer labels are elided: the table has them whole


class BarChart(QWidget):
    """Bars of one figure, one row each, with the value written beside each bar."""

    def __init__(self) -> None:
        super().__init__()
        self._bars: tuple[Bar, ...] = ()
        self._scale = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: Sequence[Bar], scale: float) -> None:
        """Shows these bars; a bar of value ``scale`` fills the room left by the words."""
        self._bars = tuple(bars)
        self._scale = scale
        self.setAccessibleDescription(
            "; ".join(f"{bar.label}: {bar.text} {bar.note}".strip() for bar in self._bars)
        )
        self.updateGeometry()
        self.update()

    def bars(self) -> tuple[Bar, ...]:
        """The bars shown."""
        return self._bars

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, int(2 * MARGIN + ROW_HEIGHT * max(1, len(self._bars))))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        metrics = QFontMetricsF(self.font())
        label_width = min(
            MAX_LABEL, max([metrics.horizontalAdvance(bar.label) for bar in self._bars] or [0])
        )
        text_width = max(
            [metrics.horizontalAdvance(f"{bar.text}  {bar.note}") for bar in self._bars] or [0]
        )
        left = MARGIN + label_width + GAP
        room = max(0.0, self.width() - left - GAP - text_width - MARGIN)
        for row, bar in enumerate(self._bars):
            top = MARGIN + row * ROW_HEIGHT
            self._paint_row(painter, palette, metrics, bar, top, label_width, left, room)
        painter.end()

    def _paint_row(
        self,
        painter: QPainter,
        palette: QPalette,
        metrics: QFontMetricsF,
        bar: Bar,
        top: float,
        label_width: float,
        left: float,
        room: float,
    ) -> None:
        """One row: the label right-aligned, the bar (or a dashed empty one), then its words."""
        text = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text)
        muted.setAlpha(150)
        middle = Qt.AlignmentFlag.AlignVCenter
        painter.setPen(text)
        label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width)
        painter.drawText(
            QRectF(MARGIN, top, label_width, ROW_HEIGHT),
            Qt.AlignmentFlag.AlignRight | middle,
            label,
        )
        y = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
        length = 0.0
        if bar.value is None:  # too few cases: an empty outline, not a bar of zero
            painter.setPen(QPen(muted, 1.0, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(left, y, min(room, 40.0), BAR_HEIGHT))
            length = min(room, 40.0)
        elif self._scale > 0:
            length = max(1.0, room * bar.value / self._scale) if bar.value else 0.0
            role = QPalette.ColorRole.Link if bar.marked else QPalette.ColorRole.Highlight
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(role))
            painter.drawRoundedRect(QRectF(left, y, length, BAR_HEIGHT), 3.0, 3.0)
        words_left = left + length + GAP
        painter.setPen(text if bar.value is not None else muted)
        painter.drawText(
            QRectF(words_left, top, self.width() - words_left, ROW_HEIGHT),
            Qt.AlignmentFlag.AlignLeft | middle,
            bar.text,
        )
        if bar.note:
            painter.setPen(muted)
            note_left = words_left + metrics.horizontalAdvance(bar.text + "  ")
            painter.drawText(
                QRectF(note_left, top, self.width() - note_left, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignLeft | middle,
                bar.note,
            )
