"""Small vector icons drawn with QPainter (crisp at any DPI): the health and item marks, the ghost."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from freelance_ghost.core.attention import AttentionItem
from freelance_ghost.core.health import Health, item_health

HEALTH_COLOURS = {
    Health.GHOSTED: "#c0392b",
    Health.QUIET: "#d68910",
    Health.PAYMENT_OVERDUE: "#b9770e",
    Health.DUE: "#2e86c1",
    Health.IN_TOUCH: "#229954",
    Health.CLOSED: "#7f8c8d",
}
# A glyph as well as a colour, so the mark reads without colour vision.
_HEALTH_GLYPHS = {
    Health.GHOSTED: "✕",
    Health.QUIET: "!",
    Health.PAYMENT_OVERDUE: "$",
    Health.DUE: "•",
    Health.IN_TOUCH: "✓",
    Health.CLOSED: "–",
}


@cache
def badge_icon(colour: str, glyph: str, size: int = 64) -> QIcon:
    """A filled circle with a white glyph: the health and item marks."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(QRectF(2, 2, size - 4, size - 4))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.55))
    painter.setFont(font)
    painter.setPen(QPen(QColor("white")))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return QIcon(pixmap)


def health_icon(health: Health) -> QIcon:
    """The mark for a client's health."""
    return badge_icon(HEALTH_COLOURS[health], _HEALTH_GLYPHS[health])


def kind_icon(item: AttentionItem) -> QIcon:
    """The mark for one attention item, by how it affects the relationship."""
    return health_icon(item_health(item))


@cache
def ghost_icon(size: int = 96) -> QIcon:
    """The friendly ghost of the empty Today list."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#3d5a80"), size / 24))
    painter.setBrush(QColor("#e8eef7"))
    scale = size / 64
    body = [
        QPointF(14, 58), QPointF(14, 28), QPointF(20, 14), QPointF(32, 9), QPointF(44, 14),
        QPointF(50, 28), QPointF(50, 58), QPointF(44, 53), QPointF(38, 58), QPointF(32, 53),
        QPointF(26, 58), QPointF(20, 53),
    ]  # fmt: skip
    painter.drawPolygon([QPointF(p.x() * scale, p.y() * scale) for p in body])
    painter.setBrush(QColor("#293241"))
    painter.setPen(Qt.PenStyle.NoPen)
    for x in (26, 38):
        painter.drawEllipse(QPointF(x * scale, 30 * scale), 3 * scale, 3 * scale)
    painter.end()
    return QIcon(pixmap)
