"""Benchmark: the attention engine at 10,000 clients and 1,000,000 interactions.

Run on demand (not part of the test run):

    python tests/benchmarks/bench_attention.py [--clients N] [--interactions M] [--runs R]

It builds the database once in a temporary folder (direct SQL inserts into the real schema,
then the same pace refresh an import does), and reports the engine's time as the median of
several runs of ``services.attention.attention_at``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from freelance_ghost.core.clock import to_micros
from freelance_ghost.services.attention import attention_at
from freelance_ghost.store.conversation import refresh_conversations
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.models import database

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Berlin")
CHANNELS = ["email", "phone", "sms", "video", "social", "in_person"]
# Ten years of freelancing: most relationships have ended; a few hundred are live.
STATUSES = ["closed"] * 80 + ["ghosted"] * 8 + ["active"] * 8 + ["lead"] * 3 + ["paused"]


def build(clients: int, interactions: int, seed: int = 7) -> None:
    """A freelancer's long history: every client with contacts, talk, schedules and invoices."""
    rng = random.Random(seed)
    per_client = interactions // clients
    day = 86_400_000_000
    now = to_micros(NOW)
    client_rows, contact_rows, method_rows, talk, schedules, invoices, payments = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for cid in range(1, clients + 1):
        start = now - rng.randint(60, 3650) * day
        end = now - rng.randint(0, 40) * day
        client_rows.append(
            (
                cid,
                f"Client {cid:05d}",
                f"client {cid:05d}",
                "organization",
                rng.choice(STATUSES),
                start,
            )
        )
        for n in range(rng.randint(1, 3)):
            contact_id = len(contact_rows) + 1
            contact_rows.append((contact_id, cid, f"Person {cid}-{n}", f"person {cid}-{n}", start))
            for channel in rng.sample(CHANNELS, 2):
                address = f"p{n}@c{cid}.example" if channel == "email" else f"{channel}:{cid}-{n}"
                method_rows.append((contact_id, channel, address, start))
        step = max(1, (end - start) // per_client)
        slow = rng.choice([1, 1, 2, 6])
        for n in range(per_client):
            at = start + n * step + rng.randint(0, step // slow)
            direction = "out" if n % 2 == 0 or rng.random() < 0.3 else "in"
            next_step, due = "", None
            if rng.random() < 0.05:
                next_step = "Send the next draft"
                due = datetime.fromtimestamp((at + 5 * day) / 1e6, UTC).date().isoformat()
            talk.append(
                (cid, direction, rng.choice(CHANNELS[:3]), at, f"Message {n}", next_step, due)
            )
        if rng.random() < 0.3:
            schedules.append((cid, rng.choice([7, 14, 30]), rng.choice(CHANNELS[:2]), start))
        for n in range(3):
            invoice_id = len(invoices) + 1
            issued = start + rng.randint(0, max(1, (end - start) // day)) * day
            due_on = datetime.fromtimestamp((issued + 30 * day) / 1e6, UTC).date().isoformat()
            invoices.append((invoice_id, cid, f"INV-{cid}-{n}", 150_000, "EUR", issued, due_on))
            if rng.random() < 0.99:  # nearly every invoice gets paid in the end
                paid = 150_000 if rng.random() < 0.98 else 50_000
                payments.append((invoice_id, paid, issued + 20 * day))
    connection = database.connection()
    with database.atomic():
        connection.executemany(
            "INSERT INTO client (id, name, name_key, kind, status, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            client_rows,
        )
        connection.executemany(
            "INSERT INTO contact (id, client_id, name, name_key, created_at) VALUES (?, ?, ?, ?, ?)",
            contact_rows,
        )
        connection.executemany(
            "INSERT INTO contact_method (contact_id, channel, address, created_at) "
            "VALUES (?, ?, ?, ?)",
            method_rows,
        )
        connection.executemany(
            "INSERT INTO interaction (client_id, direction, channel, occurred_at, summary, "
            "next_step, next_step_due) VALUES (?, ?, ?, ?, ?, ?, ?)",
            talk,
        )
        connection.executemany(
            "INSERT INTO checkin_schedule (client_id, cadence_days, channel, set_at) "
            "VALUES (?, ?, ?, ?)",
            schedules,
        )
        connection.executemany(
            "INSERT INTO invoice (id, client_id, number, amount_minor, currency, issued_at, due_on) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            invoices,
        )
        connection.executemany(
            "INSERT INTO payment (invoice_id, amount_minor, received_at) VALUES (?, ?, ?)", payments
        )
    refresh_conversations(range(1, clients + 1), bulk=True)  # as an import leaves them


def add_busy_client(events: int, seed: int = 11) -> int:
    """One client with ``events`` timeline events over ten years; returns its id.

    Messages with a contact, an invoice with its payment for every 25 events (issued, due and
    paid: 12 % of the events) and a fortnightly check-in: a freelancer's longest relationship.
    """
    rng = random.Random(seed)
    day = 86_400_000_000
    start = to_micros(NOW) - 3650 * day
    invoices = max(1, events // 25)
    messages = events - 3 * invoices
    connection = database.connection()
    with database.atomic():
        client_id = connection.execute(
            "INSERT INTO client (name, name_key, kind, status, created_at) "
            "VALUES ('Globex', 'globex', 'organization', 'active', ?)",
            (start,),
        ).lastrowid
        contact_id = connection.execute(
            "INSERT INTO contact (client_id, name, name_key, created_at) "
            "VALUES (?, 'Hank', 'hank', ?)",
            (client_id, start),
        ).lastrowid
        step = 3650 * day // messages
        connection.executemany(
            "INSERT INTO interaction (client_id, contact_id, direction, channel, occurred_at, "
            "summary) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    client_id,
                    contact_id,
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
            invoice_id = connection.execute(
                "INSERT INTO invoice (client_id, number, amount_minor, currency, issued_at, "
                "due_on) VALUES (?, ?, 150000, 'EUR', ?, ?)",
                (client_id, f"INV-{n + 1:04d}", issued, due_on),
            ).lastrowid
            connection.execute(
                "INSERT INTO payment (invoice_id, amount_minor, received_at) VALUES (?, 150000, ?)",
                (invoice_id, issued + rng.randint(10, 50) * day),
            )
        connection.execute(
            "INSERT INTO checkin_schedule (client_id, cadence_days, channel, set_at) "
            "VALUES (?, 14, 'video', ?)",
            (client_id, start),
        )
    refresh_conversations([client_id])
    return int(client_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        open_database(Path(folder), NOW)
        started = time.perf_counter()
        build(args.clients, args.interactions)
        built = time.perf_counter() - started
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            items = attention_at(NOW, ZONE)
            times.append(time.perf_counter() - started)
        cold_started = time.perf_counter()
        database.execute_sql("DELETE FROM conversation")  # as if every client had just changed
        attention_at(NOW, ZONE)
        cold = time.perf_counter() - cold_started
        close_database()
    kinds: dict[str, int] = {}
    for reported in items:
        kinds[reported.item.kind.value] = kinds.get(reported.item.kind.value, 0) + 1
    print(f"clients {args.clients:,}, interactions {args.interactions:,} (built in {built:.1f} s)")
    print(f"attention items: {len(items):,} {kinds}")
    print(
        f"engine time, median of {args.runs}: {statistics.median(times) * 1000:.0f} ms "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); target <= 300 ms"
    )
    print(f"engine time with an empty pace cache: {cold * 1000:.0f} ms")


if __name__ == "__main__":
    main()
