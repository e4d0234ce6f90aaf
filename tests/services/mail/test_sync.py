"""Syncing an account from a real Dovecot: SPEC 5's mapping, read-only, incremental, resumable."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction
from freelance_ghost.services.mail.errors import MailError
from freelance_ghost.services.mail.sync import (
    SyncBusyError,
    SyncProgress,
    sync_account,
    sync_lock_path,
)
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact, add_method
from freelance_ghost.store.mail_accounts import (
    Account,
    add_account,
    checked_account,
    folder_position,
)
from freelance_ghost.store.mail_records import MailInteraction, MailStranger
from freelance_ghost.store.models import Client, Interaction
from tests.conftest import NOW
from tests.services.mail.mail_servers import PASSWORD, USER, MailServer, mail

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
BOB = "bob@globex.example"


@pytest.fixture
def globex(db: Path) -> int:
    """A client with one contact, Bob, whose address is BOB."""
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)
    bob = add_contact(client.id, "Bob", "", T0)
    add_method(bob.id, Channel.EMAIL, BOB.upper(), T0)  # addresses match whatever their case
    return client.id


def stored_account(server: MailServer, folders: tuple[str, ...] = ()) -> Account:
    checked = checked_account(
        "work",
        host="127.0.0.1",
        port=server.imaps_port,
        security="ssl",
        username=USER,
        own_addresses=("ann@studio.example",),
        folders=folders,
        cafile=str(server.cafile),
    )
    return add_account(checked, NOW)


def append(
    server: MailServer, folder: str, *messages: bytes, flags: tuple[bytes, ...] = ()
) -> None:
    admin = server.admin()
    if not admin.folder_exists(folder):
        admin.create_folder(folder)
    for message in messages:
        admin.append(folder, message, flags=flags)
    admin.logout()


def notes(count: int, start: int = 0) -> list[bytes]:
    return [
        bytes(mail(BOB, USER, f"note {n}", message_id=f"<note-{n}@globex.example>"))
        for n in range(start, start + count)
    ]


def logged() -> list[tuple[str, str, str]]:
    query = Interaction.select().order_by(Interaction.occurred_at, Interaction.summary)
    return [(i.direction, i.channel, i.summary) for i in query]


def test_a_sync_logs_what_spec_5_says_and_a_second_adds_nothing(
    mail_server: MailServer, globex: int, db: Path
) -> None:
    Client.update(status=ClientStatus.GHOSTED).where(Client.id == globex).execute()
    inbox = [
        mail(BOB, USER, "=?utf-8?q?Caf=C3=A9_on_Monday?=", message_id="<1@globex.example>"),
        mail("news@globex.example", USER, "Our newsletter", extra={"List-Id": "<news.globex>"}),
        mail("carol@nowhere.example", USER, "Hello from a stranger", message_id="<2@n.example>"),
        mail(BOB, USER, "No date", message_id="<3@globex.example>", date=None),
    ]
    sent = [mail("ann@studio.example", f"Bob <{BOB}>", "Re: Café", message_id="<4@studio>")]
    append(mail_server, "INBOX", *map(bytes, inbox))
    append(mail_server, "Sent", *map(bytes, sent))
    append(mail_server, "Archive", bytes(inbox[0]))  # the same message in another folder
    account = stored_account(mail_server)

    first = sync_account(account, PASSWORD, db)
    assert [report.folder for report in first.folders] == ["INBOX", "Sent"]
    assert (first.total.read, first.total.logged, first.total.bulk) == (5, 3, 1)
    directions = sorted((i.direction, i.summary) for i in Interaction.select())
    assert directions == [
        (Direction.IN, "Café on Monday"),
        (Direction.IN, "No date"),
        (Direction.OUT, "Re: Café"),
    ]
    assert {i.source for i in MailInteraction.select()} == {"work"}
    assert [(s.address, s.messages) for s in MailStranger.select()] == [
        ("carol@nowhere.example", 1)
    ]
    assert Client.get_by_id(globex).status == ClientStatus.ACTIVE  # an inbound mail brings it back

    again = sync_account(account, PASSWORD, db)
    assert again.total.read == 0
    assert Interaction.select().count() == 3


def test_every_flag_is_as_it_was_after_a_sync(
    mail_server: MailServer, globex: int, db: Path
) -> None:
    append(mail_server, "INBOX", *notes(2))
    append(mail_server, "INBOX", *notes(2, start=2), flags=(b"\\Seen", b"\\Flagged"))
    append(mail_server, "INBOX", *notes(1, start=4), flags=(b"\\Answered", b"$Client"))
    before = _flags(mail_server)
    assert b"\\Seen" not in before[1]

    sync_account(stored_account(mail_server), PASSWORD, db)

    assert Interaction.select().count() == 5
    assert _flags(mail_server) == before


def _flags(server: MailServer) -> dict[int, set[bytes]]:
    """Every message's stored flags (\\Recent belongs to a session, not to the message)."""
    admin = server.admin()
    admin.select_folder("INBOX", readonly=True)
    every = admin.search("ALL")
    flags = {uid: set(f) - {b"\\Recent"} for uid, f in admin.get_flags(every).items()}
    admin.logout()
    return flags


def test_a_new_uidvalidity_rereads_the_folder_without_doubles(
    mail_server: MailServer, globex: int, db: Path
) -> None:
    append(mail_server, "Clients", *notes(3))
    account = stored_account(mail_server, folders=("Clients",))
    sync_account(account, PASSWORD, db)
    old = folder_position(account.id, "Clients")

    admin = mail_server.admin()
    admin.delete_folder("Clients")
    admin.logout()
    append(mail_server, "Clients", *notes(4))  # the same three and a new one, renumbered

    report = sync_account(account, PASSWORD, db)
    new = folder_position(account.id, "Clients")
    assert old is not None
    assert new is not None
    assert new[0] != old[0]
    assert report.folders[0].reread
    assert (report.total.read, report.total.already, report.total.logged) == (4, 3, 1)
    assert sorted(summary for _, _, summary in logged()) == [f"note {n}" for n in range(4)]


def test_a_server_killed_mid_sync_then_a_sync_logs_every_message_once(
    mail_server: MailServer, globex: int, db: Path
) -> None:
    append(mail_server, "INBOX", *notes(7))
    account = stored_account(mail_server, folders=("INBOX",))
    seen: list[SyncProgress] = []

    def kill_after_first_batch(progress: SyncProgress) -> None:
        seen.append(progress)
        mail_server.kill()

    with pytest.raises(MailError) as cut:
        sync_account(account, PASSWORD, db, kill_after_first_batch, batch_size=2)
    assert "closed the connection while reading INBOX" in str(cut.value)
    assert [p.read for p in seen] == [2]
    assert Interaction.select().count() == 2  # the first batch was stored with its position
    assert folder_position(account.id, "INBOX") is not None

    mail_server.start()
    report = sync_account(account, PASSWORD, db, batch_size=2)
    assert report.total.read == 5
    assert sorted(summary for _, _, summary in logged()) == [f"note {n}" for n in range(7)]


def test_an_unusable_message_is_counted_and_the_sync_goes_on(
    mail_server: MailServer, globex: int, db: Path
) -> None:
    broken = (
        b"From: " + BOB.encode() + b"\r\nDate: not a date\r\nSubject: \xff\xfe bad\r\n\r\nx\r\n"
    )
    append(mail_server, "INBOX", broken, *notes(1))
    report = sync_account(stored_account(mail_server, ("INBOX",)), PASSWORD, db)
    assert report.total.read == 2
    assert Interaction.select().count() + report.total.unreadable == 2


@pytest.fixture
def lock_held_elsewhere(mail_server: MailServer, db: Path) -> Iterator[Account]:
    """The account's sync lock held by another process, as a running window would."""
    account = stored_account(mail_server)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from freelance_ghost.store.file_lock import holding\n"
            "with holding(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.read()",
            str(sync_lock_path(db, account)),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None
    assert holder.stdin is not None
    assert holder.stdout.readline() == b"held\n"
    yield account
    holder.stdin.close()
    holder.wait()
    holder.stdout.close()


def test_never_two_syncs_of_one_account_at_once(
    mail_server: MailServer, lock_held_elsewhere: Account, db: Path
) -> None:
    with pytest.raises(SyncBusyError, match="a sync of work is already running"):
        sync_account(lock_held_elsewhere, PASSWORD, db)
