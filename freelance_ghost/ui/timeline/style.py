"""The timeline's look: its rows and sizes, semantic colours, and the theme's pens and fonts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPalette, QPen

from freelance_ghost.core.kinds import Direction
from freelance_ghost.core.timeline import Tone
from freelance_ghost.core.timeline_events import InvoiceEvent, InvoiceStep, Message, TimelineEvent
from freelance_ghost.ui.timeline.glyphs import (
    CHANNEL_GLYPHS,
    CHECKIN_GLYPH,
    INVOICE_GLYPHS,
    PART_PAYMENT_GLYPH,
    BadgeSprites,
    Glyph,
)
from freelance_ghost.ui.timeline.layout import Lane

GUTTER, RIGHT_MARGIN = 88.0, 16.0
LEGEND_HEIGHT, AXIS_HEIGHT, MONEY_GAP = 32.0, 46.0, 8.0
SILENCE_HEIGHT = 22.0
_LANE_HEIGHTS = {Lane.YOU: 40.0, Lane.THEM: 40.0, Lane.MONEY: 40.0, Lane.CHECKINS: 32.0}
MIN_HEIGHT = LEGEND_HEIGHT + SILENCE_HEIGHT + MONEY_GAP + AXIS_HEIGHT + sum(_LANE_HEIGHTS.values())
BADGE_RADIUS = {Lane.YOU: 11.0, Lane.THEM: 11.0, Lane.MONEY: 11.0, Lane.CHECKINS: 9.0}
BADGE_GAP = 24.0  # badges closer than this are drawn as one, with a count
SILENCE_TITLE = "Silence"
MIN_LABEL_WIDTH = 40.0  # narrower silences are left unlabelled

# Semantic colours, the same in light and dark themes; white glyphs read on all of them.
YOU = QColor("#2f6fde")
THEM = QColor("#11806a")
INVOICE = QColor("#5b6b7f")
OWED = QColor("#b45309")
PAID = QColor("#2e7d32")
CHECKIN = QColor("#7c5cbf")
AMBER = QColor("#f0a030")
AMBER_INK = QColor("#2b1a00")
RED = QColor("#c62828")
LANE_COLOURS = {Lane.YOU: YOU, Lane.THEM: THEM, Lane.MONEY: INVOICE, Lane.CHECKINS: CHECKIN}
LEGEND = (
    (Tone.WAITING, "Waiting for a reply"),
    (Tone.PAST_THRESHOLD, "Longer than their usual pace"),
    (Tone.GHOSTED, "Ghosted"),
)
HINT = "Scroll to zoom · drag to pan"


@dataclass(frozen=True)
class Rows:
    """Where each row of the timeline sits in the widget."""

    left: float
    right: float
    lanes: dict[Lane, QRectF]
    silence: QRectF
    axis_top: float

    @property
    def plot(self) -> QRectF:
        """The area marks are drawn in (everything but the gutter and the legend)."""
        height = self.axis_top + AXIS_HEIGHT - LEGEND_HEIGHT
        return QRectF(self.left, LEGEND_HEIGHT, self.right - self.left, height)


def rows_for(width: float, height: float) -> Rows:
    """Rows for a widget of this size; extra height is shared by the lanes."""
    extra = max(0.0, height - MIN_HEIGHT) / len(_LANE_HEIGHTS)
    y = LEGEND_HEIGHT
    lanes: dict[Lane, QRectF] = {}
    silence = QRectF()
    for lane in Lane:
        if lane is Lane.MONEY:
            y += MONEY_GAP
        lanes[lane] = QRectF(GUTTER, y, width - GUTTER - RIGHT_MARGIN, _LANE_HEIGHTS[lane] + extra)
        y += _LANE_HEIGHTS[lane] + extra
        if lane is Lane.YOU:
            silence = QRectF(GUTTER, y, width - GUTTER - RIGHT_MARGIN, SILENCE_HEIGHT)
            y += SILENCE_HEIGHT
    return Rows(GUTTER, width - RIGHT_MARGIN, lanes, silence, y)


class TimelineStyle:
    """Pens, brushes and fonts built once from the palette (again when it changes)."""

    def __init__(self, palette: QPalette, font: QFont) -> None:
        self.base = palette.color(QPalette.ColorRole.Base)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.highlight = palette.color(QPalette.ColorRole.Highlight)
        self.muted = alpha(self.text, 150)
        self.grid = alpha(self.text, 28)
        self.lane_fill = alpha(self.text, 10)
        self.waiting = alpha(self.text, 46)
        self.span_pen = QPen(alpha(self.text, 80), 2.0)
        self.owed_pen = QPen(OWED, 3.0)
        self.hatch = QBrush(QColor(255, 255, 255, 120), Qt.BrushStyle.BDiagPattern)
        self.small = QFont(font)
        self.small.setPointSizeF(font.pointSizeF() * 0.9)
        self.bold = QFont(self.small)
        self.bold.setBold(True)
        self.badge = QFont(font)
        self.badge.setPixelSize(9)
        self.badge.setBold(True)
        self.small_metrics = QFontMetricsF(self.small)
        self.bold_metrics = QFontMetricsF(self.bold)
        self.sprites = BadgeSprites(self)
        self.tones = {Tone.WAITING: self.waiting, Tone.PAST_THRESHOLD: AMBER, Tone.GHOSTED: RED}
        self.tone_inks = {
            Tone.WAITING: self.text,
            Tone.PAST_THRESHOLD: AMBER_INK,
            Tone.GHOSTED: QColor("white"),
        }


def alpha(colour: QColor, opacity: int) -> QColor:
    """The colour with another opacity (0 to 255)."""
    faded = QColor(colour)
    faded.setAlpha(opacity)
    return faded


def event_colour(event: TimelineEvent) -> QColor:
    """The badge colour: who wrote, or where the money stands."""
    if isinstance(event, Message):
        return YOU if event.direction is Direction.OUT else THEM
    if isinstance(event, InvoiceEvent):
        if event.step is InvoiceStep.PAID:
            return PAID
        owed = event.step is InvoiceStep.DUE and event.outstanding.minor > 0
        return OWED if owed else INVOICE
    return CHECKIN


def event_glyph(event: TimelineEvent) -> Glyph:
    """The badge glyph: the channel, the invoice step, or the calendar of a check-in."""
    if isinstance(event, Message):
        return CHANNEL_GLYPHS[event.channel]
    if isinstance(event, InvoiceEvent):
        part = event.step is InvoiceStep.PAID and event.outstanding.minor > 0
        return PART_PAYMENT_GLYPH if part else INVOICE_GLYPHS[event.step]
    return CHECKIN_GLYPH
