"""Benchmark: a first mail sync of 50,000 messages over 10 folders, and a sync with nothing new.

Run on demand (not part of the test run), as root or as a user, with dovecot-imapd installed:

    python tests/benchmarks/bench_mail.py [--messages N] [--folders F] [--runs R]

It starts the tests' Dovecot on 127.0.0.1 (implicit TLS, its own CA), writes N messages into
F folders of its Maildir (one in ten from a client's contact, one in twenty bulk, one in five
sent by the user, the rest from people who are nobody's contact), lets Dovecot index them with
one untimed pass, then reports medians of R runs of:

- limit: the same fetch by imapclient alone: log in, EXAMINE each folder, ``UID SEARCH``, and
  fetch the same header fields and INTERNALDATE in batches of 500, discarding them;
- first sync: ``services.mail.sync.sync_account`` into a fresh data folder (200 clients with a
  contact each), from login to the last batch stored (target < 60 s);
- nothing new: the same sync again, after the first (target < 1 s), beside imapclient alone
  logging in, examining each folder and searching above its last UID.
"""

from __future__ import annotations

import argparse
import ssl
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import imapclient  # noqa: E402

from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus  # noqa: E402
from freelance_ghost.core.mail.message import HEADER_FIELDS  # noqa: E402
from freelance_ghost.services.mail.sync import BATCH_SIZE, sync_account  # noqa: E402
from freelance_ghost.store.clients import create_client  # noqa: E402
from freelance_ghost.store.contacts import add_contact, add_method  # noqa: E402
from freelance_ghost.store.database import close_database, open_database  # noqa: E402
from freelance_ghost.store.mail_accounts import Account, add_account, checked_account  # noqa: E402
from freelance_ghost.store.models import Interaction  # noqa: E402
from tests.services.mail.mail_servers import (  # noqa: E402
    PASSWORD,
    USER,
    MailServer,
    running_mail_server,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CLIENTS = 200
HEADERS_ITEM = f"BODY.PEEK[HEADER.FIELDS ({' '.join(HEADER_FIELDS)})]"


def message(number: int) -> EmailMessage:
    """The number-th message: who writes it follows the mix the module docstring gives."""
    mail = EmailMessage()
    sender, recipient = f"person{number % 5000}@elsewhere.example", USER
    if number % 10 == 0:
        sender = f"contact{number % CLIENTS}@client{number % CLIENTS}.example"
    elif number % 5 == 1:
        sender, recipient = USER, f"contact{number % CLIENTS}@client{number % CLIENTS}.example"
    mail["From"] = sender
    mail["To"] = recipient
    mail["Subject"] = f"About the project, part {number}"
    mail["Date"] = (NOW - timedelta(minutes=number)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    mail["Message-ID"] = f"<{number}@bench.example>"
    if number % 20 == 3:
        mail["List-Id"] = "<news.elsewhere.example>"
    mail.set_content("A body of a few lines, which the sync never fetches.\n" * 20)
    return mail


def fill(server: MailServer, messages: int, folders: int) -> list[str]:
    names = ["INBOX", *(f"Folder{n}" for n in range(1, folders))]
    for index, name in enumerate(names):
        share = range(index, messages, folders)
        server.deliver([message(number) for number in share], folder=name)
    return names


def library_alone(server: MailServer, folders: list[str], fetch: bool) -> float:
    """imapclient by itself: the limit the app's sync is measured against."""
    start = time.perf_counter()
    client = imapclient.IMAPClient(
        "127.0.0.1",
        server.imaps_port,
        ssl_context=ssl.create_default_context(cafile=str(server.cafile)),
    )
    client.login(USER, PASSWORD)
    client.normalise_times = False
    for folder in folders:
        state = client.select_folder(folder, readonly=True)
        # Everything, or (as a sync with nothing new asks) what lies above the last UID.
        uids = client.search(["UID", "1:*" if fetch else f"{state[b'UIDNEXT']}:*"])
        if fetch:
            for at in range(0, len(uids), BATCH_SIZE):
                client.fetch(uids[at : at + BATCH_SIZE], [HEADERS_ITEM, "INTERNALDATE"])
    client.logout()
    return time.perf_counter() - start


def fresh_records(data_dir: Path, server: MailServer, folders: list[str]) -> Account:
    open_database(data_dir, NOW)
    for number in range(CLIENTS):
        client = create_client(
            f"Client {number}", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW
        )
        contact = add_contact(client.id, f"Contact {number}", "", NOW)
        add_method(contact.id, Channel.EMAIL, f"contact{number}@client{number}.example", NOW)
    checked = checked_account(
        "bench",
        host="127.0.0.1",
        port=server.imaps_port,
        security="ssl",
        username=USER,
        folders=tuple(folders),
        cafile=str(server.cafile),
    )
    return add_account(checked, NOW)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--folders", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with running_mail_server() as server:
        folders = fill(server, args.messages, args.folders)
        library_alone(server, folders, fetch=True)  # Dovecot indexes the Maildir: untimed
        limits, firsts, nothings, nothing_limits = [], [], [], []
        logged = 0
        for _ in range(args.runs):
            limits.append(library_alone(server, folders, fetch=True))
            nothing_limits.append(library_alone(server, folders, fetch=False))
            with tempfile.TemporaryDirectory() as folder:
                account = fresh_records(Path(folder), server, folders)
                start = time.perf_counter()
                report = sync_account(account, PASSWORD, Path(folder))
                firsts.append(time.perf_counter() - start)
                start = time.perf_counter()
                again = sync_account(account, PASSWORD, Path(folder))
                nothings.append(time.perf_counter() - start)
                assert report.total.read == args.messages, report.total
                assert again.total.read == 0, again.total
                logged = Interaction.select().count()
                close_database()
    limit, first = statistics.median(limits), statistics.median(firsts)
    nothing, nothing_limit = statistics.median(nothings), statistics.median(nothing_limits)
    print(f"{args.messages} messages in {args.folders} folders, {args.runs} runs, medians:")
    print(f"  limit, imapclient alone:  {limit:.2f} s ({args.messages / limit:,.0f} msg/s)")
    print(
        f"  first sync:               {first:.2f} s ({args.messages / first:,.0f} msg/s), "
        f"{first / limit:.2f}x the limit, {logged} interactions (target < 60 s)"
    )
    print(f"  nothing new, imapclient:  {nothing_limit * 1000:.0f} ms")
    print(
        f"  nothing new, sync:        {nothing * 1000:.0f} ms, "
        f"{nothing / nothing_limit:.2f}x (target < 1 s)"
    )


if __name__ == "__main__":
    main()
