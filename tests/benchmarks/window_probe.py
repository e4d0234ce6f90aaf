"""One launch of the window, timed from the outside: run by bench_scale.py, never by pytest.

    python window_probe.py bare                 # a bare PySide6 window that shows and quits
    python window_probe.py app DATA_DIR --at ISO [--open CLIENT_ID] [--opens N] [--scroll-pages N]

The launching process puts its ``time.time()`` in ``FG_PROBE_T0`` just before it starts this
one, so the figures include the interpreter's start and every import. Prints one JSON object:

- ``first_paint``: seconds from launch until the first frame of the main window was drawn;
- ``ready``: seconds from launch until Today and the clients list were filled (app only);
- ``open_ms``: opening the client ``--open`` ``--opens`` times, each until its page is drawn;
- ``scroll_ms``: each page-down of the clients list until it is drawn;
- ``max_rss_mb``: the peak resident memory of this process at the end.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

T0 = float(os.environ["FG_PROBE_T0"])
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


def timed_ms(action: object, window: QWidget) -> float:
    """Milliseconds for ``action`` and the frame that shows its result."""
    started = time.perf_counter()
    action()  # type: ignore[operator]
    QApplication.processEvents()
    window.grab()
    return (time.perf_counter() - started) * 1000


def measure_loaded(window: QMainWindow, open_id: int | None, opens: int, pages: int) -> None:
    """After the content is in: open a client repeatedly, then page through the clients list."""
    RESULT["ready"] = time.time() - T0
    workspace = window.workspace  # type: ignore[attr-defined]
    window.grab()
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
    RESULT["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
    RESULT["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_window(data_dir: str, at: str, open_id: int | None, opens: int, pages: int) -> None:
    """The real app as a user launches it, on the benchmark's data folder and fixed clock."""
    app = QApplication(sys.argv)

    def painted(window: QMainWindow) -> None:
        if window.workspace is not None:  # type: ignore[attr-defined]
            measure_loaded(window, open_id, opens, pages)
        else:
            window.loaded.connect(  # type: ignore[attr-defined]
                lambda: measure_loaded(window, open_id, opens, pages)
            )

    probe = FirstPaint(painted)
    app.installEventFilter(probe)
    from freelance_ghost import cli  # noqa: F401  (what the installed command loads first)
    from freelance_ghost.core.clock import FixedClock
    from freelance_ghost.ui.app import run_app

    run_app(Path(data_dir), FixedClock(datetime.fromisoformat(at)))


def main() -> None:
    mode, *rest = sys.argv[1:]
    if mode == "bare":
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
