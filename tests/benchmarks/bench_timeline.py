"""Benchmark: opening and painting a client's timeline with 10,000 events.

Run on demand (not part of the test run):

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_timeline.py [--events N] [--runs R]

It stores ten years of one busy client (messages, invoices with payments, a check-in schedule)
in a temporary database with direct SQL inserts, then reports:

- open in the window (target <= 100 ms): the client's page opened in the main window until the
  user sees it, ``open_client`` + ``processEvents()`` + one render of the window (``grab()``),
  R times in one window: the first open, the median, min and max, and the same opened each
  time after a small client's page; ``measure_open_client`` gives these to other benchmarks;
- open: ``store.timeline.client_timeline`` (queries and the core's bands), plus ``set_timeline``;
- paint: rendering the widget 1600 x 300 into a QImage, the median of R renders, with the whole
  history on screen (every event in view), with its latest year, and with one month.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_attention import add_busy_client as build
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from freelance_ghost.core.attention import AttentionSettings
from freelance_ghost.core.clock import to_micros
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.models import database
from freelance_ghost.store.timeline import client_timeline
from freelance_ghost.ui.main_window import MainWindow
from freelance_ghost.ui.timeline.view import TimelineWidget
from freelance_ghost.ui.workspace import open_window

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Berlin")
WIDTH, HEIGHT = 1600, 300
OPEN_TARGET_MS = 100


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median, min and max wall time of ``action`` in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), max(times)


def add_small_client() -> int:
    """A second client with one message: a light page to come from; returns its id."""
    connection = database.connection()
    with database.atomic():
        client_id = connection.execute(
            "INSERT INTO client (name, name_key, kind, status, created_at) "
            "VALUES ('Initech', 'initech', 'person', 'active', ?)",
            (to_micros(NOW),),
        ).lastrowid
        connection.execute(
            "INSERT INTO interaction (client_id, direction, channel, occurred_at, summary) "
            "VALUES (?, 'out', 'email', ?, 'Hello')",
            (client_id, to_micros(NOW - timedelta(days=2))),
        )
    return int(client_id)


def measure_open_client(
    data_dir: Path, client_id: int, runs: int, *, after: int | None = None
) -> list[float]:
    """Seconds to open a client's page in the main window until it is drawn, ``runs`` times.

    The database must be open on ``data_dir``. One window is shown and painted first; then each
    run is ``open_client`` + ``processEvents()`` + ``grab()`` (what the user waits for), the
    first run being the first open of a client page in that window. With ``after``, that other
    client's page is opened (untimed) before each run.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    window = open_window(data_dir, ZONE, lambda: NOW)
    window.show()
    app.processEvents()
    window.grab()
    times = []
    for _ in range(runs):
        if after is not None:
            _open_and_draw(window, after, app)
        started = time.perf_counter()
        _open_and_draw(window, client_id, app)
        times.append(time.perf_counter() - started)
    window.close()
    window.deleteLater()
    app.processEvents()
    return times


def _open_and_draw(window: MainWindow, client_id: int, app: QApplication) -> None:
    assert window.workspace is not None
    window.workspace.open_client(client_id)
    app.processEvents()
    window.grab()


def report_open(name: str, seconds: list[float]) -> None:
    """One line: the median, min and max in ms, beside the target."""
    ms = [s * 1000 for s in seconds]
    print(
        f"{name}: median {statistics.median(ms):.0f} ms (min {min(ms):.0f}, max {max(ms):.0f}, "
        f"{len(ms)} runs; first {ms[0]:.0f} ms), target <= {OPEN_TARGET_MS} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--save", type=Path, help="also save the full-history render here")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        open_database(Path(folder), NOW)
        client_id = build(args.events)
        small = add_small_client()
        in_window = measure_open_client(Path(folder), client_id, args.runs)
        after_small = measure_open_client(Path(folder), client_id, args.runs, after=small)
        settings = AttentionSettings()
        widget = TimelineWidget()
        widget.resize(WIDTH, HEIGHT)

        def open_client() -> None:
            widget.set_timeline(client_timeline(client_id, NOW, ZONE, settings))

        opened = median_ms(open_client, max(3, args.runs // 5))
        close_database()
    timeline = widget.timeline()
    assert timeline is not None
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)

    def render() -> None:
        image.fill(QColor("white"))
        widget.render(image)

    print(f"events {len(timeline.events):,}, silences {len(timeline.bands):,}")
    report_open("open in the window", in_window)
    report_open("open in the window, after a small client", after_small)
    print(f"open (queries + core + set_timeline): median {opened[0]:.0f} ms")
    views: list[tuple[str, Callable[[], None]]] = [
        ("whole history (10 years)", widget.fit_all),
        ("latest year", widget.fit_latest),
        ("one month", lambda: widget.set_visible_range(NOW - timedelta(days=30), NOW)),
    ]
    for name, show in views:
        show()
        render()  # the first render warms fonts and caches
        median, low, high = median_ms(render, args.runs)
        print(
            f"paint {WIDTH}x{HEIGHT}, {name}: median {median:.1f} ms "
            f"(min {low:.1f}, max {high:.1f}, {args.runs} renders)"
        )
    if args.save:
        widget.fit_all()
        render()
        image.save(str(args.save))
    del app


if __name__ == "__main__":
    main()
