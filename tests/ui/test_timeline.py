"""The timeline widget: zoom, pan, hover, click, selection, and how a rich history looks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from freelance_ghost.core.attention import AttentionSettings
from freelance_ghost.core.facts import ClientFacts, ProjectDeadline
from freelance_ghost.core.kinds import Channel, ClientStatus, Direction
from freelance_ghost.core.money import Money
from freelance_ghost.core.timeline import (
    Payment,
    ScheduleChange,
    Timeline,
    build_timeline,
    day_start,
    invoice_events,
)
from freelance_ghost.core.timeline_events import InvoiceEvent, Message
from freelance_ghost.ui.timeline.layout import Lane, lane_of, prepare
from freelance_ghost.ui.timeline.style import AMBER, LEGEND_HEIGHT, RED
from freelance_ghost.ui.timeline.view import TimelineWidget
from tests.conftest import BERLIN, NOW
from tests.ui.conftest import screenshot

OUT, IN = Direction.OUT, Direction.IN
EMAIL, PHONE, SMS, VIDEO = Channel.EMAIL, Channel.PHONE, Channel.SMS, Channel.VIDEO
# A brand refresh for Globex: lively at first, a late payment, then phase 2 goes unanswered.
STORY = [
    (-170, IN, EMAIL, "Hank", "Asked for a quote for a brand refresh"),
    (-169, OUT, EMAIL, "Hank", "Sent the proposal and timeline"),
    (-166, IN, PHONE, "Hank", "Proposal accepted, kick-off next week"),
    (-160, OUT, VIDEO, "Hank", "Kick-off call: goals and audience"),
    (-152, OUT, EMAIL, "Hank", "Shared three logo directions"),
    (-150, OUT, SMS, "Hank", "Directions are in your inbox"),
    (-146, IN, EMAIL, "Hank", "Prefers direction B, small tweaks"),
    (-140, OUT, EMAIL, "Hank", "Revised logo B"),
    (-139, IN, EMAIL, "Hank", "Looks great!"),
    (-120, OUT, EMAIL, "Hank", "Brand guidelines draft"),
    (-117, IN, Channel.IN_PERSON, "Hank", "Workshop at their office"),
    (-100, OUT, EMAIL, "Hank", "Website mock-ups"),
    (-98, IN, Channel.SOCIAL, "Marge", "Shared the mock-ups with the team"),
    (-85, OUT, EMAIL, "Hank", "Final files delivered"),
    (-84, IN, PHONE, "Hank", "Thanks, very happy with it"),
    (-62, OUT, VIDEO, "Hank", "Monthly check-in"),
    (-61, IN, EMAIL, "Hank", "Planning phase 2 for the autumn"),
    (-40, OUT, EMAIL, "Hank", "Phase 2 proposal"),
    (-35, OUT, EMAIL, "Hank", "Following up on phase 2"),
    (-30, OUT, PHONE, "Hank", "Left a voicemail"),
    (-24, OUT, EMAIL, "Hank", "Suggested a call on Thursday afternoon"),
    (-16, OUT, EMAIL, "Hank", "Final note: I remain available"),
]


def day(offset: float) -> datetime:
    return NOW + timedelta(days=offset)


def rich_timeline() -> Timeline:
    """Five months with a client: every lane, a late payment, and a silence that ends ghosted."""
    messages = [
        Message(day(d) + timedelta(hours=i % 5), direction, channel, who, summary, i)
        for i, (d, direction, channel, who, summary) in enumerate(STORY, start=1)
    ]
    eur = "EUR"
    invoices = invoice_events(
        "INV-101",
        Money(180000, eur),
        day(-138),
        day_start(date(2026, 7, 22), BERLIN),
        [Payment(day(-118), Money(180000, eur))],
        1,
    ) + invoice_events(
        "INV-102",
        Money(240000, eur),
        day(-83),
        day_start(date(2026, 9, 30), BERLIN),
        [Payment(day(-50), Money(100000, eur))],
        2,
    )
    schedules = [ScheduleChange(day(-90), 14, VIDEO)]
    facts = ClientFacts(client_id=1, name="Globex", status=ClientStatus.ACTIVE)
    return build_timeline(facts, messages, invoices, schedules, NOW, BERLIN, AttentionSettings())


def small_timeline() -> Timeline:
    """Three messages a week apart, far enough that each has its own badge."""
    messages = [
        Message(day(-21), OUT, EMAIL, "Hank", "Sent the proposal", 1),
        Message(day(-14), IN, PHONE, "Hank", "Called back: yes to the proposal", 2),
        Message(day(-7), OUT, SMS, "Hank", "Confirmed the start date", 3),
    ]
    facts = ClientFacts(client_id=1, name="Globex", status=ClientStatus.ACTIVE)
    return build_timeline(facts, messages, [], [], NOW, BERLIN, AttentionSettings())


@pytest.fixture
def widget(qtbot: QtBot) -> TimelineWidget:
    shown = TimelineWidget()
    qtbot.addWidget(shown)
    shown.resize(1200, 300)
    shown.set_timeline(small_timeline())
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def wheel(widget: TimelineWidget, x: float, notches: int) -> None:
    pos = QPointF(x, 60)
    event = QWheelEvent(
        pos,
        QPointF(widget.mapToGlobal(pos.toPoint())),
        QPoint(),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_wheel_zooms_around_the_cursor(widget: TimelineWidget) -> None:
    start, end = widget.visible_range()
    x = 400.0
    under = widget.moment_at(x)
    wheel(widget, x, 2)  # two notches in: 0.8 x 0.8 = 64 % of the span
    new_start, new_end = widget.visible_range()
    assert (new_end - new_start) / (end - start) == pytest.approx(0.64)
    assert abs(widget.moment_at(x) - under) < timedelta(seconds=1)  # still under the mouse
    assert new_start > start  # zoomed towards the mouse, not the middle or an edge
    assert new_end < end
    wheel(widget, x, -2)
    back_start, back_end = widget.visible_range()
    assert abs((back_end - back_start) - (end - start)) < timedelta(seconds=1)


def test_dragging_pans(widget: TimelineWidget, qtbot: QtBot) -> None:
    start, end = widget.visible_range()
    per_px = widget.moment_at(1) - widget.moment_at(0)
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(700, 240))
    qtbot.mouseMove(widget, QPoint(600, 240))
    qtbot.mouseMove(widget, QPoint(500, 240))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(500, 240))
    new_start, new_end = widget.visible_range()
    assert new_end - new_start == end - start
    assert (new_start - start).total_seconds() == pytest.approx(200 * per_px.total_seconds())
    assert widget.selected_event() == -1  # a drag is not a click


def test_hover_shows_the_event_under_the_cursor(widget: TimelineWidget) -> None:
    position = widget.event_position(1)
    assert position is not None
    assert widget.tooltip_at(position) == (
        "Call from Hank\nMon 9 Nov 2026, 10:00\n“Called back: yes to the proposal”"
    )
    point = position.toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)
    assert QToolTip.text() == widget.tooltip_at(position)
    assert widget.tooltip_at(QPointF(position.x() + 60, position.y())) == ""


def test_hover_over_a_silence_explains_it(widget: TimelineWidget) -> None:
    # We wrote 21 days ago, they replied 14 days ago: 7 days; default threshold 3 days.
    assert widget.tooltip_at(widget.band_position(0)) == (
        "Replied after 7 days (1 message from you)\n"
        "Their threshold then: 3 days (they usually replied within a day)\n"
        "Past the threshold from 5 Nov 2026"
    )


def test_click_selects_and_emits_the_index(widget: TimelineWidget, qtbot: QtBot) -> None:
    position = widget.event_position(2)
    assert position is not None
    with qtbot.waitSignal(widget.event_selected) as signal:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=position.toPoint())
    assert signal.args == [2]
    assert widget.selected_event() == 2


def test_select_event_from_outside_brings_it_into_view(widget: TimelineWidget) -> None:
    widget.set_visible_range(day(-3), day(0))
    widget.select_event(0)
    first, last = widget.visible_range()
    assert first <= day(-21) <= last
    assert last - first == timedelta(days=3)
    assert widget.selected_event() == 0
    widget.select_event(-1)
    assert widget.selected_event() == -1


def test_arrow_keys_step_through_events(widget: TimelineWidget, qtbot: QtBot) -> None:
    widget.select_event(0)
    with qtbot.waitSignal(widget.event_selected) as signal:
        qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert signal.args == [1]


def test_ten_thousand_events_are_grouped_into_counted_badges(qtbot: QtBot) -> None:
    messages = [
        Message(day(-3650) + timedelta(hours=8.7 * i), OUT if i % 3 else IN, EMAIL, "", "", i)
        for i in range(10_000)
    ]
    facts = ClientFacts(client_id=1, name="Globex", status=ClientStatus.ACTIVE)
    shown = TimelineWidget()
    qtbot.addWidget(shown)
    shown.resize(1600, 300)
    shown.set_timeline(build_timeline(facts, messages, [], [], NOW, BERLIN, AttentionSettings()))
    shown.fit_all()
    position = shown.event_position(5000)
    assert position is not None
    tooltip = shown.tooltip_at(position)
    assert tooltip.splitlines()[0].split(" messages from you, ")[0].isdigit()
    assert tooltip.endswith("more: zoom in to see each")
    assert not shown.grab().isNull()


def test_a_rich_timeline_screenshot(qtbot: QtBot) -> None:
    shown = TimelineWidget()
    qtbot.addWidget(shown)
    shown.resize(1200, 280)
    shown.set_timeline(rich_timeline())
    shown.select_event(7)
    shown.show()
    qtbot.waitExposed(shown)
    assert len(shown.timeline().bands) == 8  # type: ignore[union-attr]
    screenshot(shown, "timeline")


def test_a_dark_timeline_screenshot(qtbot: QtBot) -> None:
    shown = TimelineWidget()
    qtbot.addWidget(shown)
    palette = shown.palette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#1f2125"),
        (QPalette.ColorRole.Base, "#1b1d21"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#4c8dff"),
    ):
        palette.setColor(role, QColor(colour))
    shown.setPalette(palette)
    shown.resize(1200, 280)
    shown.set_timeline(rich_timeline())
    shown.show()
    qtbot.waitExposed(shown)
    image = shown.grab().toImage()
    assert image.pixelColor(1, 1).lightness() < 64  # painted on the dark theme's background
    screenshot(shown, "timeline-dark")


def test_an_empty_timeline_says_so(qtbot: QtBot) -> None:
    shown = TimelineWidget()
    qtbot.addWidget(shown)
    facts = ClientFacts(client_id=1, name="Initech", status=ClientStatus.LEAD)
    shown.set_timeline(build_timeline(facts, [], [], [], NOW, BERLIN, AttentionSettings()))
    assert shown.tooltip_at(QPointF(300, 60)) == ""
    assert not shown.grab().isNull()


def test_rich_tooltips_tell_what_is_owed_and_who_ghosted(qtbot: QtBot) -> None:
    shown = TimelineWidget()
    qtbot.addWidget(shown)
    shown.resize(1200, 280)
    timeline = rich_timeline()
    shown.set_timeline(timeline)
    [part] = [
        i
        for i, e in enumerate(timeline.events)
        if isinstance(e, InvoiceEvent) and e.invoice == "INV-102" and e.amount.minor == 100000
    ]
    position = shown.event_position(part)
    assert position is not None
    assert shown.tooltip_at(position) == (
        "Payment for INV-102: 1000.00 EUR\nSun 4 Oct 2026, 11:00\n1400.00 EUR still owed"
    )
    # Seven replies so far; their median delay is 2 days 1 hour, so the threshold is
    # 2 x that = 4 days 2 hours: the phase 2 proposal (14 Oct) was overdue from 18 Oct, and
    # the fifth message (7 Nov) made it a ghosting.
    assert shown.tooltip_at(shown.band_position(len(timeline.bands) - 1)) == (
        "No reply for 39 days so far (5 messages from you)\n"
        "Their threshold then: 4 days (they usually replied within 2 days)\n"
        "Past the threshold from 18 Oct 2026\n"
        "Ghosted from 7 Nov 2026, your 5th message"
    )


def test_prepared_lanes_and_runs_follow_the_events_and_bands() -> None:
    timeline = rich_timeline()
    prepared = prepare(timeline)
    for lane in Lane:
        indexes = [i for i, event in enumerate(timeline.events) if lane_of(event) == lane]
        assert prepared.lanes[lane].indexes == indexes
        assert prepared.lanes[lane].times == [timeline.events[i].at.timestamp() for i in indexes]
    pieces = [
        (start.timestamp(), end.timestamp(), tone, number)
        for number, band in enumerate(timeline.bands)
        for start, end, tone in band.segments()
    ]
    runs = prepared.runs
    assert list(zip(runs.starts, runs.ends, runs.tones, runs.band_of, strict=True)) == pieces
    assert len({tone for _, _, tone, _ in pieces}) == 3  # every tone is in the story
    assert len(prepared.spans) == 2
    assert prepared.spans[0].settled == day(-118).timestamp()
    assert prepared.spans[1].settled is None  # INV-102 is still partly owed


def test_deadlines_are_marked_and_explained(qtbot: QtBot) -> None:
    shown = TimelineWidget()
    qtbot.addWidget(shown)
    shown.resize(1200, 280)
    # NOW is Monday 23 November 2026, 10:00 in Berlin.
    deadlines = (
        ProjectDeadline(1, "Globex", "Logo refresh", date(2026, 11, 20)),  # 3 days late
        ProjectDeadline(1, "Globex", "Phase 2 website", date(2026, 12, 4)),  # 11 days left
    )
    shown.set_timeline(replace(rich_timeline(), deadlines=deadlines))
    shown.show()
    qtbot.waitExposed(shown)
    first, last = shown.visible_range()
    assert first < day(-170)
    assert datetime(2026, 12, 5, tzinfo=BERLIN) < last
    late, ahead = shown.deadline_position(0), shown.deadline_position(1)
    assert shown.tooltip_at(late) == "Deadline: “Logo refresh”\nDue 20 Nov 2026: 3 days late"
    assert shown.tooltip_at(ahead) == "Deadline: “Phase 2 website”\nDue 4 Dec 2026: 11 days left"
    assert shown.tooltip_at(QPointF(ahead.x() - 30, ahead.y())) == ""
    screenshot(shown, "timeline-deadlines")
    image = shown.grab().toImage()
    flags = range(int(LEGEND_HEIGHT) + 2, int(LEGEND_HEIGHT) + 38)  # the first lane: flags

    def flag_colours(x: float) -> set[str]:
        return {image.pixelColor(int(x) - 2, y).name() for y in flags}

    assert RED.name() in flag_colours(late.x()) - {AMBER.name()}  # late: red
    assert AMBER.name() in flag_colours(ahead.x()) - {RED.name()}  # still ahead: amber
