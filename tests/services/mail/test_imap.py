"""The IMAP reader against a real Dovecot: TLS always, read-only, one clear line per failure."""

from __future__ import annotations

import logging

import pytest

from freelance_ghost.services.mail.errors import MailError
from freelance_ghost.services.mail.imap import _sent_folder, check_connection, connected
from freelance_ghost.store.mail_accounts import Security
from tests.services.mail.fixtures import account_of
from tests.services.mail.mail_servers import (
    PASSWORD,
    USER,
    MailServer,
    mail,
    running_mail_server,
)


def _one_line(error: pytest.ExceptionInfo[MailError]) -> str:
    text = str(error.value)
    assert "\n" not in text
    return text


def test_the_default_folders_are_inbox_and_the_folder_marked_sent(mail_server: MailServer) -> None:
    admin = mail_server.admin()
    admin.create_folder("Sent")
    admin.create_folder("Archive")
    admin.logout()
    assert check_connection(account_of(mail_server), PASSWORD) == ["INBOX", "Sent"]


def test_without_the_sent_mark_the_usual_names_are_tried() -> None:
    listed = [((b"\\HasNoChildren",), "INBOX"), ((), "Drafts"), ((), "Sent Items")]
    assert _sent_folder(listed) == "Sent Items"
    assert _sent_folder([((), "INBOX"), ((b"\\Sent",), "Gesendet"), ((), "Sent")]) == "Gesendet"
    assert _sent_folder([((), "INBOX")]) is None


def test_starttls_is_used_on_the_plain_port(mail_server: MailServer) -> None:
    account = account_of(mail_server, security=Security.STARTTLS)
    assert check_connection(account, PASSWORD) == ["INBOX"]


def test_new_messages_come_in_batches_above_the_uid_given(mail_server: MailServer) -> None:
    admin = mail_server.admin()
    for number in range(5):
        admin.append("INBOX", bytes(mail("bob@client.example", USER, f"note {number}")))
    admin.logout()
    with connected(account_of(mail_server), PASSWORD) as mailbox:
        mailbox.examine("INBOX")
        batches = list(mailbox.new_messages("INBOX", 2, batch_size=2))
        # "UID 6:*" matches the highest UID (5) too: nothing is new above it.
        nothing = list(mailbox.new_messages("INBOX", 5, batch_size=2))
    assert [[fetched.uid for fetched in batch] for batch in batches] == [[3, 4], [5]]
    first = batches[0][0]
    assert b"Subject: note 2" in first.headers
    assert b"never fetched" not in first.headers
    assert first.internal_date is not None
    assert first.internal_date.tzinfo is not None
    assert nothing == []


def test_a_wrong_password_is_one_line(mail_server: MailServer) -> None:
    with pytest.raises(MailError) as refused:
        check_connection(account_of(mail_server), "not-the-password")
    assert f"refused the login of {USER}: wrong user or password" in _one_line(refused)


def test_a_password_an_imap_login_cannot_carry_is_one_line(mail_server: MailServer) -> None:
    with pytest.raises(MailError) as refused:
        check_connection(account_of(mail_server), "pässwörd")
    assert "other than plain ASCII" in _one_line(refused)


def test_a_certificate_from_an_unknown_authority_is_refused(mail_server: MailServer) -> None:
    with pytest.raises(MailError) as refused:
        check_connection(account_of(mail_server, cafile=""), PASSWORD)
    text = _one_line(refused)
    assert "is not trusted" in text
    assert "--cafile" in text


def test_a_certificate_for_another_host_is_refused() -> None:
    with running_mail_server(hosts=("127.0.0.1",)) as server:
        with pytest.raises(MailError) as refused:
            check_connection(account_of(server, host="localhost"), PASSWORD)
        assert "certificate of localhost" in _one_line(refused)
        assert "mismatch" in str(refused.value)
        assert "--cafile" not in str(refused.value)
        assert "Login: user=" not in (server.root / "dovecot.log").read_text()


@pytest.mark.parametrize("security", [Security.STARTTLS, Security.SSL])
def test_a_server_without_tls_is_refused_before_the_password_is_sent(security: Security) -> None:
    with running_mail_server(tls=False) as server:
        account = account_of(server, security=security)
        account = type(account)(**{**account.__dict__, "port": server.imap_port})
        with pytest.raises(MailError) as refused:
            check_connection(account, PASSWORD)
        text = _one_line(refused)
        if security is Security.STARTTLS:
            assert "offers no encryption (no STARTTLS)" in text
        else:
            assert "no TLS connection with" in text
        assert "Login: user=" not in (server.root / "dovecot.log").read_text()


def test_a_folder_that_vanished_is_named(mail_server: MailServer) -> None:
    with pytest.raises(MailError) as refused:
        check_connection(account_of(mail_server, folders=("INBOX", "Clients")), PASSWORD)
    assert "the folder Clients cannot be opened" in _one_line(refused)


def test_an_unreachable_server_is_one_line(mail_server: MailServer) -> None:
    account = account_of(mail_server)
    mail_server.kill()
    with pytest.raises(MailError) as refused:
        check_connection(account, PASSWORD)
    assert "refused the connection" in _one_line(refused)


def test_the_password_is_in_no_log_line(
    mail_server: MailServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    check_connection(account_of(mail_server), PASSWORD)
    assert "LOGIN" in caplog.text  # the IMAP conversation was logged...
    assert PASSWORD not in caplog.text  # ...without the password
