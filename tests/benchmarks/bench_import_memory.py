"""Benchmark: the peak memory of importing a 2,000,000-row history from the command line.

Run on demand (not part of the test run; about two minutes on 2 cores):

    python tests/benchmarks/bench_import_memory.py [--interactions N] [--runs R]

It builds the data set of bench_scale.py at N interactions (1,800,000: 18,000 clients and
one busy client, 2,019,808 history rows, 184 MB of CSV), exports it, then runs
``freelance-ghost import`` of that file into an empty data folder ``--runs`` times, each in
a fresh process, and reports each run's peak resident memory (the kernel's ``ru_maxrss`` of
the child) and its rate. The target is under 400 MB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_attention import NOW, ZONE  # noqa: E402
from bench_scale import build_data, csv_rows  # noqa: E402

from freelance_ghost.services.history_files import export_history_file  # noqa: E402
from freelance_ghost.store.database import close_database, open_database  # noqa: E402

TARGET_MB = 400


def import_in_a_child(history: Path, data: Path) -> tuple[float, float]:
    """(peak resident MB, seconds) of one ``freelance-ghost import`` in a fresh process.

    A fresh interpreter runs the import and reports the peak of its children: the import's.
    """
    code = (
        "import resource, subprocess, sys, time;"
        "started = time.perf_counter();"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "elapsed = time.perf_counter() - started;"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, elapsed)"
    )
    command = [sys.executable, "-m", "freelance_ghost", "import", str(history)]
    measured = subprocess.run(
        [sys.executable, "-c", code, *command, "--data-dir", str(data)],
        check=True,
        capture_output=True,
        text=True,
    )
    kib, seconds = measured.stdout.split()
    return int(kib) / 1024, float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1_800_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fg-bench-memory-") as scratch:
        work = Path(scratch)
        started = time.perf_counter()
        build_data(work / "data", args.interactions)
        open_database(work / "data", NOW)
        history = work / "history.csv"
        export_history_file(history, ZONE)
        close_database()
        rows = csv_rows(history)
        size = history.stat().st_size / 1e6
        print(
            f"{rows:,} rows, {size:.0f} MB of CSV (built in {time.perf_counter() - started:.0f} s)"
        )
        for run in range(args.runs):
            peak, seconds = import_in_a_child(history, work / f"import-{run}")
            verdict = "met" if peak < TARGET_MB else "NOT MET"
            print(
                f"import {run + 1}: peak {peak:,.0f} MB (target < {TARGET_MB} MB: {verdict}), "
                f"{seconds:.1f} s, {rows / seconds:,.0f} rows/s",
                flush=True,
            )


if __name__ == "__main__":
    main()
