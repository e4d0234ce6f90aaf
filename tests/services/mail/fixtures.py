"""Fixtures of the mail tests: a real IMAP server, a real keyring, and never the user's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import SecretService, fail

from freelance_ghost.store.mail_accounts import Account, Security
from tests.services.mail.mail_servers import USER, MailServer, running_mail_server
from tests.services.mail.secret_service import SecretService as RunningSecretService
from tests.services.mail.secret_service import running_secret_service


@pytest.fixture(autouse=True)
def no_keyring() -> None:
    """No test reaches the keyring of the user running them: none, unless a test gives one."""
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A Dovecot with TLS on 127.0.0.1, its user's mailbox empty."""
    with running_mail_server() as server:
        yield server


@pytest.fixture
def secret_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[RunningSecretService]:
    """gnome-keyring-daemon on a private bus, and this process's keyring set to it."""
    with running_secret_service(tmp_path) as service:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", service.address)
        keyring.set_keyring(SecretService.Keyring())
        yield service
        keyring.set_keyring(fail.Keyring())


def account_of(
    server: MailServer,
    *,
    security: Security = Security.SSL,
    host: str = "127.0.0.1",
    cafile: str | None = None,
    folders: tuple[str, ...] = (),
    account_id: int = 1,
) -> Account:
    """An account on the test server (not stored), trusting its CA unless told otherwise."""
    return Account(
        id=account_id,
        name="work",
        host=host,
        port=server.imaps_port if security is Security.SSL else server.imap_port,
        security=security,
        username=USER,
        own_addresses=(),
        folders=folders,
        cafile=str(server.cafile) if cafile is None else cafile,
    )
