"""Benchmark: the insights and the attention list at 10,000 clients and 1,000,000 interactions.

Run on demand (not part of the test run; a few minutes on 2 cores, most of it building):

    python tests/benchmarks/bench_insights.py [--clients N] [--interactions M] [--runs R]

It builds the data of bench_attention.py (the data bench_scale.py uses too) once, then
reports medians of ``--runs`` runs of:

- ``attention_at`` on that data as built: the figure docs/performance.md had before deadlines
  and window shoppers joined the list (every client there has invoices, so none is a lead
  without a commitment);
- ``attention_at`` again once the leads' invoices are gone and some active projects carry a
  deadline, so every uncommitted lead's interactions are counted against B and deadlines are
  listed: the new work at its largest;
- ``insights_at`` (the whole Insights page): once just after the build, which leaves every
  client's sent messages stale as an import does (so that call recomputes them and their
  local times), then over all the history and ``--since`` a year ago, plus the time of each
  of its SQL steps in one extra run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_attention import NOW, ZONE, build  # noqa: E402

import freelance_ghost.store.insights as store_insights  # noqa: E402
from freelance_ghost.core.clock import local_date, to_micros  # noqa: E402
from freelance_ghost.services.attention import attention_at  # noqa: E402
from freelance_ghost.services.insights import insights_at  # noqa: E402
from freelance_ghost.store.database import close_database, open_database  # noqa: E402
from freelance_ghost.store.models import database  # noqa: E402

DAY = 86_400_000_000


def timed(work: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    """The seconds of each run, and what the last run returned."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return times, result


def summary(name: str, times: list[float]) -> str:
    """'name: median N ms (min, max)'."""
    median = statistics.median(times) * 1000
    return f"{name}: {median:.0f} ms (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"


def uncommit_leads_and_add_deadlines() -> tuple[int, int]:
    """Leads lose their invoices (so they have no commitment) and one active client in ten
    gets a project due within the next fortnight; returns (leads, deadlines)."""
    now = to_micros(NOW)
    with database.atomic():
        database.execute_sql(
            "DELETE FROM payment WHERE invoice_id IN (SELECT i.id FROM invoice i "
            "JOIN client c ON c.id = i.client_id WHERE c.status = 'lead')"
        )
        database.execute_sql(
            "DELETE FROM invoice WHERE client_id IN (SELECT id FROM client WHERE status = 'lead')"
        )
        active = [
            cid
            for (cid,) in database.execute_sql(
                "SELECT id FROM client WHERE status = 'active' ORDER BY id"
            )
        ][::10]
        today = local_date(NOW, ZONE)
        database.connection().executemany(
            "INSERT INTO project (client_id, name, name_key, status, deadline, created_at) "
            "VALUES (?, 'Website', 'website', 'active', ?, ?)",
            [
                (cid, (today + timedelta(days=n % 14 - 3)).isoformat(), now - 30 * DAY)
                for n, cid in enumerate(active)
            ],
        )
    (leads,) = database.execute_sql("SELECT count(*) FROM client WHERE status = 'lead'").fetchone()
    return leads, len(active)


def steps_of_one_run() -> list[tuple[str, float]]:
    """One insights run with each of the store's SQL steps timed (wrapped, then restored)."""
    names = (
        "refresh_stale",
        "_fill_local_times",
        "_reply_groups",
        "_ladder",
        "_committed_counts",
        "_days_to_pay",
    )
    spent: dict[str, float] = dict.fromkeys(names, 0.0)
    originals = {name: getattr(store_insights, name) for name in names}

    def wrap(name: str) -> Callable[..., Any]:
        def run(*args: Any) -> Any:
            started = time.perf_counter()
            try:
                return originals[name](*args)
            finally:
                spent[name] += time.perf_counter() - started

        return run

    for name in names:
        setattr(store_insights, name, wrap(name))
    try:
        started = time.perf_counter()
        insights_at(NOW, ZONE)
        total = time.perf_counter() - started
    finally:
        for name, original in originals.items():
            setattr(store_insights, name, original)
    quiet = total - sum(spent.values())
    return [*spent.items(), ("gone quiet and the rest", quiet), ("total", total)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    year_ago = local_date(NOW, ZONE) - timedelta(days=365)
    with tempfile.TemporaryDirectory() as folder:
        open_database(Path(folder), NOW)
        started = time.perf_counter()
        build(args.clients, args.interactions)
        print(
            f"clients {args.clients:,}, interactions {args.interactions:,} "
            f"(built in {time.perf_counter() - started:.1f} s); medians of {args.runs} runs"
        )
        times, items = timed(lambda: attention_at(NOW, ZONE), args.runs)
        print(summary(f"attention_at, data as built ({len(items):,} items)", times))
        leads, deadlines = uncommit_leads_and_add_deadlines()
        times, items = timed(lambda: attention_at(NOW, ZONE), args.runs)
        kinds: dict[str, int] = {}
        for reported in items:
            kinds[reported.item.kind.value] = kinds.get(reported.item.kind.value, 0) + 1
        print(
            summary(
                f"attention_at, {leads:,} uncommitted leads, {deadlines:,} deadlines "
                f"({len(items):,} items: {kinds})",
                times,
            )
        )
        (stale,) = database.execute_sql("SELECT count(*) FROM sent_message_stale").fetchone()
        times, _ = timed(lambda: insights_at(NOW, ZONE), 1)
        print(summary(f"insights_at, first after the import ({stale:,} clients stale)", times))
        times, figures = timed(lambda: insights_at(NOW, ZONE), args.runs)
        sent = figures["ladder"]["cases"]
        print(summary(f"insights_at, all history ({sent:,} replies or let go)", times))
        times, _ = timed(lambda: insights_at(NOW, ZONE, year_ago), args.runs)
        print(summary(f"insights_at, --since {year_ago}", times))
        print("one insights run, by step:")
        for name, seconds in steps_of_one_run():
            print(f"  {name}: {seconds * 1000:.0f} ms")
        close_database()


if __name__ == "__main__":
    main()
