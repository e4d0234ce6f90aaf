"""Mail passwords: in a real Secret Service, never in a file-backed or do-nothing keyring."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, chainer, fail, null

from freelance_ghost.services.mail.errors import MailError
from freelance_ghost.services.mail.passwords import (
    PASSWORD_VARIABLE,
    SERVICE,
    forget_password,
    get_password,
    password_for_sync,
    store_password,
    system_keyring,
)
from tests.services.mail.secret_service import SecretService as RunningSecretService


def test_the_password_is_kept_in_the_secret_service_and_forgotten(
    secret_service: RunningSecretService,
) -> None:
    assert store_password("work", "s3cret-work") is True
    assert get_password("work") == "s3cret-work"
    assert SecretService.Keyring().get_password(SERVICE, "work") == "s3cret-work"
    assert password_for_sync("work", {}) == "s3cret-work"
    forget_password("work")
    assert get_password("work") is None
    forget_password("work")  # forgetting twice is no error


def test_the_keyring_password_wins_over_the_variable(secret_service: RunningSecretService) -> None:
    store_password("work", "from-the-keyring")
    assert password_for_sync("work", {PASSWORD_VARIABLE: "from-the-variable"}) == "from-the-keyring"


def test_without_a_keyring_the_command_line_reads_the_variable() -> None:
    assert system_keyring() is None  # the tests' default: the fail backend
    assert store_password("work", "s3cret") is False
    assert get_password("work") is None
    assert password_for_sync("work", {PASSWORD_VARIABLE: "s3cret"}) == "s3cret"
    with pytest.raises(MailError, match=f"there is no keyring; set {PASSWORD_VARIABLE}"):
        password_for_sync("work", {})


class _Base64File(KeyringBackend):
    """Stands in for keyrings.alt's file backends, which write the password to a file."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("a file-backed keyring must never be given a password")

    def delete_password(self, service: str, username: str) -> None:
        return None


_Base64File.__module__ = "keyrings.alt.file"


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), _Base64File()])
def test_keyrings_that_keep_nothing_safely_are_never_used(
    backend: KeyringBackend,
) -> None:
    keyring.set_keyring(backend)
    assert system_keyring() is None
    assert store_password("work", "s3cret") is False


def test_a_chain_is_read_for_its_first_safe_keyring(secret_service: RunningSecretService) -> None:
    class Chain(chainer.ChainerBackend):
        backends = (null.Keyring(), SecretService.Keyring())

    keyring.set_keyring(Chain())
    assert isinstance(system_keyring(), SecretService.Keyring)


def test_a_keyring_that_stopped_answering_is_one_line(
    secret_service: RunningSecretService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    with pytest.raises(MailError, match="the system keyring did not keep the password of work"):
        store_password("work", "s3cret")
