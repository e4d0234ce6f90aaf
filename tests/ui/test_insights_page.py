"""The Insights page: drawn on no data, one client and the sample year, light and dark; its
tables hold what ``insights --json`` prints for the same moment."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import freelance_ghost.commands
import freelance_ghost.ui.insights.worker
from freelance_ghost.cli import main
from freelance_ghost.core.clock import FixedClock
from freelance_ghost.core.insights import LET_GO_STEP, MIN_CASES
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.database import close_database
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.ui.insights.figures import ladder_figure, pay_figure
from freelance_ghost.ui.insights.page import FigurePanel, InsightsPage
from freelance_ghost.ui.insights.table import VALUE_ROLE
from freelance_ghost.ui.insights.worker import InsightsWorker
from freelance_ghost.ui.main_window import MainWindow
from tests.conftest import BERLIN, NOW
from tests.ui.conftest import screenshot

DARK = (
    (QPalette.ColorRole.Window, "#1f2125"),
    (QPalette.ColorRole.Base, "#1b1d21"),
    (QPalette.ColorRole.AlternateBase, "#25282d"),
    (QPalette.ColorRole.Text, "#e6e6e6"),
    (QPalette.ColorRole.WindowText, "#e6e6e6"),
    (QPalette.ColorRole.ButtonText, "#e6e6e6"),
    (QPalette.ColorRole.Button, "#2b2e33"),
    (QPalette.ColorRole.Highlight, "#4c8dff"),
    (QPalette.ColorRole.Link, "#f0a030"),
)


def go_dark(widget: QWidget) -> None:
    palette = widget.palette()
    for role, colour in DARK:
        palette.setColor(role, QColor(colour))
    widget.setPalette(palette)


def open_insights(window: MainWindow, qtbot: QtBot) -> InsightsPage:
    """Shows the Insights section and waits for its figures (computed off the GUI thread)."""
    workspace = window.workspace
    assert workspace is not None
    page = workspace.insights
    with qtbot.waitSignal(page.computed, timeout=20_000):
        window.actions_by_name["insights"].trigger()
    assert workspace.pages.currentWidget() is page
    content = page.grid.parentWidget()
    laid_out = lambda: content.height() >= content.minimumSizeHint().height()  # noqa: E731
    qtbot.waitUntil(lambda: all(shown.isVisible() for shown in page.panels) and laid_out())
    return page


def panel(page: InsightsPage, title: str) -> FigurePanel:
    [found] = [shown for shown in page.panels if shown.figure.title == title]
    return found


def table_values(shown: FigurePanel) -> list[tuple[Any, ...]]:
    model = shown.table.model()
    return [
        tuple(model.index(row, column).data(VALUE_ROLE) for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def tables_from_json(data: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """What each table must hold, read straight from the command's JSON."""
    replies = data["replies"]
    ladder, quiet, pay = data["ladder"], data["gone_quiet"], data["days_to_pay"]
    by_reply = {
        f"Replies by {name}": [
            (row[name], row["cases"], row.get("reply_rate"), row.get("median_reply_hours"))
            for row in replies[f"by_{name}"]
        ]
        for name in ("channel", "weekday", "hour")
    }
    overall = [("All clients", pay["cases"], pay["median_days"], pay.get("mean_days"))]
    return {
        **by_reply,
        "Which attempt brought the reply": [
            (step["attempts"], step["replies"]) for step in ladder.get("replies_after", [])
        ]
        + ([] if ladder.get("hidden") else [("let go", ladder["let_go"])]),
        "Where clients go quiet": [(s["stage"], s["silences"]) for s in quiet.get("stages", [])],
        "Interactions before commitment": [
            (step["interactions"], step["clients"])
            for step in data["before_commitment"]["distribution"]
        ],
        "Days to pay": ([] if pay.get("hidden") else overall)
        + [
            (client["client"], client["invoices"], client["median_days"], None)
            for client in pay.get("by_client", [])
        ],
    }


def command_json(data_dir: Any, capsys: pytest.CaptureFixture[str], *more: str) -> Any:
    """``insights --json`` at the window's moment, in the window's zone."""
    close_database()  # the command opens the folder itself
    capsys.readouterr()  # what the model tester said before
    assert main(["insights", "--data-dir", str(data_dir), "--json", *more]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def same_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command reads the moment and zone the window's tests use."""
    monkeypatch.setattr(freelance_ghost.commands, "SystemClock", lambda: FixedClock(NOW))
    monkeypatch.setattr(freelance_ghost.commands, "system_zone", lambda: BERLIN)


def shoot(window: MainWindow, page: InsightsPage, name: str) -> None:
    """The window as a person sees it, and the whole page of figures below the fold."""
    screenshot(window, f"insights-{name}")
    screenshot(page.grid.parentWidget(), f"insights-{name}-all")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_page_with_no_data_says_every_figure_waits(
    window: MainWindow, qtbot: QtBot, theme: str
) -> None:
    # With no clients the sections are off; the page itself still draws its figures.
    assert window.workspace is not None
    window.workspace.nav.setEnabled(True)
    if theme == "dark":
        go_dark(window)
    page = open_insights(window, qtbot)
    assert len(page.panels) == 7
    for shown in page.panels:
        assert shown.hidden_note.text().startswith("Not enough cases yet: 0 ")
        assert shown.chart.isHidden()
    shoot(window, page, f"empty-{theme}")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_page_with_one_client(window: MainWindow, qtbot: QtBot, theme: str) -> None:
    client = create_client(
        "Acme", ClientKind.ORGANIZATION, ClientStatus.LEAD, NOW - timedelta(days=30)
    )
    # Six emails every other day at 10:00 Berlin (9:00 UTC, after the clocks went back on
    # 25 October), each answered 3 hours later.
    for day in range(6):
        sent = datetime(2026, 11, 2, 9, tzinfo=NOW.tzinfo) + timedelta(days=2 * day)
        log_interaction(client.id, Direction.OUT, Channel.EMAIL, sent)
        log_interaction(client.id, Direction.IN, Channel.EMAIL, sent + timedelta(hours=3))
    assert window.workspace is not None
    window.workspace.refresh()
    if theme == "dark":
        go_dark(window)
    page = open_insights(window, qtbot)
    channel = panel(page, "Replies by channel")
    assert table_values(channel) == [("email", 6, 1.0, 3.0)]
    assert channel.cases.text() == "Rests on 6 messages sent"
    assert not channel.chart.isHidden()
    assert [bar.text for bar in channel.chart.bars()] == ["100.0% answered, median 3.0 h"]
    assert table_values(panel(page, "Replies by hour")) == [(10, 6, 1.0, 3.0)]
    assert panel(page, "Days to pay").chart.isHidden()  # no invoice yet
    shoot(window, page, f"one-client-{theme}")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_sample_year_equals_the_command(
    demo_window: MainWindow,
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    capsys: pytest.CaptureFixture[str],
    same_moment: None,
    theme: str,
) -> None:
    if theme == "dark":
        go_dark(demo_window)
    page = open_insights(demo_window, qtbot)
    shown = {shown.figure.title: table_values(shown) for shown in page.panels}
    for each in page.panels:
        qtmodeltester.check(each.table.model())
    shoot(demo_window, page, f"demo-{theme}")
    data = demo_window.workspace.insights.figures  # type: ignore[union-attr]
    assert data == command_json(demo_window.data_dir, capsys)
    assert shown == tables_from_json(data)
    assert any(shown.values())  # the sample year fills the tables


def test_since_counts_only_from_that_date(
    demo_window: MainWindow,
    qtbot: QtBot,
    capsys: pytest.CaptureFixture[str],
    same_moment: None,
) -> None:
    page = open_insights(demo_window, qtbot)
    everything = page.figures
    with qtbot.waitSignal(page.computed, timeout=20_000):
        page.since.setDate(date(2026, 9, 1))
        page.only_since.setChecked(True)
    assert page.since_date() == date(2026, 9, 1)
    assert page.figures is not None
    assert page.figures != everything
    assert page.figures == command_json(demo_window.data_dir, capsys, "--since", "2026-09-01")


def test_show_numbers_swaps_the_chart_for_a_table_that_copies(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    page = open_insights(demo_window, qtbot)
    channel = panel(page, "Replies by channel")
    assert channel.table.isHidden()
    assert not channel.chart.isHidden()
    channel.numbers.click()
    assert channel.chart.isHidden()
    assert not channel.table.isHidden()
    assert channel.numbers.text() == "Show chart"
    channel.table.selectAll()
    qtbot.keyClick(channel.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == "Email\t81\t77.8%\t22.2 h"  # as the demo's command prints it
    assert len(lines) == channel.table.model().rowCount()


def test_a_request_during_a_run_waits_and_only_the_latest_is_shown(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    asked: list[date | None] = []

    def slow(now: datetime, zone: tzinfo, since: date | None = None) -> dict[str, Any]:
        asked.append(since)
        release.wait()
        return {"since": since}

    monkeypatch.setattr(freelance_ghost.ui.insights.worker, "insights_at", slow)
    worker = InsightsWorker(BERLIN)
    shown: list[Any] = []
    worker.computed.connect(shown.append)
    worker.compute(NOW, date(2026, 1, 1))
    worker.compute(NOW, date(2026, 2, 1))  # superseded before it starts
    worker.compute(NOW, date(2026, 3, 1))
    with qtbot.waitSignal(worker.computed, timeout=20_000):
        release.set()
    assert asked == [date(2026, 1, 1), date(2026, 3, 1)]
    assert shown == [{"since": date(2026, 3, 1)}]


def test_the_figures_word_the_rules_with_their_own_numbers() -> None:
    """The ladder's last step and the slowest-payer note follow the rules of core.insights."""

    ladder = {
        "cases": 9,
        "replies_after": [
            {"attempts": 1, "replies": 4},
            {"attempts": LET_GO_STEP, "replies": 2},
        ],
        "let_go": 3,
    }
    pay = {
        "cases": 6,
        "median_days": 10,
        "mean_days": 11,
        "by_client": [],
        "slowest": [],
    }
    data = {"minimum_cases": MIN_CASES, "ladder": ladder, "days_to_pay": pay}

    labels = [bar.label for bar in ladder_figure(data).bars]
    assert labels == ["attempt 1", f"{LET_GO_STEP}th or later", "let go"]
    summary = pay_figure(data).summary
    assert summary == f"Slowest payers: no client has {MIN_CASES} paid invoices yet."
