"""``mail import`` from the command line: what it says, exit codes, data left as it was."""

from __future__ import annotations

import mailbox
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path

import pytest

from freelance_ghost.cli import main
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact, add_method
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.mail_records import MailAccount
from freelance_ghost.store.models import Interaction
from tests.conftest import NOW

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def mail(sender: str, to: str, subject: str) -> Message:
    written = Message()
    written["From"], written["To"], written["Subject"] = sender, to, subject
    written["Date"] = "Mon, 02 Mar 2026 10:00:00 +0100"
    written["Message-ID"] = f"<{subject}@test>"
    return written


@pytest.fixture
def mbox(data_dir: Path, tmp_path: Path) -> Path:
    """A data folder where Globex's Ann has an address, and an mbox of two messages."""
    open_database(data_dir, NOW)
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.GHOSTED, T0)
    add_method(add_contact(client.id, "Ann", "", T0).id, Channel.EMAIL, "ann@globex.example", T0)
    MailAccount.create(
        name="work",
        host="imap.example",
        port=993,
        security="ssl",
        username="me@work.example",
        created_at=T0,
    )
    close_database()
    box = mailbox.mbox(tmp_path / "sent.mbox")
    box.add(mail("me@work.example", "ann@globex.example", "Quote"))  # an account's own address
    box.add(mail("me@home.example", "ann@globex.example", "Reminder"))  # given with --me
    box.close()
    return tmp_path / "sent.mbox"


def directions(data_dir: Path) -> list[tuple[str, str]]:
    open_database(data_dir, NOW)
    try:
        return [(i.summary, i.direction) for i in Interaction.select().order_by(Interaction.id)]
    finally:
        close_database()


def test_mail_import_logs_the_messages_and_says_what_it_did(
    mbox: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--data-dir", str(data_dir), "mail", "import", str(mbox), "--me", "Me@Home.example"]
    assert main(argv) == 0
    said = capsys.readouterr().out
    assert "Read 2 messages: 2 interactions logged, 0 read before" in said
    assert directions(data_dir) == [("Quote", "out"), ("Reminder", "out")]
    assert main(argv) == 0
    assert "0 interactions logged, 2 read before" in capsys.readouterr().out
    assert len(directions(data_dir)) == 2


def test_without_me_a_message_from_an_unknown_own_address_is_inbound_from_nobody(
    mbox: Path, data_dir: Path
) -> None:
    assert main(["--data-dir", str(data_dir), "mail", "import", str(mbox)]) == 0
    assert directions(data_dir) == [("Quote", "out")]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--me", "not-an-address"], "--me: 'not-an-address' is not an email address"),
        (["nowhere.mbox"], "nowhere.mbox: no such file or folder"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    mbox: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], extra: list[str], words: str
) -> None:
    argv = ["--data-dir", str(data_dir), "mail", "import", str(mbox), *extra]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err
    assert err.count("\n") == 1
    assert directions(data_dir) == []


def test_mail_alone_asks_for_a_mail_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["mail"])
    assert stopped.value.code == 2
    assert "required: COMMAND" in capsys.readouterr().err
