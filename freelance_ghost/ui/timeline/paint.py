"""Painting the timeline from prepared data: lanes, axis, silences, invoices, badges and selection."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from freelance_ghost.core.timeline import Timeline, Tone
from freelance_ghost.core.timeline_events import Message
from freelance_ghost.ui.timeline.axis import Tick, axis, duration
from freelance_ghost.ui.timeline.layout import (
    LANE_TITLES,
    Cluster,
    Lane,
    Prepared,
    View,
    clusters,
    visible,
)
from freelance_ghost.ui.timeline.style import (
    AMBER,
    AXIS_HEIGHT,
    BADGE_GAP,
    BADGE_RADIUS,
    GUTTER,
    HINT,
    LANE_COLOURS,
    LEGEND,
    LEGEND_HEIGHT,
    MIN_LABEL_WIDTH,
    RED,
    RIGHT_MARGIN,
    SILENCE_TITLE,
    Rows,
    TimelineStyle,
    alpha,
    event_colour,
    event_glyph,
)


@dataclass(frozen=True)
class Scene:
    """Everything one paint needs."""

    timeline: Timeline
    prepared: Prepared
    view: View
    rows: Rows
    style: TimelineStyle
    selected: int
    hovered: tuple[Lane, int] | None  # the lane and first event of the badge under the mouse
    sources: Mapping[int, str]  # interaction id -> where it was learnt from mail


def paint(painter: QPainter, scene: Scene) -> None:
    """Paints the whole timeline, back to front."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _paint_lanes(painter, scene)
    painter.save()
    painter.setClipRect(scene.rows.plot)
    _paint_axis(painter, scene)
    _paint_silences(painter, scene)
    _paint_invoice_spans(painter, scene)
    _paint_deadlines(painter, scene)
    _paint_selection_line(painter, scene)
    for lane in Lane:
        _paint_badges(painter, scene, lane)
    painter.restore()
    _paint_legend(painter, scene)


def _paint_lanes(painter: QPainter, scene: Scene) -> None:
    style, rows = scene.style, scene.rows
    painter.fillRect(
        QRectF(0, 0, rows.right + RIGHT_MARGIN, rows.axis_top + AXIS_HEIGHT), style.base
    )
    painter.setFont(style.small)
    titles = [(rows.lanes[lane], LANE_TITLES[lane]) for lane in Lane]
    titles.append((rows.silence, SILENCE_TITLE))
    for rect, title in titles:
        if rect is not rows.silence:
            painter.fillRect(rect, style.lane_fill)
        painter.setPen(style.muted)
        label = QRectF(8, rect.top(), GUTTER - 16, rect.height())
        painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, title)


def _paint_axis(painter: QPainter, scene: Scene) -> None:
    view, rows, style = scene.view, scene.rows, scene.style
    ticks = axis(view.start, view.end, 1 / view.px_per_second, scene.timeline.zone)
    top, bottom = rows.lanes[Lane.YOU].top(), rows.axis_top
    now_x = view.x(scene.timeline.now.timestamp())
    now_box = _now_box(now_x, rows, style)
    painter.setFont(style.small)
    metrics = style.small_metrics
    for tick in ticks.ticks:
        x = round(view.x(tick.at)) + 0.5
        painter.setPen(style.grid)
        painter.drawLine(QPointF(x, top), QPointF(x, bottom + 5))
        width = metrics.horizontalAdvance(tick.label)
        box = QRectF(x - width / 2 - 2, bottom + 7, width + 4, metrics.height())
        if box.left() >= rows.left and box.right() <= rows.right and not box.intersects(now_box):
            painter.setPen(style.muted)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, tick.label)
    _paint_context(painter, scene, ticks.context, bottom + 9 + metrics.height())
    _paint_now(painter, scene, now_x, now_box)


def _paint_context(painter: QPainter, scene: Scene, context: list[Tick], y: float) -> None:
    """The second axis row: the month or year each stretch belongs to; the first one sticks left."""
    view, rows, style = scene.view, scene.rows, scene.style
    painter.setFont(style.bold)
    painter.setPen(style.text)
    metrics = style.bold_metrics
    xs = [max(view.x(tick.at), rows.left) + 4 for tick in context]
    for i, tick in enumerate(context):
        width = metrics.horizontalAdvance(tick.label)
        following = xs[i + 1] if i + 1 < len(xs) else rows.right + 8
        if xs[i] + width + 12 > following or xs[i] + width > rows.right:
            continue
        painter.drawText(QPointF(xs[i], y + metrics.ascent()), tick.label)


def _now_box(now_x: float, rows: Rows, style: TimelineStyle) -> QRectF:
    width = style.small_metrics.horizontalAdvance("Now") + 12
    return QRectF(now_x - width / 2, rows.axis_top + 6, width, style.small_metrics.height() + 2)


def _paint_now(painter: QPainter, scene: Scene, now_x: float, box: QRectF) -> None:
    rows, style = scene.rows, scene.style
    if not rows.left <= now_x <= rows.right:
        return
    pen = QPen(style.text, 1.2, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawLine(QPointF(now_x, rows.lanes[Lane.YOU].top()), QPointF(now_x, rows.axis_top + 6))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(style.text)
    painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
    painter.setPen(style.base)
    painter.setFont(style.bold)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "Now")


def _paint_silences(painter: QPainter, scene: Scene) -> None:
    """Band runs as rectangles; neighbours of one tone within a pixel are merged into one."""
    runs, view = scene.prepared.runs, scene.view
    scale = view.px_per_second
    offset = view.left - view.start * scale
    starts, ends, tones = runs.starts, runs.ends, runs.tones
    x0 = x1 = 0.0
    tone: Tone | None = None
    for i in visible(starts, ends, view):
        a, b, t = starts[i] * scale + offset, ends[i] * scale + offset, tones[i]
        if t is tone and a - x1 < 1.0:
            x1 = max(x1, b)
            continue
        if tone is not None:
            _fill_run(painter, scene, x0, x1, tone)
        x0, x1, tone = a, b, t
    if tone is not None:
        _fill_run(painter, scene, x0, x1, tone)
    _paint_band_labels(painter, scene)


def _fill_run(painter: QPainter, scene: Scene, x0: float, x1: float, tone: Tone) -> None:
    strip, style = scene.rows.silence, scene.style
    rect = QRectF(x0, strip.top() + 2, max(x1 - x0, 1.0), strip.height() - 4)
    painter.fillRect(rect, style.tones[tone])
    if tone is Tone.GHOSTED:
        painter.fillRect(rect, style.hatch)


def _paint_band_labels(painter: QPainter, scene: Scene) -> None:
    """Each silence wide enough says how long it lasted, and its ghosted stretch says so."""
    view, rows, prepared = scene.view, scene.rows, scene.prepared
    scale = view.px_per_second
    starts, ends = prepared.band_starts, prepared.band_ends
    painter.setFont(scene.style.bold)
    for number in visible(starts, ends, view):
        if (ends[number] - starts[number]) * scale < MIN_LABEL_WIDTH:
            continue
        band = scene.timeline.bands[number]
        pieces = [
            (
                max(view.x(start.timestamp()), rows.left),
                min(view.x(end.timestamp()), rows.right),
                tone,
            )
            for start, end, tone in band.segments()
        ]
        for piece in pieces:
            if piece[2] is Tone.GHOSTED:
                _label_in(painter, scene, piece, "Ghosted")
        calm = [piece for piece in pieces if piece[2] is not Tone.GHOSTED]
        if calm:
            widest = max(calm, key=lambda piece: piece[1] - piece[0])
            _label_in(painter, scene, widest, duration(band.end - band.start))


def _label_in(painter: QPainter, scene: Scene, piece: tuple[float, float, Tone], text: str) -> None:
    """Writes ``text`` centred on a stretch of band, in the ink that reads on its colour."""
    x0, x1, tone = piece
    width = scene.style.bold_metrics.horizontalAdvance(text) + 10
    if x1 - x0 < width:
        return
    strip = scene.rows.silence
    painter.setPen(scene.style.tone_inks[tone])
    box = QRectF((x0 + x1 - width) / 2, strip.top(), width, strip.height())
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def _paint_invoice_spans(painter: QPainter, scene: Scene) -> None:
    """A line from each invoice's issue to its payment, the overdue part thicker in amber.

    Overlapping invoices are merged into one line per paint, so many invoices cost few draws.
    """
    view, style = scene.view, scene.style
    scale = view.px_per_second
    offset = view.left - view.start * scale
    now = scene.timeline.now.timestamp()
    open_lines: list[list[float]] = []
    owed_lines: list[list[float]] = []
    for span in scene.prepared.spans:
        end = span.settled if span.settled is not None else now
        if end < view.start or span.issued > view.end:
            continue
        _extend(open_lines, span.issued * scale + offset, end * scale + offset)
        if end > span.due:
            _extend(owed_lines, span.due * scale + offset, end * scale + offset)
    y = scene.rows.lanes[Lane.MONEY].center().y()
    for pen, lines in ((style.span_pen, open_lines), (style.owed_pen, owed_lines)):
        painter.setPen(pen)
        for x0, x1 in lines:
            painter.drawLine(QPointF(x0, y), QPointF(x1, y))


def _extend(lines: list[list[float]], x0: float, x1: float) -> None:
    """Adds a stretch of line, joining it to the last one when they touch."""
    if lines and x0 <= lines[-1][1] + 1.0:
        lines[-1][1] = max(lines[-1][1], x1)
    else:
        lines.append([x0, x1])


def _paint_deadlines(painter: QPainter, scene: Scene) -> None:
    """Each active project's deadline: a line through the lanes and a flag with its name.

    The line sits at the end of the deadline's day, the moment the work becomes late; the flag
    (ending at the line) is red once that moment has passed, amber before. A flag that would
    cover an earlier one goes a row lower, so close deadlines stay readable.
    """
    rows, style, view = scene.rows, scene.style, scene.view
    top, bottom = rows.lanes[Lane.YOU].top(), rows.axis_top
    now = scene.timeline.now.timestamp()
    painter.setFont(style.small)
    metrics = style.small_metrics
    height = metrics.height() + 2
    placed: list[QRectF] = []
    for deadline, at in zip(scene.timeline.deadlines, scene.prepared.deadlines, strict=True):
        x = view.x(at)
        late = at < now
        colour = RED if late else AMBER
        painter.setPen(QPen(colour, 2.0, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        label = f"⚑ {deadline.project}"
        width = min(metrics.horizontalAdvance(label) + 10, 220.0)
        flag = QRectF(x - width, top + 1, width, height)
        while any(flag.intersects(other) for other in placed) and flag.bottom() + height < bottom:
            flag.translate(0, height + 1)
        placed.append(flag)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(flag, 3.0, 3.0)
        painter.setPen(style.tone_inks[Tone.GHOSTED if late else Tone.PAST_THRESHOLD])
        text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, width - 10)
        painter.drawText(flag, Qt.AlignmentFlag.AlignCenter, text)


def _paint_selection_line(painter: QPainter, scene: Scene) -> None:
    if scene.selected < 0:
        return
    x = scene.view.x(scene.timeline.events[scene.selected].at.timestamp())
    pen = QPen(alpha(scene.style.highlight, 160), 1.5)
    painter.setPen(pen)
    painter.drawLine(QPointF(x, scene.rows.lanes[Lane.YOU].top()), QPointF(x, scene.rows.axis_top))


def _paint_badges(painter: QPainter, scene: Scene, lane: Lane) -> None:
    marks = scene.prepared.lanes[lane]
    events = scene.timeline.events
    y = scene.rows.lanes[lane].center().y()
    radius = BADGE_RADIUS[lane]
    for cluster in clusters(marks, scene.view, BADGE_GAP):
        centre = QPointF(cluster.x, y)
        first = events[marks.indexes[cluster.lo]]
        single = cluster.count == 1
        colour = event_colour(first) if single else LANE_COLOURS[lane]
        glyph = event_glyph(first) if single else None
        scene.style.sprites.stamp(painter, centre, radius, colour, glyph, cluster.count)
        if single and isinstance(first, Message) and first.interaction_id in scene.sources:
            _paint_mail_mark(painter, scene, centre, radius)
        _paint_rings(painter, scene, lane, cluster, centre, radius)


def _paint_mail_mark(painter: QPainter, scene: Scene, centre: QPointF, radius: float) -> None:
    """A small dot on the badge's shoulder: this one was learnt from mail, not typed."""
    mark = QPointF(centre.x() + radius * 0.75, centre.y() - radius * 0.75)
    painter.setPen(QPen(scene.style.base, 1.5))
    painter.setBrush(scene.style.highlight)
    painter.drawEllipse(mark, 3.5, 3.5)


def _paint_rings(
    painter: QPainter, scene: Scene, lane: Lane, cluster: Cluster, centre: QPointF, radius: float
) -> None:
    """The selected badge gets a ring in the highlight colour, the hovered one a faint ring."""
    indexes = scene.prepared.lanes[lane].indexes
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if indexes[cluster.lo] <= scene.selected <= indexes[cluster.hi - 1]:
        painter.setPen(QPen(scene.style.highlight, 2.5))
        painter.drawEllipse(centre, radius + 3.5, radius + 3.5)
    elif scene.hovered == (lane, cluster.lo):
        painter.setPen(QPen(alpha(scene.style.text, 110), 1.5))
        painter.drawEllipse(centre, radius + 3, radius + 3)


def _paint_legend(painter: QPainter, scene: Scene) -> None:
    """What the silence colours mean (the ghosted swatch is hatched too), and how to move around."""
    style, rows = scene.style, scene.rows
    painter.setFont(style.small)
    metrics = style.small_metrics
    x, y = rows.left, (LEGEND_HEIGHT - 12) / 2
    for tone, label in LEGEND:
        swatch = QRectF(x, y, 22, 12)
        painter.fillRect(swatch, style.tones[tone])
        if tone is Tone.GHOSTED:
            painter.fillRect(swatch, style.hatch)
        painter.setPen(style.muted)
        painter.drawText(QPointF(x + 28, y + 6 + metrics.ascent() / 2 - 1), label)
        x += 28 + metrics.horizontalAdvance(label) + 18
    hint_width = metrics.horizontalAdvance(HINT)
    if x + hint_width + 12 < rows.right:
        painter.drawText(QPointF(rows.right - hint_width, y + 6 + metrics.ascent() / 2 - 1), HINT)
