"""The Insights page: every figure of docs/insights.md as a chart, its numbers one click away."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from freelance_ghost.core.clock import local_date
from freelance_ghost.core.insights import MIN_CASES
from freelance_ghost.ui.insights.chart import BarChart
from freelance_ghost.ui.insights.figures import Figure, page_figures
from freelance_ghost.ui.insights.table import FigureTable
from freelance_ghost.ui.insights.worker import InsightsWorker

COLUMNS = 2
INTRO = (
    "What works with whom, from your own records. Each figure says how many cases it rests "
    f"on; with fewer than {MIN_CASES} it is not drawn."
)


class FigurePanel(QFrame):
    """One figure: its question and cases, the chart (or why it is hidden), the table."""

    def __init__(self, figure: Figure) -> None:
        super().__init__()
        self.figure = figure
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(figure.title)
        title = QLabel(f"<b>{figure.title}</b>")
        question = QLabel(figure.question)
        question.setWordWrap(True)
        self.cases = QLabel(f"Rests on {figure.cases}")
        self.hidden_note = QLabel(figure.hidden)
        self.hidden_note.setWordWrap(True)
        self.chart = BarChart()
        self.chart.setAccessibleName(f"{figure.title}: chart")
        self.chart.set_bars(figure.bars, figure.scale)
        self.table = FigureTable(figure)
        self.summary = QLabel(figure.summary)
        self.summary.setWordWrap(True)
        self.numbers = QPushButton("Show numbers")
        self.numbers.setCheckable(True)
        self.numbers.setToolTip("The numbers behind the chart, as a table you can copy")
        self.numbers.toggled.connect(self._on_numbers_toggled)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.numbers)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        for widget in (question, self.cases, self.hidden_note, self.chart, self.table):
            layout.addWidget(widget)
        layout.addWidget(self.summary)
        layout.addStretch()
        self.hidden_note.setVisible(bool(figure.hidden))
        self.summary.setVisible(bool(figure.summary))
        self._on_numbers_toggled(False)

    def _on_numbers_toggled(self, shown: bool) -> None:
        """The table replaces the chart (a hidden figure has no chart, only its reason)."""
        self.numbers.setText("Show chart" if shown else "Show numbers")
        self.table.setVisible(shown)
        self.chart.setVisible(not shown and not self.figure.hidden)


class InsightsPage(QWidget):
    """The figures for a moment, computed off the window's thread, since a chosen date."""

    computed = Signal()  # the figures shown are the latest asked for

    def __init__(self, zone: tzinfo, now: Callable[[], datetime]) -> None:
        super().__init__()
        self._zone = zone
        self._now = now
        self.figures: dict[str, Any] | None = None
        self.panels: list[FigurePanel] = []
        self.worker = InsightsWorker(zone)
        self.worker.computed.connect(self._on_worker_computed)
        self.only_since = QCheckBox("Only since")
        self.only_since.setToolTip("Count only messages, commitments and invoices from this date")
        self.since = QDateEdit()
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("d MMM yyyy")
        self.since.setAccessibleName("Since date")
        self.since.setEnabled(False)
        start = local_date(now(), zone) - timedelta(days=365)
        self.since.setDate(QDate(start.year, start.month, start.day))
        self.only_since.toggled.connect(self.since.setEnabled)
        self.only_since.toggled.connect(self.refresh)
        self.since.dateChanged.connect(self._on_since_date_changed)
        self.state = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.only_since)
        bar.addWidget(self.since)
        bar.addStretch()
        bar.addWidget(self.state)
        self.grid = QGridLayout()
        content = QWidget()
        content.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        title = QLabel("<h1>Insights</h1>")
        title.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

    def since_date(self) -> date | None:
        """The start date chosen, or None for the whole history."""
        if not self.only_since.isChecked():
            return None
        chosen = self.since.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def refresh(self) -> None:
        """Recomputes the figures at the clock's moment (the page shows "Computing…")."""
        self.state.setText("Computing…")
        self.worker.compute(self._now(), self.since_date())

    def _on_since_date_changed(self) -> None:
        if self.only_since.isChecked():
            self.refresh()

    def _on_worker_computed(self, figures: dict[str, Any] | None) -> None:
        if figures is None:
            self.state.setText("The figures could not be computed: see the log")
            return
        self.figures = figures
        self.state.setText("")
        self._show(page_figures(figures))
        self.computed.emit()

    def _show(self, figures: list[Figure]) -> None:
        for panel in self.panels:
            self.grid.removeWidget(panel)
            panel.deleteLater()
        self.panels = [FigurePanel(figure) for figure in figures]
        for number, panel in enumerate(self.panels):
            self.grid.addWidget(panel, number // COLUMNS, number % COLUMNS)
