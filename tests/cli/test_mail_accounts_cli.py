"""``mail add / list / remove / sync`` against a real Dovecot, with and without a keyring."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from freelance_ghost.cli import main
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus
from freelance_ghost.services.mail.passwords import PASSWORD_VARIABLE
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact, add_method
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.mail_accounts import list_accounts
from freelance_ghost.store.models import Interaction
from tests.conftest import NOW
from tests.services.mail.mail_servers import PASSWORD, USER, MailServer, mail
from tests.services.mail.secret_service import SecretService

BOB = "bob@globex.example"


def add_args(data_dir: Path, server: MailServer, name: str = "work") -> list[str]:
    return [
        "--data-dir",
        str(data_dir),
        "mail",
        "add",
        name,
        "--host",
        "127.0.0.1",
        "--port",
        str(server.imaps_port),
        "--user",
        USER,
        "--me",
        "ann@studio.example",
        "--cafile",
        str(server.cafile),
    ]


def a_client_and_two_messages(data_dir: Path, server: MailServer) -> None:
    open_database(data_dir, NOW)
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW)
    add_method(add_contact(client.id, "Bob", "", NOW).id, Channel.EMAIL, BOB, NOW)
    close_database()
    admin = server.admin()
    admin.append("INBOX", bytes(mail(BOB, USER, "Quote", message_id="<q@globex.example>")))
    admin.append("INBOX", bytes(mail("x@elsewhere.example", USER, "Hi", message_id="<h@x>")))
    admin.logout()


def interactions(data_dir: Path) -> list[str]:
    open_database(data_dir, NOW)
    try:
        return [i.summary for i in Interaction.select()]
    finally:
        close_database()


def test_add_list_sync_remove_with_the_password_in_the_variable(
    data_dir: Path,
    mail_server: MailServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    assert main(add_args(data_dir, mail_server)) == 0
    out = capsys.readouterr().out
    assert "Added work (ann@example.com at 127.0.0.1" in out
    assert f"no keyring to keep its password: set {PASSWORD_VARIABLE}" in out

    assert main(["--data-dir", str(data_dir), "mail", "list"]) == 0
    listed = capsys.readouterr().out
    assert "work: ann@example.com at 127.0.0.1" in listed
    assert "ann@example.com, ann@studio.example" in listed

    a_client_and_two_messages(data_dir, mail_server)
    assert main(["--data-dir", str(data_dir), "mail", "sync"]) == 0
    assert capsys.readouterr().out == (
        "work: 2 new messages read, 1 interaction logged, 0 already logged, 0 bulk ignored.\n"
    )
    assert main(["--data-dir", str(data_dir), "mail", "sync", "work", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["accounts"][0]["account"] == "work"
    assert report["accounts"][0]["read"] == 0
    assert [f["folder"] for f in report["accounts"][0]["folders"]] == ["INBOX"]
    assert interactions(data_dir) == ["Quote"]

    assert main(["--data-dir", str(data_dir), "mail", "remove", "work"]) == 0
    assert "Removed work" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "mail", "list"]) == 0
    assert capsys.readouterr().out.startswith("No mail accounts.")
    assert interactions(data_dir) == ["Quote"]  # what it logged stays


@pytest.mark.parametrize(
    ("extra", "password", "message"),
    [
        ([], "wrong", "refused the login of ann@example.com: wrong user or password"),
        ([], None, f"no password for work: set {PASSWORD_VARIABLE} or run this in a terminal"),
        (["--port", "0"], PASSWORD, "port 0 is not a port number"),
        (["--security", "none"], PASSWORD, "security 'none' is not one of ssl"),
        (["--me", "not-an-address"], PASSWORD, "--me: 'not-an-address' is not an email address"),
        (["--folder", "Gone"], PASSWORD, "the folder Gone cannot be opened"),
    ],
)
def test_a_refused_add_is_one_line_and_adds_nothing(
    data_dir: Path,
    mail_server: MailServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    password: str | None,
    message: str,
) -> None:
    if password is None:
        monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(PASSWORD_VARIABLE, password)
    assert main([*add_args(data_dir, mail_server), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    open_database(data_dir, NOW)
    assert list_accounts() == []


def test_sync_says_which_account_failed_and_goes_on(
    data_dir: Path,
    mail_server: MailServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    assert main(add_args(data_dir, mail_server, "work")) == 0
    assert main([*add_args(data_dir, mail_server, "old"), "--folder", "Archive"]) == 2  # no such
    admin = mail_server.admin()
    admin.create_folder("Archive")
    admin.logout()
    assert main([*add_args(data_dir, mail_server, "old"), "--folder", "Archive"]) == 0
    admin = mail_server.admin()
    admin.delete_folder("Archive")
    admin.logout()
    capsys.readouterr()

    assert main(["--data-dir", str(data_dir), "mail", "sync"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("freelance-ghost: old: the folder Archive cannot be opened")
    assert captured.err.count("\n") == 1
    assert captured.out.startswith("work: 0 new messages read")
    assert main(["--data-dir", str(data_dir), "mail", "sync", "nobody"]) == 2
    assert "there is no mail account named nobody" in capsys.readouterr().err


def test_the_password_goes_to_the_keyring_and_nowhere_else(
    data_dir: Path, mail_server: MailServer, secret_service: SecretService, tmp_path: Path
) -> None:
    """The real program, in its own processes, with a real Secret Service; -v logs all."""
    environment = secret_service.environment()
    environment[PASSWORD_VARIABLE] = PASSWORD
    environment.pop("CI", None)
    command = [sys.executable, "-m", "freelance_ghost", "-v"]
    added = subprocess.run(
        [*command, *add_args(data_dir, mail_server)], env=environment, capture_output=True
    )
    assert added.returncode == 0, added.stderr
    assert b"kept in the system keyring" in added.stdout
    a_client_and_two_messages(data_dir, mail_server)
    del environment[PASSWORD_VARIABLE]  # from here on only the keyring knows it
    synced = subprocess.run(
        [*command, "--data-dir", str(data_dir), "mail", "sync"],
        env=environment,
        capture_output=True,
    )
    assert synced.returncode == 0, synced.stderr
    assert b"1 interaction logged" in synced.stdout
    secret = PASSWORD.encode()
    for output in (added.stdout, added.stderr, synced.stdout, synced.stderr):
        assert secret not in output
    files = [path for path in data_dir.rglob("*") if path.is_file()]
    assert any(path.suffix == ".sqlite3" or "database" in path.name for path in files) or files
    for path in files:
        assert secret not in path.read_bytes(), path

    removed = subprocess.run(
        [*command, "--data-dir", str(data_dir), "mail", "remove", "work"],
        env=environment,
        capture_output=True,
    )
    assert removed.returncode == 0, removed.stderr
    environment_check = {**environment, "PYTHONPATH": os.pathsep.join(sys.path)}
    lookup = subprocess.run(
        [
            sys.executable,
            "-c",
            "import keyring; from keyring.backends import SecretService as S; "
            "print(S.Keyring().get_password('Freelance Ghost mail', 'work'))",
        ],
        env=environment_check,
        capture_output=True,
    )
    assert lookup.stdout == b"None\n", lookup.stderr
