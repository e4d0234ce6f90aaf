"""One launch of the window, timed from the outside: run by bench_scale.py, never by pytest.

    python window_probe.py series RUNS SETTLE DATA_DIR --at ISO ...   # what bench_scale runs
    python window_probe.py bare                 # a bare PySide6 window that shows and quits
    python window_probe.py app DATA_DIR --at ISO [--open CLIENT_ID] [--opens N] [--scroll-pages N]

The launching process (``series``) puts its ``time.time()`` in ``FG_PROBE_T0`` just before it
starts each run, so the figures include the interpreter's start and every import. Prints one
JSON object (``series``: the runs' objects under "bare" and "app"):

- ``first_paint``: seconds from launch until the first frame of the main window was drawn;
- ``ready``: seconds from launch until Today and the clients list were filled (app only);
- ``open_ms``: opening the client ``--open`` ``--opens`` times, each until its page is drawn;
- ``scroll_ms``: each page-down of the clients list until it is drawn;
- ``max_rss_mb``: the peak resident memory of this process at the end (Linux's VmHWM: unlike
  ``ru_maxrss``, it does not carry over the launching process's peak across ``exec``).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

T0 = float(os.environ.get("FG_PROBE_T0", "nan"))  # set for each run by run_series
RESULT: dict[str, object] = {}


class FirstPaint(QObject):
    """Notes the moment the first paint of a main window has been drawn, then runs ``after``."""

    def __init__(self, after: object) -> None:
        super().__init__()
        self.after = after
        self.window: QMainWindow | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            self.window is None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and isinstance(watched.window(), QMainWindow)
        ):
            self.window = watched.window()
            QTimer.singleShot(0, self._painted)  # runs once this paint has been flushed
        return False

    def _painted(self) -> None:
        RESULT["first_paint"] = time.time() - T0
        self.after(self.window)  # type: ignore[operator]


def peak_memory_mb() -> float:
    """This process's peak resident memory since it started, in MB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_ms(action: object, window: QWidget) -> float:
    """Milliseconds for ``action`` and the frame that shows its result."""
    started = time.perf_counter()
    action()  # type: ignore[operator]
    QApplication.processEvents()
    window.grab()
    return (time.perf_counter() - started) * 1000


def content_ready(window: QMainWindow, then: object) -> None:
    """Notes when Today and the clients list are drawn, then waits out the start's own work.

    The app's first reminder check runs on a worker thread right after the content is in;
    ``then`` runs once it has finished, so what follows measures the app at rest.
    """
    window.grab()
    RESULT["ready"] = time.time() - T0

    def when_quiet() -> None:
        if threading.active_count() > 1:
            QTimer.singleShot(5, when_quiet)
        else:
            then()  # type: ignore[operator]

    QTimer.singleShot(0, when_quiet)


def measure_loaded(window: QMainWindow, open_id: int | None, opens: int, pages: int) -> None:
    """At rest after the start: open a client repeatedly, then page through the clients list."""
    workspace = window.workspace  # type: ignore[attr-defined]
    if open_id is not None:
        RESULT["open_ms"] = [
            timed_ms(lambda: workspace.open_client(open_id), window) for _ in range(opens)
        ]
    workspace.show_clients()
    window.grab()
    bar = workspace.clients.table.verticalScrollBar()
    RESULT["scroll_rows"] = workspace.clients.table.model().rowCount()
    RESULT["scroll_ms"] = [
        timed_ms(lambda: bar.setValue(bar.value() + bar.pageStep()), window) for _ in range(pages)
    ]
    RESULT["max_rss_mb"] = peak_memory_mb()
    QApplication.quit()


def run_bare() -> None:
    """The floor: a window with one label, shown until its first frame is drawn."""
    app = QApplication(sys.argv)
    probe = FirstPaint(lambda _window: app.quit())
    app.installEventFilter(probe)
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1180, 760)
    window.show()
    app.exec()
    RESULT["max_rss_mb"] = peak_memory_mb()


def run_window(data_dir: str, at: str, open_id: int | None, opens: int, pages: int) -> None:
    """The real app as a user launches it, on the benchmark's data folder and fixed clock."""
    app = QApplication(sys.argv)

    def painted(window: QMainWindow) -> None:
        def measure() -> None:
            measure_loaded(window, open_id, opens, pages)

        if window.workspace is not None:  # type: ignore[attr-defined]
            content_ready(window, measure)
        else:
            window.loaded.connect(
                lambda: QTimer.singleShot(0, lambda: content_ready(window, measure))
            )  # type: ignore[attr-defined]

    probe = FirstPaint(painted)
    app.installEventFilter(probe)
    from freelance_ghost import cli  # noqa: F401  (what the installed command loads first)
    from freelance_ghost.core.clock import FixedClock
    from freelance_ghost.ui.app import run_app

    run_app(Path(data_dir), FixedClock(datetime.fromisoformat(at)))


def run_series(runs: int, settle: float, app_arguments: list[str]) -> None:
    """Launches ``runs`` bare windows and ``runs`` apps, alternately, from this lean process.

    Launching from the benchmark itself would copy its large memory into every child (fork)
    and into their peak memory figures; from here each child starts as a user's would.
    Between runs, ``settle`` seconds let the previous process's exit finish: launched back
    to back, a run overlapped that clean-up and came out up to 90 ms slower.
    """
    results: dict[str, list[dict[str, object]]] = {"bare": [], "app": []}
    for _ in range(runs + 1):  # the first pair warms the bytecode cache and takes the backup
        for name, arguments in (("bare", ["bare"]), ("app", ["app", *app_arguments])):
            time.sleep(settle)
            env = dict(os.environ, FG_PROBE_T0=repr(time.time()))
            done = subprocess.run(
                [sys.executable, __file__, *arguments],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            results[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    RESULT.update({name: runs_of[1:] for name, runs_of in results.items()})


def main() -> None:
    mode, *rest = sys.argv[1:]
    if mode == "series":
        runs, settle, *app_arguments = rest
        run_series(int(runs), float(settle), app_arguments)
    elif mode == "bare":
        run_bare()
    else:
        data_dir, *options = rest
        named = dict(zip(options[::2], options[1::2], strict=True))
        run_window(
            data_dir,
            named["--at"],
            int(named["--open"]) if "--open" in named else None,
            int(named.get("--opens", "5")),
            int(named.get("--scroll-pages", "40")),
        )
    print(json.dumps(RESULT))


if __name__ == "__main__":
    main()
