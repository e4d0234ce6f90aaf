"""Mail passwords: kept in the system keyring, never in the data folder, a log or an export.

The keyring is the operating system's (Secret Service on Linux, the Keychain on macOS, the
Credential Manager on Windows) through the ``keyring`` package. Backends that would keep the
password in a file of their own or nowhere (``keyrings.alt``'s base64 and plain-text files,
``keyring``'s fail and null backends) are never used: with none of the others the app has
"no keyring", and the command line reads the password from FREELANCE_GHOST_MAIL_PASSWORD on
each run (the window asks once per session and keeps it in memory).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend

from freelance_ghost.services.mail.errors import MailError

SERVICE = "Freelance Ghost mail"  # the keyring entry's service; its user is the account name
PASSWORD_VARIABLE = "FREELANCE_GHOST_MAIL_PASSWORD"

# Backends that do not keep a secret safely: they fail, forget, or write a file anyone with
# the disk can read (keyrings.alt encodes with base64 at best).
_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def system_keyring() -> KeyringBackend | None:
    """The keyring backend that keeps passwords safely, or None when this system has none."""
    chosen = keyring.get_keyring()
    candidates = chosen.backends if isinstance(chosen, ChainerBackend) else [chosen]
    for backend in candidates:  # a chainer lists its backends by priority, best first
        if not type(backend).__module__.startswith(_REFUSED_MODULES):
            return backend
    return None


def store_password(account: str, password: str) -> bool:
    """Keeps the account's password in the keyring; False when there is no keyring to keep it."""
    backend = system_keyring()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, account, password)
    except (keyring.errors.KeyringError, OSError) as error:
        raise MailError(
            f"the system keyring did not keep the password of {account}: {error}"
        ) from None
    return True


def get_password(account: str) -> str | None:
    """The account's password from the keyring, or None when it holds none (or there is none)."""
    backend = system_keyring()
    if backend is None:
        return None
    try:
        return backend.get_password(SERVICE, account)
    except (keyring.errors.KeyringError, OSError) as error:
        raise MailError(
            f"the system keyring did not give the password of {account}: {error}"
        ) from None


def forget_password(account: str) -> None:
    """Removes the account's password from the keyring, if it holds one."""
    backend = system_keyring()
    if backend is None:
        return
    try:
        if backend.get_password(SERVICE, account) is not None:
            backend.delete_password(SERVICE, account)
    except (keyring.errors.KeyringError, OSError) as error:
        raise MailError(
            f"the system keyring did not forget the password of {account}: {error}"
        ) from None


def password_for_sync(account: str, environment: Mapping[str, str] = os.environ) -> str:
    """The password a sync from the command line logs in with: the keyring's, else the
    variable's; MailError saying how to give one when neither has it."""
    stored = get_password(account)
    if stored is not None:
        return stored
    given = environment.get(PASSWORD_VARIABLE)
    if given:
        return given
    where = "the system keyring has none for it" if system_keyring() else "there is no keyring"
    raise MailError(f"no password for the mail account {account}: {where}; set {PASSWORD_VARIABLE}")
