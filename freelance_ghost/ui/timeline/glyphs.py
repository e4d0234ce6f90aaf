"""Small vector glyphs for the timeline's badges: one per channel, invoice step and check-in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap

from freelance_ghost.core.channels import CHANNELS
from freelance_ghost.core.kinds import Channel
from freelance_ghost.core.timeline_events import InvoiceStep

# Each glyph is drawn in a unit box centred on the origin, with a pen 0.12 units wide.
Glyph = Callable[[QPainter], None]
_STROKE = 0.12


def _envelope(painter: QPainter) -> None:
    painter.drawRoundedRect(QRectF(-0.46, -0.32, 0.92, 0.64), 0.06, 0.06)
    painter.drawPolyline([QPointF(-0.44, -0.28), QPointF(0, 0.06), QPointF(0.44, -0.28)])


def _handset(painter: QPainter) -> None:
    ring = QRectF(-0.36, -0.36, 0.72, 0.72)
    painter.drawArc(ring, 150 * 16, 150 * 16)
    thick = QPen(painter.pen())
    thick.setWidthF(0.3)
    painter.setPen(thick)
    painter.drawArc(ring, 135 * 16, 32 * 16)
    painter.drawArc(ring, 283 * 16, 32 * 16)


def _bubble(painter: QPainter) -> None:
    painter.drawRoundedRect(QRectF(-0.46, -0.38, 0.92, 0.6), 0.16, 0.16)
    painter.drawPolyline([QPointF(-0.24, 0.22), QPointF(-0.34, 0.44), QPointF(0.02, 0.22)])
    painter.setBrush(_ink(painter))
    painter.setPen(Qt.PenStyle.NoPen)
    for x in (-0.22, 0.0, 0.22):
        painter.drawEllipse(QPointF(x, -0.08), 0.065, 0.065)


def _camera(painter: QPainter) -> None:
    painter.drawRoundedRect(QRectF(-0.46, -0.26, 0.6, 0.52), 0.08, 0.08)
    painter.drawPolygon(
        [QPointF(0.16, -0.04), QPointF(0.46, -0.24), QPointF(0.46, 0.24), QPointF(0.16, 0.04)]
    )


def _person(painter: QPainter) -> None:
    painter.drawEllipse(QPointF(0, -0.2), 0.17, 0.17)
    painter.drawArc(QRectF(-0.36, 0.08, 0.72, 0.72), 0, 180 * 16)


def _globe(painter: QPainter) -> None:
    painter.drawEllipse(QPointF(0, 0), 0.42, 0.42)
    painter.drawEllipse(QPointF(0, 0), 0.17, 0.42)
    painter.drawLine(QPointF(-0.42, 0), QPointF(0.42, 0))


def _dot(painter: QPainter) -> None:
    painter.setBrush(_ink(painter))
    painter.drawEllipse(QPointF(0, 0), 0.16, 0.16)


def _document(painter: QPainter) -> None:
    painter.drawPolygon(
        [
            QPointF(-0.3, -0.44),
            QPointF(0.14, -0.44),
            QPointF(0.32, -0.26),
            QPointF(0.32, 0.44),
            QPointF(-0.3, 0.44),
        ]
    )
    for y in (-0.1, 0.08, 0.26):
        painter.drawLine(QPointF(-0.14, y), QPointF(0.16, y))


def _flag(painter: QPainter) -> None:
    painter.drawLine(QPointF(-0.26, -0.44), QPointF(-0.26, 0.44))
    painter.setBrush(_ink(painter))
    painter.drawPolygon([QPointF(-0.26, -0.42), QPointF(0.38, -0.24), QPointF(-0.26, -0.04)])


def _check(painter: QPainter) -> None:
    wide = QPen(painter.pen())
    wide.setWidthF(0.17)
    painter.setPen(wide)
    painter.drawPolyline([QPointF(-0.34, 0.02), QPointF(-0.1, 0.26), QPointF(0.36, -0.24)])


def _part(painter: QPainter) -> None:
    painter.drawEllipse(QPointF(0, 0), 0.36, 0.36)
    painter.setBrush(_ink(painter))
    painter.drawPie(QRectF(-0.36, -0.36, 0.72, 0.72), 90 * 16, 180 * 16)


def _calendar(painter: QPainter) -> None:
    painter.drawRoundedRect(QRectF(-0.4, -0.3, 0.8, 0.72), 0.08, 0.08)
    painter.drawLine(QPointF(-0.4, -0.08), QPointF(0.4, -0.08))
    for x in (-0.18, 0.18):
        painter.drawLine(QPointF(x, -0.44), QPointF(x, -0.2))


def _ink(painter: QPainter) -> QColor:
    return painter.pen().color()


class BadgeStyle(Protocol):
    """What a badge takes from the theme: the background it sits on and the font of counts."""

    base: QColor
    badge: QFont


_CHANNEL_SHAPES: dict[str, Glyph] = {  # keyed by the glyph names of core/channels.py
    "envelope": _envelope,
    "handset": _handset,
    "bubble": _bubble,
    "camera": _camera,
    "person": _person,
    "globe": _globe,
    "dot": _dot,
}
CHANNEL_GLYPHS: dict[Channel, Glyph] = {
    channel: _CHANNEL_SHAPES[words.glyph] for channel, words in CHANNELS.items()
}
INVOICE_GLYPHS: dict[InvoiceStep, Glyph] = {
    InvoiceStep.ISSUED: _document,
    InvoiceStep.DUE: _flag,
    InvoiceStep.PAID: _check,
}
PART_PAYMENT_GLYPH: Glyph = _part
CHECKIN_GLYPH: Glyph = _calendar


def draw_glyph(painter: QPainter, glyph: Glyph, centre: QPointF, size: float, ink: QColor) -> None:
    """Draws ``glyph`` ``size`` pixels wide around ``centre`` in ``ink``."""
    painter.save()
    painter.translate(centre)
    painter.scale(size, size)
    pen = QPen(ink, _STROKE)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    glyph(painter)
    painter.restore()


def draw_badge(
    painter: QPainter,
    centre: QPointF,
    radius: float,
    fill: QColor,
    glyph: Glyph | None,
    count: int,
    style: BadgeStyle,
) -> None:
    """A filled circle with a white glyph; a stack of two with a count when it stands for several."""
    painter.setPen(QPen(style.base, 1.5))
    if count > 1:
        painter.setBrush(fill.lighter(140))
        painter.drawEllipse(centre + QPointF(3, -3), radius, radius)
    painter.setBrush(fill)
    painter.drawEllipse(centre, radius, radius)
    white = QColor(Qt.GlobalColor.white)
    if count > 1:
        painter.setPen(white)
        painter.setFont(style.badge)
        box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, count_label(count))
    elif glyph is not None:
        draw_glyph(painter, glyph, centre, radius * 1.15, white)


class BadgeSprites:
    """Badges drawn once into pixmaps, then stamped: a paint copies pixels instead of drawing.

    Belongs to one theme (its background outlines the badges); a new theme gets a new one.
    """

    _LIMIT = 600  # distinct badges kept; counts are the only thing that varies much
    _PAD = 5.0  # room for the stacked second circle and its outline

    def __init__(self, style: BadgeStyle) -> None:
        self._style = style
        self._pixmaps: dict[tuple[float, int, Glyph | None, str, float], QPixmap] = {}

    def stamp(
        self,
        painter: QPainter,
        centre: QPointF,
        radius: float,
        fill: QColor,
        glyph: Glyph | None,
        count: int,
    ) -> None:
        """Draws the badge centred on ``centre``."""
        ratio = painter.paintEngine().paintDevice().devicePixelRatioF()
        label = count_label(count) if count > 1 else ""
        key = (radius, fill.rgba(), glyph if count <= 1 else None, label, ratio)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            if len(self._pixmaps) >= self._LIMIT:
                self._pixmaps.clear()
            pixmap = self._pixmaps[key] = self._draw(radius, fill, glyph, count, ratio)
        half = radius + self._PAD
        painter.drawPixmap(QPointF(centre.x() - half, centre.y() - half), pixmap)

    def _draw(
        self, radius: float, fill: QColor, glyph: Glyph | None, count: int, ratio: float
    ) -> QPixmap:
        side = 2 * (radius + self._PAD)
        pixmap = QPixmap(round(side * ratio), round(side * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw_badge(painter, QPointF(side / 2, side / 2), radius, fill, glyph, count, self._style)
        painter.end()
        return pixmap


def count_label(count: int) -> str:
    """'7', '312', '4k': short enough for a badge."""
    return str(count) if count < 1000 else f"{count // 1000}k"
