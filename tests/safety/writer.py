"""A child process for the kill tests: numbered writes, each followed by "done N" once committed.

Run as ``python writer.py SCENARIO DATA_DIR [FILES_DIR]``. Before each write it prints
"begin N" and after its commit "done N" (flushed), so the parent can SIGKILL it at a chosen
line: after a "begin" the kill lands inside the write, after a "done" between writes. Each
run continues from what the database already holds, so one data folder survives many kills.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction
from freelance_ghost.core.money import Money
from freelance_ghost.store.database import (
    close_database,
    database_path,
    online_backup,
    open_database,
)
from freelance_ghost.store.migrations import SCHEMA_VERSION, apply_pending

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Berlin")
WRITES_PER_RUN = 12
IMPORT_FILES = 8
INVOICE_MINOR = 1000  # 10.00 EUR
PAYMENT_MINOR = 300  # 3.00 EUR: the fourth payment of an invoice is refused (only 1.00 owed)


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def run_imports(data: Path, files: Path) -> None:
    """Imports the numbered files not yet held (a file's client is absent until it is)."""
    from freelance_ghost.services.history_files import import_history_file
    from freelance_ghost.store.models import Client

    open_database(data, START)
    for number in range(IMPORT_FILES):
        if Client.get_or_none(Client.name_key == f"import {number}") is not None:
            continue
        say(f"begin {number}")
        import_history_file(files / f"import-{number}.csv", ZONE)
        say(f"done {number}")


def run_interactions(data: Path) -> None:
    """Logs interactions numbered by their summary.

    Odd numbers first mark the client ghosted, then log a message *in*, later than all
    before it (the client's latest word), which must bring it back to active in the same
    transaction; even numbers log a message *out*, each further back in time, which moves
    ``created_at`` back with it.
    """
    from freelance_ghost.store.clients import create_client, update_client
    from freelance_ghost.store.interactions import log_interaction
    from freelance_ghost.store.models import Client, Interaction

    open_database(data, START)
    client = Client.get_or_none(Client.name_key == "kill")
    if client is None:
        client = create_client("Kill", ClientKind.PERSON, ClientStatus.ACTIVE, START)
    first = Interaction.select().where(Interaction.client == client).count() + 1
    for number in range(first, first + WRITES_PER_RUN):
        inbound = number % 2 == 1
        if inbound:
            update_client(client.id, status=ClientStatus.GHOSTED)
        say(f"begin {number}")
        log_interaction(
            client.id,
            Direction.IN if inbound else Direction.OUT,
            Channel.EMAIL,
            START + timedelta(seconds=number) if inbound else START - timedelta(seconds=number),
            summary=f"note {number}",
            next_step=f"step {number}",
            next_step_due=date(2026, 2, 1),
        )
        say(f"done {number}")


def run_payments(data: Path) -> None:
    """Pays invoices 3.00 at a time; a refused payment opens the next invoice."""
    from freelance_ghost.store.clients import create_client
    from freelance_ghost.store.invoices import InvoiceError, add_invoice, add_payment
    from freelance_ghost.store.models import Client, Invoice, Payment

    open_database(data, START)
    client = Client.get_or_none(Client.name_key == "payer")
    if client is None:
        client = create_client("Payer", ClientKind.PERSON, ClientStatus.ACTIVE, START)
    number = Payment.select().count() + 1
    for _ in range(WRITES_PER_RUN):
        invoice = Invoice.select().order_by(Invoice.id.desc()).first()
        if invoice is None:
            invoice = add_invoice(
                client.id, "INV-1", Money(INVOICE_MINOR, "EUR"), START, date(2026, 2, 1)
            )
        say(f"begin {number}")
        try:
            add_payment(invoice.id, Money(PAYMENT_MINOR, "EUR"), START + timedelta(seconds=number))
        except InvoiceError:
            say(f"refused {number}")
            count = Invoice.select().count()
            add_invoice(
                client.id, f"INV-{count + 1}", Money(INVOICE_MINOR, "EUR"), START, date(2026, 2, 1)
            )
            continue
        say(f"done {number}")
        number += 1


def run_migration(data: Path) -> None:
    """What opening does to a schema-1 file, step by step: online backup, each step, then open."""
    path = database_path(data)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")  # as open_database migrates
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version == 1:
        say("begin backup")
        online_backup(connection, data / "backups" / "before-migration.db")
        say("done backup")
    for step in range(version + 1, SCHEMA_VERSION + 1):
        say(f"begin {step}")
        apply_pending(connection, target=step)
        say(f"done {step}")
    connection.close()
    say("begin open")
    open_database(data, START)
    close_database()
    say("done open")


def main() -> None:
    scenario, data = sys.argv[1], Path(sys.argv[2])
    if scenario == "import":
        run_imports(data, Path(sys.argv[3]))
    elif scenario == "interaction":
        run_interactions(data)
    elif scenario == "payment":
        run_payments(data)
    elif scenario == "migration":
        run_migration(data)
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    close_database()
    say("finished")


if __name__ == "__main__":
    main()
