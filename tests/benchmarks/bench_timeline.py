"""Benchmark: opening and painting a client's timeline with 10,000 events.

Run on demand (not part of the test run):

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_timeline.py [--events N] [--runs R]

It stores ten years of one busy client (messages, invoices with payments, a check-in schedule)
in a temporary database with direct SQL inserts, then reports:

- open: ``store.timeline.client_timeline`` (queries and the core's bands), plus ``set_timeline``;
- paint: rendering the widget 1600 x 300 into a QImage, the median of R renders, with the whole
  history on screen (every event in view), with its latest year, and with one month.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from freelance_ghost.core.attention import AttentionSettings
from freelance_ghost.core.clock import to_micros
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.models import database
from freelance_ghost.store.timeline import client_timeline
from freelance_ghost.ui.timeline import TimelineWidget

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Berlin")
CHANNELS = ["email", "phone", "sms", "video", "social", "in_person", "other"]
WIDTH, HEIGHT = 1600, 300


def build(events: int, seed: int = 11) -> int:
    """One client with ``events`` timeline events over ten years; returns its id."""
    rng = random.Random(seed)
    day = 86_400_000_000
    start = to_micros(NOW) - 3650 * day
    invoices = events // 25  # each gives issued, due and paid: 12 % of the events
    messages = events - 3 * invoices
    connection = database.connection()
    with database.atomic():
        connection.execute(
            "INSERT INTO client (id, name, name_key, kind, status, created_at) "
            "VALUES (1, 'Globex', 'globex', 'organization', 'active', ?)",
            (start,),
        )
        connection.execute(
            "INSERT INTO contact (id, client_id, name, name_key, created_at) "
            "VALUES (1, 1, 'Hank', 'hank', ?)",
            (start,),
        )
        step = 3650 * day // messages
        connection.executemany(
            "INSERT INTO interaction (client_id, contact_id, direction, channel, occurred_at, "
            "summary) VALUES (1, 1, ?, ?, ?, ?)",
            [
                (
                    "out" if rng.random() < 0.55 else "in",
                    rng.choice(CHANNELS),
                    start + n * step + rng.randint(0, step // 2),
                    f"Message {n} about the project",
                )
                for n in range(messages)
            ],
        )
        for n in range(invoices):
            issued = start + n * (3600 // invoices) * day
            due_on = datetime.fromtimestamp((issued + 30 * day) / 1e6, UTC).date().isoformat()
            connection.execute(
                "INSERT INTO invoice (id, client_id, number, amount_minor, currency, issued_at, "
                "due_on) VALUES (?, 1, ?, 150000, 'EUR', ?, ?)",
                (n + 1, f"INV-{n + 1:04d}", issued, due_on),
            )
            connection.execute(
                "INSERT INTO payment (invoice_id, amount_minor, received_at) VALUES (?, 150000, ?)",
                (n + 1, issued + rng.randint(10, 50) * day),
            )
        connection.execute(
            "INSERT INTO checkin_schedule (client_id, cadence_days, channel, set_at) "
            "VALUES (1, 14, 'video', ?)",
            (start,),
        )
    return 1


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median, min and max wall time of ``action`` in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), max(times)


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
