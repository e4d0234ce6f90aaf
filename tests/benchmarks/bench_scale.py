"""Benchmark: every figure of issue 8 at each size, beside the best this machine can do.

Run on demand (not part of the test run; about 4 minutes at the largest size on 2 cores):

    python tests/benchmarks/bench_scale.py                         # 1k, 10k, 100k, 1M interactions
    python tests/benchmarks/bench_scale.py --sizes 1000000 --runs 5

Each size N builds one data set once: N / 100 clients with N interactions between them (the
data of bench_attention.py: contacts, channels, schedules, three invoices each) plus one busy
client with N / 100 events (10,000 at 1M), the largest relationship a freelancer keeps. Then,
each figure a median of ``--runs`` runs, measured in this one run beside its limit:

- export: ``export_history_file`` (rows/s) vs the ``sqlite3`` shell's ``.mode csv`` of the
  same rows; import: ``import_history_file`` into an empty folder vs the shell's ``.import``;
- engine: ``attention_at`` vs one hand-written SQL query returning the facts it judges;
- command: ``freelance-ghost attention`` from launch to exit vs ``python -c "import sqlite3"``
  (the least any Python command pays), and whether it loaded any Qt module;
- window (window_probe.py, a fresh process per run, Python's bytecode cache warm as for a
  user's second launch): first paint vs a bare PySide6 window that shows and quits; content
  ready (Today and the clients list filled); opening the busy client until its page is drawn;
  one page-down of the clients list until drawn; the window process's peak memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_attention import NOW, ZONE, add_busy_client, build  # noqa: E402

from freelance_ghost.core.history.format import COLUMNS  # noqa: E402
from freelance_ghost.services.attention import attention_at  # noqa: E402
from freelance_ghost.services.history_files import (  # noqa: E402
    export_history_file,
    import_history_file,
)
from freelance_ghost.store.database import close_database, open_database  # noqa: E402
from freelance_ghost.store.models import database  # noqa: E402

SETTLE_SECONDS = 0.5  # between two launches of the window (window_probe.py run_series)
FACTS_SQL = """
WITH latest AS (
    SELECT client_id,
           MAX(CASE WHEN direction = 'in' THEN occurred_at END) AS last_in,
           MAX(CASE WHEN direction = 'out' THEN occurred_at END) AS last_out,
           MAX(occurred_at) AS last_touch
    FROM interaction GROUP BY client_id
), attempts AS (
    SELECT i.client_id, COUNT(*) AS unanswered, MAX(i.occurred_at) AS last_attempt
    FROM interaction AS i JOIN latest USING (client_id)
    WHERE i.direction = 'out' AND i.occurred_at > COALESCE(latest.last_in, -1)
    GROUP BY i.client_id
), steps AS (
    SELECT i.client_id, i.next_step, i.next_step_due
    FROM interaction AS i JOIN latest
      ON i.client_id = latest.client_id AND i.occurred_at = latest.last_touch
    WHERE i.next_step_due IS NOT NULL
), schedule AS (
    SELECT client_id, cadence_days, channel, MAX(set_at) AS set_at
    FROM checkin_schedule GROUP BY client_id
), owed AS (
    SELECT v.client_id, v.number, v.due_on,
           v.amount_minor - COALESCE(SUM(p.amount_minor), 0) AS outstanding
    FROM invoice AS v LEFT JOIN payment AS p ON p.invoice_id = v.id
    WHERE v.due_on < :today GROUP BY v.id HAVING outstanding > 0
)
SELECT c.id, c.status, latest.last_in, latest.last_out, attempts.unanswered,
       attempts.last_attempt, steps.next_step, steps.next_step_due, schedule.cadence_days,
       schedule.set_at, owed.number, owed.due_on, owed.outstanding
FROM client AS c
LEFT JOIN latest ON latest.client_id = c.id
LEFT JOIN attempts ON attempts.client_id = c.id
LEFT JOIN steps ON steps.client_id = c.id
LEFT JOIN schedule ON schedule.client_id = c.id
LEFT JOIN owed ON owed.client_id = c.id
WHERE c.archived_at IS NULL
"""


@dataclass(frozen=True)
class Figure:
    """One measured figure beside its limit (the machine's best) and the issue's target."""

    name: str
    value: float
    unit: str
    limit: float | None = None  # the same work done the fastest way this machine knows
    target: str = ""
    met: bool | None = None

    def ratio(self) -> str:
        """How far from the limit, in the direction that reads naturally for the unit."""
        if self.limit is None or not self.limit or not self.value:
            return ""
        if self.unit == "rows/s":
            return f"{self.limit / self.value:.1f}x slower" if self.limit > self.value else "faster"
        return f"{self.value / self.limit:.2f}x"


def median_of(runs: int, action: Callable[[], float]) -> float:
    """The median of ``runs`` results of ``action``."""
    return statistics.median(action() for _ in range(runs))


def seconds(action: Callable[[], object]) -> float:
    """Wall time of one call."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def shell(database_file: Path, *commands: str) -> float:
    """Runs the ``sqlite3`` command-line shell on ``database_file``; its wall time."""
    started = time.perf_counter()
    subprocess.run(["sqlite3", str(database_file), *commands], check=True)
    return time.perf_counter() - started


def build_data(folder: Path, interactions: int) -> int:
    """The data set of one size; returns the busy client's id."""
    open_database(folder, NOW)
    build(max(1, interactions // 100), interactions)
    client_id = add_busy_client(max(10, interactions // 100))
    close_database()
    return client_id


def csv_rows(path: Path) -> int:
    """Data rows of a history file (quoted line breaks counted once)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def measure_export(data: Path, work: Path, runs: int) -> tuple[Figure, Path, int]:
    """Our export against the shell writing the same rows with ``.mode csv``."""
    target = work / "history.csv"
    open_database(data, NOW)
    ours = median_of(runs, lambda: seconds(lambda: export_history_file(target, ZONE)))
    close_database()
    rows = csv_rows(target)
    raw = work / "raw.db"
    shell(raw, f".import --csv {target} history")
    floor = median_of(
        runs,
        lambda: shell(
            raw,
            ".headers on",
            ".mode csv",
            f".output {work / 'shell.csv'}",
            "SELECT * FROM history",
        ),
    )
    figure = Figure("export", rows / ours, "rows/s", rows / floor, ">= 200,000 rows/s")
    return _judged(figure, rows / ours >= 200_000), target, rows


def measure_import(history: Path, rows: int, work: Path, runs: int) -> Figure:
    """Our import into an empty data folder against the shell's ``.import`` into one table."""

    def ours() -> float:
        folder = work / "import"
        open_database(folder, NOW)
        elapsed = seconds(lambda: import_history_file(history, ZONE))
        close_database()
        shutil.rmtree(folder)
        return elapsed

    def floor() -> float:
        target = work / "shell-import.db"
        elapsed = shell(target, f".import --csv {history} history")
        target.unlink()
        return elapsed

    mine, best = median_of(runs, ours), median_of(runs, floor)
    figure = Figure("import", rows / mine, "rows/s", rows / best, ">= 100,000 rows/s")
    return _judged(figure, rows / mine >= 100_000)


def measure_engine(data: Path, runs: int) -> tuple[Figure, str]:
    """``attention_at`` against one SQL query computing the facts it judges."""
    open_database(data, NOW)
    items: list[object] = []
    mine = median_of(runs, lambda: seconds(lambda: items.extend(attention_at(NOW, ZONE))))
    connection = database.connection()
    today = NOW.astimezone(ZONE).date().isoformat()
    facts: list[tuple[object, ...]] = []
    best = median_of(
        runs, lambda: seconds(lambda: facts.extend(connection.execute(FACTS_SQL, {"today": today})))
    )
    close_database()
    per_run = len(items) // runs
    note = f"{per_run:,} items; the query returns {len(facts) // runs:,} fact rows"
    figure = Figure("engine (attention_at)", mine * 1000, "ms", best * 1000, "<= 300 ms")
    return _judged(figure, mine <= 0.3), note


def measure_command(data: Path, runs: int) -> tuple[Figure, bool]:
    """``freelance-ghost attention`` from launch to exit, and whether Qt was loaded."""
    base = [sys.executable, "-m", "freelance_ghost", "attention", "--data-dir", str(data)]
    command = [*base, "--at", NOW.isoformat()]
    env = _warm_bytecode_env()
    subprocess.run(command, env=env, check=True, capture_output=True)  # warms the bytecode

    def launch(arguments: list[str]) -> float:
        return seconds(lambda: subprocess.run(arguments, env=env, check=True, capture_output=True))

    mine = median_of(runs, lambda: launch(command))
    best = median_of(runs, lambda: launch([sys.executable, "-c", "import sqlite3"]))
    traced = subprocess.run(
        [sys.executable, "-X", "importtime", *command[1:]], env=env, capture_output=True, text=True
    )
    qt_loaded = "PySide6" in traced.stderr or "shiboken" in traced.stderr
    figure = Figure("command `attention`", mine * 1000, "ms", best * 1000, "loads no Qt")
    return _judged(figure, not qt_loaded), qt_loaded


def _warm_bytecode_env() -> dict[str, str]:
    """Children write and reuse compiled bytecode, as an installed app does."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "fg-bench-pycache")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def measure_window(data: Path, busy_client: int, runs: int) -> list[Figure]:
    """First paint, content, opening the busy client, scrolling, memory; a process per run."""
    series = subprocess.run(
        [
            sys.executable,
            str(HERE / "window_probe.py"),
            "series",
            str(runs),
            str(SETTLE_SECONDS),
            str(data),
            "--at",
            NOW.isoformat(),
            "--open",
            str(busy_client),
        ],
        env=_warm_bytecode_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    measured = json.loads(series.stdout.strip().splitlines()[-1])
    bare, ours = measured["bare"], measured["app"]
    floor = statistics.median(float(run["first_paint"]) for run in bare) * 1000
    paint = statistics.median(float(run["first_paint"]) for run in ours) * 1000
    ready = statistics.median(float(run["ready"]) for run in ours) * 1000
    opens = statistics.median(ms for run in ours for ms in run["open_ms"])  # type: ignore[attr-defined]
    scroll = [ms for run in ours for ms in run["scroll_ms"]]  # type: ignore[attr-defined]
    memory = max(float(run["max_rss_mb"]) for run in ours)
    bare_memory = max(float(run["max_rss_mb"]) for run in bare)
    return [
        _judged(
            Figure("window first paint", paint, "ms", floor, "<= 1.5x bare window"),
            paint <= 1.5 * floor,
        ),
        Figure("window content ready", ready, "ms", floor, "(Today and clients filled)"),
        _judged(Figure("open the busy client", opens, "ms", None, "<= 100 ms"), opens <= 100),
        _judged(
            Figure("scroll clients, one page (median)", statistics.median(scroll), "ms", 1000 / 60),
            statistics.median(scroll) <= 1000 / 60,
        ),
        Figure("scroll clients, one page (slowest)", max(scroll), "ms", 1000 / 60),
        _judged(
            Figure("window peak memory", memory, "MB", bare_memory, "<= 300 MB"), memory <= 300
        ),
    ]


def _judged(figure: Figure, met: bool) -> Figure:
    return Figure(figure.name, figure.value, figure.unit, figure.limit, figure.target, met)


def run_size(interactions: int, runs: int) -> list[Figure]:
    """Every figure at one size, printed as it is measured."""
    with tempfile.TemporaryDirectory(prefix="fg-bench-") as scratch:
        work = Path(scratch)
        data = work / "data"
        started = time.perf_counter()
        busy = build_data(data, interactions)
        built = time.perf_counter() - started
        print(f"\n## {interactions:,} interactions, {max(1, interactions // 100):,} clients")
        print(f"(built in {built:.1f} s; busy client #{busy})", flush=True)
        figures: list[Figure] = []
        exported, history, rows = measure_export(data, work, runs)
        figures.append(exported)
        _print(exported, f"{rows:,} rows")
        imported = measure_import(history, rows, work, runs)
        figures.append(imported)
        _print(imported)
        engine, note = measure_engine(data, max(runs, 5))
        figures.append(engine)
        _print(engine, note)
        command, qt_loaded = measure_command(data, runs)
        figures.append(command)
        _print(command, f"Qt loaded: {'yes' if qt_loaded else 'no'}")
        for figure in measure_window(data, busy, runs):
            figures.append(figure)
            _print(figure)
    return figures


def _print(figure: Figure, note: str = "") -> None:
    value = f"{figure.value:,.0f}" if figure.value >= 100 else f"{figure.value:.1f}"
    limit = "" if figure.limit is None else f"{figure.limit:,.1f}"
    verdict = {True: "met", False: "NOT MET", None: ""}[figure.met]
    print(
        f"{figure.name:36} {value:>10} {figure.unit:6} limit {limit:>10}  {figure.ratio():14} "
        f"target {figure.target:22} {verdict:8} {note}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("sqlite3") is None:
        sys.exit("bench_scale.py needs the sqlite3 command-line shell (apt install sqlite3)")
    print(
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs"
    )
    print(f"history columns: {len(COLUMNS)}; medians of {args.runs} runs")
    for size in (int(text) for text in args.sizes.split(",")):
        run_size(size, args.runs)


if __name__ == "__main__":
    main()
