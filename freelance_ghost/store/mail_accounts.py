"""The mail accounts the app reads, and how far each of their folders has been read.

An account holds what is needed to reach the server and to tell the user's own messages from
the others; never its password (the system keyring keeps that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from peewee import IntegrityError

from freelance_ghost.core.addresses import AddressRefusedError, check_email_address
from freelance_ghost.core.mail.mapping import own_addresses
from freelance_ghost.core.names import NameRefusedError, clean_name
from freelance_ghost.store.mail_records import MailAccount, MailFolder
from freelance_ghost.store.models import database


class Security(StrEnum):
    """How the connection is encrypted: TLS from the first byte, or STARTTLS on the plain port.

    There is no third, plain-text way: a server that offers no TLS is refused.
    """

    SSL = "ssl"
    STARTTLS = "starttls"


DEFAULT_PORTS = {Security.SSL: 993, Security.STARTTLS: 143}


class MailAccountError(ValueError):
    """An account the records cannot take, or one they do not have: one line saying why."""


@dataclass(frozen=True)
class Account:
    """One read-only IMAP account as stored (no password)."""

    id: int
    name: str
    host: str
    port: int
    security: Security
    username: str
    own_addresses: tuple[str, ...]
    folders: tuple[str, ...]  # empty: INBOX and the Sent folder
    cafile: str  # empty: the system's certificate authorities

    def own(self) -> frozenset[str]:
        """The user's own addresses, lower-cased: the login (when it is an address) and every
        ``--me``; a message from one of them is one the user sent."""
        return own_addresses(self.username, self.own_addresses)


def checked_account(
    name: str,
    *,
    host: str,
    port: int | None,
    security: str,
    username: str,
    own_addresses: tuple[str, ...] = (),
    folders: tuple[str, ...] = (),
    cafile: str = "",
) -> Account:
    """The account these fields make, every one checked, not stored yet (its id is 0): the
    connection is tried with it before it is added. ``port`` None is the usual one."""
    chosen = _security(security)
    return Account(
        id=0,
        name=_account_name(name),
        host=_one_word("host", host),
        port=_port(port if port is not None else DEFAULT_PORTS[chosen]),
        security=chosen,
        username=_one_line("user", username),
        own_addresses=tuple(_own_address(text) for text in own_addresses),
        folders=tuple(_one_line("folder", folder) for folder in folders),
        cafile=cafile,
    )


def add_account(account: Account, created_at: datetime) -> Account:
    """Stores a checked account; MailAccountError when its name is taken."""
    record = MailAccount(
        name=account.name,
        host=account.host,
        port=account.port,
        security=account.security.value,
        username=account.username,
        own_addresses="\n".join(account.own_addresses),
        folders="\n".join(account.folders),
        cafile=account.cafile,
        created_at=created_at,
    )
    try:
        with database.atomic():
            record.save(force_insert=True)
    except IntegrityError:
        raise MailAccountError(f"there is already a mail account named {record.name}") from None
    return _account(record)


def list_accounts() -> list[Account]:
    """Every account, by name."""
    return [_account(record) for record in MailAccount.select().order_by(MailAccount.name)]


def get_account(name: str) -> Account:
    """The account of that name; MailAccountError naming it when there is none."""
    record = MailAccount.get_or_none(MailAccount.name == name.strip())
    if record is None:
        raise MailAccountError(f"there is no mail account named {name.strip()}")
    return _account(record)


def remove_account(name: str) -> Account:
    """Forgets the account and how far its folders were read (what it logged stays)."""
    account = get_account(name)
    with database.atomic():
        MailFolder.delete().where(MailFolder.account == account.id).execute()
        MailAccount.delete().where(MailAccount.id == account.id).execute()
    return account


def folder_position(account_id: int, folder: str) -> tuple[int, int] | None:
    """(UIDVALIDITY, last UID read) of a folder, or None when it was never read."""
    record = MailFolder.get_or_none(
        (MailFolder.account == account_id) & (MailFolder.name == folder)
    )
    return None if record is None else (record.uidvalidity, record.last_uid)


def forget_folder(account_id: int, folder: str) -> None:
    """Forgets how far a folder was read, so the next sync reads it from its start."""
    with database.atomic():
        MailFolder.delete().where(
            (MailFolder.account == account_id) & (MailFolder.name == folder)
        ).execute()


def _account(record: MailAccount) -> Account:
    return Account(
        id=record.id,
        name=record.name,
        host=record.host,
        port=record.port,
        security=Security(record.security),
        username=record.username,
        own_addresses=tuple(line for line in record.own_addresses.splitlines() if line),
        folders=tuple(line for line in record.folders.splitlines() if line),
        cafile=record.cafile,
    )


def _account_name(text: str) -> str:
    try:
        name = clean_name(text)
    except NameRefusedError as error:
        raise MailAccountError(f"the account name: {error}") from None
    if not name:
        raise MailAccountError("a mail account needs a name")
    return name


def _security(text: str) -> Security:
    try:
        return Security(text.strip().lower())
    except ValueError:
        raise MailAccountError(
            f"security {text!r} is not one of ssl (TLS from the start, usually port 993) or "
            "starttls (usually port 143); plain text is never used"
        ) from None


def _port(port: int) -> int:
    if not 1 <= port <= 65535:
        raise MailAccountError(f"port {port} is not a port number (1 to 65535)")
    return port


def _one_line(what: str, text: str) -> str:
    value = text.strip()
    if not value:
        raise MailAccountError(f"the {what} is empty")
    if not value.isprintable():
        raise MailAccountError(f"the {what} {value!r} holds a character that cannot be seen")
    return value


def _one_word(what: str, text: str) -> str:
    value = _one_line(what, text)
    if " " in value:
        raise MailAccountError(f"the {what} {value!r} holds a space")
    return value


def _own_address(text: str) -> str:
    try:
        return check_email_address(text).lower()
    except AddressRefusedError as error:
        raise MailAccountError(f"--me: {error}") from None
