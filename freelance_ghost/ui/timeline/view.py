"""The relationship timeline: one client's history, custom-painted, zoomable and clickable."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from freelance_ghost.core.plurals import counted
from freelance_ghost.core.timeline import Timeline
from freelance_ghost.ui.timeline.layout import (
    Cluster,
    Lane,
    Prepared,
    View,
    clusters,
    lane_of,
    nearest_in,
    prepare,
)
from freelance_ghost.ui.timeline.paint import Scene, paint
from freelance_ghost.ui.timeline.style import (
    BADGE_GAP,
    BADGE_RADIUS,
    MIN_HEIGHT,
    Rows,
    TimelineStyle,
    rows_for,
)
from freelance_ghost.ui.timeline.text import (
    band_tooltip,
    cluster_tooltip,
    deadline_tooltip,
    event_tooltip,
)

MIN_SPAN = timedelta(hours=3).total_seconds()
MAX_SPAN = timedelta(days=365 * 30).total_seconds()
DEFAULT_SPAN = timedelta(days=365).total_seconds()  # a long history opens on its latest year
WHEEL_STEP = 0.8  # one notch of the wheel shows 80 % of the span
CLICK_SLOP = 4  # pixels the mouse may move and still count as a click
_NOUNS = {
    Lane.YOU: "messages from you",
    Lane.THEM: "messages from them",
    Lane.MONEY: "invoice events",
    Lane.CHECKINS: "check-ins",
}
_EMPTY = "Nothing logged with this client yet: log a conversation and it appears here."


class TimelineWidget(QWidget):
    """Your messages and theirs, invoices and check-ins over time, with every silence between."""

    event_selected = Signal(int)  # the index in the timeline's events of the clicked event

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self._sources: Mapping[int, str] = {}  # interaction id -> mail account (or "file")
        self._prepared: Prepared | None = None
        self._view = View()
        self._rows = rows_for(self.width(), self.height())
        self._rows_size = (-1, -1)
        self._style = TimelineStyle(self.palette(), self.font())
        self._selected = -1
        self._hovered: tuple[Lane, Cluster] | None = None
        self._press: QPointF | None = None
        self._press_start = 0.0
        self._dragging = False
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(int(MIN_HEIGHT))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Relationship timeline")
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(900, int(MIN_HEIGHT) + 24)

    def set_timeline(self, timeline: Timeline, sources: Mapping[int, str] | None = None) -> None:
        """Shows a client's timeline, opening on its latest year (or all of it if shorter);
        ``sources`` names where each interaction learnt from mail came from (it gets a mark)."""
        self._timeline = timeline
        self._sources = sources or {}
        self._prepared = prepare(timeline)
        self._selected = -1
        self._hovered = None
        self.fit_latest()
        events, bands = len(timeline.events), len(timeline.bands)
        self.setAccessibleDescription(
            f"{timeline.client}: {counted(events, 'event', 'events')} and "
            f"{counted(bands, 'silence', 'silences')} over time"
        )

    def timeline(self) -> Timeline | None:
        """The timeline shown, if any."""
        return self._timeline

    def fit_latest(self) -> None:
        """Shows the whole history, or its latest year when it is longer, with some margin."""
        if self._prepared is None:
            return
        first, last = self._prepared.first, self._prepared.last
        start = max(first, last - DEFAULT_SPAN)
        span = max(last - start, MIN_SPAN)
        self._view.span = span * 1.08
        self._view.start = start - span * 0.04
        self.update()

    def fit_all(self) -> None:
        """Shows everything from the first event to the last (or now), with some margin."""
        if self._prepared is None:
            return
        span = min(max(self._prepared.last - self._prepared.first, MIN_SPAN), MAX_SPAN)
        self._view.span = span * 1.08
        self._view.start = self._prepared.first - span * 0.04
        self.update()

    def visible_range(self) -> tuple[datetime, datetime]:
        """The first and last instants on screen."""
        return self._view.datetimes()

    def set_visible_range(self, start: datetime, end: datetime) -> None:
        """Shows exactly this stretch of time."""
        self._view.start = start.timestamp()
        self._view.span = min(max((end - start).total_seconds(), MIN_SPAN), MAX_SPAN)
        self.update()

    def moment_at(self, x: float) -> datetime:
        """The instant under a pixel column."""
        self._layout()
        return datetime.fromtimestamp(self._view.at(x), UTC)

    def x_of(self, moment: datetime) -> float:
        """The pixel column of an instant."""
        self._layout()
        return self._view.x(moment.timestamp())

    def band_position(self, index: int) -> QPointF:
        """The middle of a silence band, on the silence row."""
        assert self._timeline is not None
        band = self._timeline.bands[index]
        middle = (self.x_of(band.start) + self.x_of(band.end)) / 2
        return QPointF(middle, self._layout().silence.center().y())

    def select_event(self, index: int) -> None:
        """Highlights an event (from a list beside the timeline), scrolling it into view; -1 clears."""
        if self._timeline is None or not -1 <= index < len(self._timeline.events):
            return
        self._selected = index
        if index >= 0:
            at = self._timeline.events[index].at.timestamp()
            if not self._view.start <= at <= self._view.end:
                self._view.start = at - self._view.span / 2
        self.update()

    def selected_event(self) -> int:
        """The selected event's index, or -1."""
        return self._selected

    def event_position(self, index: int) -> QPointF | None:
        """The centre of the badge that shows an event (its group's badge when grouped)."""
        if self._timeline is None or self._prepared is None:
            return None
        lane = lane_of(self._timeline.events[index])
        marks = self._prepared.lanes[lane]
        position = bisect_left(marks.indexes, index)
        y = self._layout().lanes[lane].center().y()
        for cluster in clusters(marks, self._view, BADGE_GAP):
            if cluster.lo <= position < cluster.hi:
                return QPointF(cluster.x, y)
        return QPointF(self._view.x(marks.times[position]), y)

    def event_at(self, pos: QPointF) -> int | None:
        """The event under a point: the badge's own, or the nearest in time in a group."""
        hit = self._badge_at(pos)
        if hit is None or self._prepared is None:
            return None
        lane, cluster = hit
        marks = self._prepared.lanes[lane]
        return marks.indexes[nearest_in(marks, cluster, self._view.at(pos.x()))]

    def tooltip_at(self, pos: QPointF) -> str:
        """What hovering at ``pos`` tells: the event, the group of events, or the silence."""
        if self._timeline is None or self._prepared is None:
            return ""
        timeline = self._timeline
        hit = self._badge_at(pos)
        if hit is not None:
            lane, cluster = hit
            indexes = self._prepared.lanes[lane].indexes[cluster.lo : cluster.hi]
            if len(indexes) == 1:
                event = timeline.events[indexes[0]]
                source = self._sources.get(getattr(event, "interaction_id", 0), "")
                return event_tooltip(event, timeline.client, timeline.zone, source)
            events = [timeline.events[i] for i in indexes]
            return cluster_tooltip(events, _NOUNS[lane], timeline.client, timeline.zone)
        deadline = self._deadline_at(pos)
        if deadline is not None:
            return deadline_tooltip(timeline.deadlines[deadline], timeline.now, timeline.zone)
        band = self._band_at(pos)
        return band_tooltip(timeline.bands[band], timeline.zone) if band is not None else ""

    def deadline_position(self, index: int) -> QPointF:
        """A point on the line of deadline ``index`` (of ``timeline().deadlines``)."""
        rows = self._layout()
        assert self._prepared is not None
        return QPointF(
            self._view.x(self._prepared.deadlines[index]), rows.lanes[Lane.THEM].center().y()
        )

    def _deadline_at(self, pos: QPointF) -> int | None:
        """The deadline whose line is under the point (within a few pixels, in the lanes)."""
        rows = self._layout()
        if self._prepared is None or not rows.lanes[Lane.YOU].top() <= pos.y() < rows.axis_top:
            return None
        for index, at in enumerate(self._prepared.deadlines):
            if abs(self._view.x(at) - pos.x()) <= CLICK_SLOP:
                return index
        return None

    def _badge_at(self, pos: QPointF) -> tuple[Lane, Cluster] | None:
        if self._prepared is None:
            return None
        for lane, rect in self._layout().lanes.items():
            if rect.top() <= pos.y() < rect.bottom():
                reach = BADGE_RADIUS[lane] + 3
                for cluster in clusters(self._prepared.lanes[lane], self._view, BADGE_GAP):
                    if abs(cluster.x - pos.x()) <= reach:
                        return lane, cluster
        return None

    def _band_at(self, pos: QPointF) -> int | None:
        strip = self._layout().silence
        if self._prepared is None or not strip.top() <= pos.y() < strip.bottom():
            return None
        runs = self._prepared.runs
        at = self._view.at(pos.x())
        i = bisect_left(runs.ends, at)
        if i < len(runs.starts) and runs.starts[i] <= at:
            return runs.band_of[i]
        return None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        if self._timeline is None or self._prepared is None or not self._timeline.events:
            painter.setPen(self._style.muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _EMPTY)
            return
        hovered = (self._hovered[0], self._hovered[1].lo) if self._hovered else None
        scene = Scene(
            self._timeline,
            self._prepared,
            self._view,
            self._layout(),
            self._style,
            self._selected,
            hovered,
            self._sources,
        )
        paint(painter, scene)

    def _layout(self) -> Rows:
        """The rows for the current size, the same stretch of time drawn on the new width.

        Worked out when asked, not on resize events, which a hidden widget does not get.
        """
        size = (self.width(), self.height())
        if size != self._rows_size:
            self._rows = rows_for(*size)
            self._rows_size = size
            self._view.left = self._rows.left
            self._view.width = max(self._rows.right - self._rows.left, 1.0)
        return self._rows

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        """Follows the system's light or dark palette when it changes."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._style = TimelineStyle(self.palette(), self.font())
            self.update()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        """Tooltips name what is under the mouse."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        """The wheel zooms around the mouse; sideways scrolling (or Shift) pans."""
        self._layout()
        delta = event.angleDelta()
        sideways = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if abs(delta.x()) > abs(delta.y()) or sideways:
            notches = (delta.x() or delta.y()) / 120
            self._view.start -= notches * self._view.span * 0.1
        elif delta.y():
            factor = WHEEL_STEP ** (delta.y() / 120)
            self._view.zoom(factor, event.position().x(), MIN_SPAN, MAX_SPAN)
        else:
            event.ignore()
            return
        event.accept()
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._press_start = self._view.start
            self._dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        """Dragging pans; otherwise the badge under the mouse is ringed."""
        self._layout()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            dx = event.position().x() - self._press.x()
            if self._dragging or abs(dx) > CLICK_SLOP:
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self._view.start = self._press_start - dx / self._view.px_per_second
                self.update()
            return
        self._set_hovered(self._badge_at(event.position()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        """A click that did not drag selects the event under it and says so."""
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        clicked = not self._dragging
        self._press = None
        self._dragging = False
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        index = self.event_at(event.position()) if clicked else None
        if index is not None:
            self._selected = index
            self.update()
            self.event_selected.emit(index)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        self._set_hovered(None)
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Left and Right step through the events; + and - zoom; Home shows the latest year."""
        key = event.key()
        self._layout()
        middle = self._view.left + self._view.width / 2
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self._timeline and self._timeline.events:
            step = -1 if key == Qt.Key.Key_Left else 1
            last = len(self._timeline.events) - 1
            start = last if self._selected < 0 else self._selected + step
            self.select_event(min(max(start, 0), last))
            self.event_selected.emit(self._selected)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus):
            factor = WHEEL_STEP if key != Qt.Key.Key_Minus else 1 / WHEEL_STEP
            self._view.zoom(factor, middle, MIN_SPAN, MAX_SPAN)
            self.update()
        elif key == Qt.Key.Key_Home:
            self.fit_latest()
        else:
            super().keyPressEvent(event)

    def _set_hovered(self, hovered: tuple[Lane, Cluster] | None) -> None:
        if hovered != self._hovered:
            self._hovered = hovered
            cursor = Qt.CursorShape.PointingHandCursor if hovered else Qt.CursorShape.OpenHandCursor
            self.setCursor(cursor)
            self.update()
