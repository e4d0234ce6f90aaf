"""Mail files into the records: mbox, Maildir and .eml, written here by the mailbox module."""

from __future__ import annotations

import email.message
import hashlib
import mailbox
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus
from freelance_ghost.services.mail.files import MailFileError, import_mail_files, read_mail_files
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact, add_method
from freelance_ghost.store.inspection import database_path
from freelance_ghost.store.mail import mail_sources, strangers
from freelance_ghost.store.mail_records import MailSeen
from freelance_ghost.store.models import Interaction

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
OWN = frozenset({"me@example.org"})


def message(
    sender: str,
    to: str,
    subject: str,
    date: str | None = "Mon, 02 Mar 2026 10:00:00 +0100",
    **extra: str,
) -> email.message.Message:
    written = email.message.Message()
    written["From"] = sender
    written["To"] = to
    written["Subject"] = subject
    if date is not None:
        written["Date"] = date
    identity = hashlib.sha256(repr((sender, to, subject, date)).encode()).hexdigest()
    written["Message-ID"] = f"<{identity}@test>"
    for name, value in extra.items():
        written[name.replace("_", "-")] = value
    written.set_payload("The body, which is never read into the records.\n")
    return written


def globex() -> int:
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, T0)
    add_method(add_contact(client.id, "Ann", "", T0).id, Channel.EMAIL, "ann@globex.example", T0)
    return client.id


def write_mbox(path: Path, *messages: email.message.Message) -> Path:
    box = mailbox.mbox(path)
    for written in messages:
        entry = mailbox.mboxMessage(written)
        entry.set_from("MAILER-DAEMON", (2026, 3, 1, 8, 0, 0, 0, 60, 0))
        box.add(entry)
    box.close()
    return path


def test_an_mbox_is_read_with_rfc_2047_subjects_and_the_from_line_date(tmp_path: Path) -> None:
    path = write_mbox(
        tmp_path / "Inbox",  # Thunderbird's mbox files have no extension
        message("Ann <ann@globex.example>", "me@example.org", "=?utf-8?q?Caf=C3=A9_plans?="),
        message("ann@globex.example", "me@example.org", "no date", date=None),
    )
    read = list(read_mail_files([path]))
    assert [m.subject for m in read] == ["Café plans", "no date"]
    assert read[0].sent_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert read[1].sent_at == datetime(2026, 3, 1, 8, 0, tzinfo=UTC)  # the From line's date


def test_a_maildir_uses_the_delivery_time_when_there_is_no_date(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Mail")
    key = box.add(message("ann@globex.example", "me@example.org", "hello", date=None))
    box.close()
    (read,) = read_mail_files([tmp_path / "Mail"])
    assert read.subject == "hello"
    assert read.sent_at == datetime.fromtimestamp(int(key.split(".")[0]), UTC)


def test_an_eml_file_uses_its_modification_time_when_there_is_no_date(tmp_path: Path) -> None:
    path = tmp_path / "note.eml"
    path.write_bytes(message("ann@globex.example", "me@example.org", "hi", date=None).as_bytes())
    os.utime(path, (T0.timestamp(), T0.timestamp()))
    (read,) = read_mail_files([path])
    assert read.sent_at == T0


def test_import_logs_known_mail_once_skips_bulk_and_counts_strangers(
    db: Path, tmp_path: Path
) -> None:
    client_id = globex()
    mbox = write_mbox(
        tmp_path / "takeout.mbox",
        message("ann@globex.example", "me@example.org", "Quote"),
        message(
            "me@example.org",
            "Ann <ann@globex.example>",
            "Re: Quote",
            date="Tue, 03 Mar 2026 09:00:00 +0000",
        ),
        message("news@globex.example", "me@example.org", "News", List_Id="<news.globex.example>"),
        message("Carol <carol@x.example>", "me@example.org", "Hello"),
    )
    eml = tmp_path / "copy.eml"  # the first message again, saved from a mail client
    eml.write_bytes(message("ann@globex.example", "me@example.org", "Quote").as_bytes())
    result = import_mail_files([mbox, eml], OWN)
    assert (result.read, result.logged, result.already, result.bulk, result.strangers) == (
        5,
        2,
        1,
        1,
        1,
    )
    rows = list(Interaction.select().order_by(Interaction.occurred_at))
    assert [(r.client_id, r.direction, r.summary) for r in rows] == [
        (client_id, "in", "Quote"),
        (client_id, "out", "Re: Quote"),
    ]
    assert set(mail_sources(client_id).values()) == {"file"}
    assert [(s.address, s.name) for s in strangers()] == [("carol@x.example", "Carol")]
    again = import_mail_files([mbox, eml], OWN)
    assert (again.logged, again.already) == (0, 5)
    assert Interaction.select().count() == 2


def test_a_message_without_any_date_is_skipped_and_counted(db: Path, tmp_path: Path) -> None:
    globex()
    box = mailbox.Maildir(tmp_path / "Mail")
    box.add(message("ann@globex.example", "me@example.org", "dated"))
    box.close()
    undated = message("ann@globex.example", "me@example.org", "undated", date=None)
    (tmp_path / "Mail" / "new" / "undatable").write_bytes(undated.as_bytes())  # no time in its name
    heard: list[str] = []
    result = import_mail_files([tmp_path / "Mail"], OWN, on_unreadable=heard.append)
    assert (result.read, result.logged, result.unreadable) == (2, 1, 1)
    (where,) = heard
    assert "undatable" in where
    assert "no usable date" in where


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.mbox", None, "no such file or folder"),
        ("notes.txt", b"Dear diary\n", "not an .mbox file, a Maildir folder or an .eml file"),
        ("folder", "dir", "not a Maildir"),
    ],
)
def test_a_path_that_is_no_mail_file_refuses_the_whole_import(
    db: Path, tmp_path: Path, name: str, content: bytes | str | None, words: str
) -> None:
    globex()
    good = write_mbox(tmp_path / "good.mbox", message("ann@globex.example", "me@example.org", "Hi"))
    bad = tmp_path / name
    if content == "dir":
        bad.mkdir()
    elif isinstance(content, bytes):
        bad.write_bytes(content)
    with pytest.raises(MailFileError, match=words) as refused:
        import_mail_files([good, bad], OWN)
    assert str(refused.value).startswith(str(bad))
    assert "\n" not in str(refused.value)
    assert Interaction.select().count() == 0
    assert MailSeen.select().count() == 0


def test_the_open_database_is_refused_before_it_is_opened(db: Path, tmp_path: Path) -> None:
    records = database_path(db)
    with pytest.raises(MailFileError, match="the database that holds your records") as refused:
        import_mail_files([records], OWN)
    assert str(refused.value).startswith(str(records))


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(db: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "mail.eml"
    os.mkfifo(pipe)
    with pytest.raises(MailFileError, match="named pipe"):
        import_mail_files([pipe], OWN)
