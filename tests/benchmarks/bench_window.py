"""Benchmark: the window's first paint at 10,000 clients and 1,000,000 interactions.

Run on demand (not part of the test run):

    python tests/benchmarks/bench_window.py [--clients N] [--interactions M] [--runs R]

Builds the same data set as bench_attention.py, then times, each as a median of R runs:
a bare PySide6 window that shows and paints once (the floor), and the main window built on the
data, shown and painted once (Today computed, the clients list filled). Peak memory (max RSS)
of the process is reported at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_attention import NOW, ZONE, build


def first_paint(make: Callable[[], QMainWindow], app: QApplication) -> float:
    """Seconds from constructing a window to its first rendered frame."""
    started = time.perf_counter()
    window = make()
    window.show()
    app.processEvents()
    window.grab()
    elapsed = time.perf_counter() - started
    window.close()
    window.deleteLater()
    app.processEvents()
    return elapsed


def bare_window() -> QMainWindow:
    """The floor: a window with one label."""
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1180, 760)
    return window


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        open_database(data, NOW)
        build(args.clients, args.interactions)
        bare = statistics.median(first_paint(bare_window, app) for _ in range(args.runs))
        ours = statistics.median(
            first_paint(lambda: MainWindow(data, ZONE, lambda: NOW), app) for _ in range(args.runs)
        )
        close_database()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"clients {args.clients:,}, interactions {args.interactions:,}")
    print(f"first paint, bare PySide6 window: {bare * 1000:.0f} ms (median of {args.runs})")
    print(f"first paint, Freelance Ghost: {ours * 1000:.0f} ms (median of {args.runs})")
    print(f"ratio: {ours / bare:.1f}x the bare window")
    print(f"peak memory (max RSS) of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
