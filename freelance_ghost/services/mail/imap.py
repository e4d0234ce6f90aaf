"""Reading an IMAP account, read-only: folders opened with EXAMINE, a few headers fetched.

What is read is the least the mapping needs: the headers core.mail.message names, with
``BODY.PEEK`` (which, unlike ``BODY``, never sets \\Seen) and the arrival time. Bodies are
never fetched and nothing on the server is changed. The connection is always encrypted and
the server's certificate and host name verified; a server that offers no TLS is refused
before the password is sent.
"""

from __future__ import annotations

import contextlib
import imaplib
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol

import imapclient
import imapclient.exceptions

from freelance_ghost.core.mail.message import HEADER_FIELDS
from freelance_ghost.services.mail.errors import MailError
from freelance_ghost.store.mail_accounts import Account, Security

TIMEOUT_SECONDS = 60.0  # a server that says nothing for this long is taken as gone
# The usual names of the Sent folder, for servers that do not mark it \Sent (RFC 6154).
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "[Gmail]/Sent Mail", "INBOX.Sent")
# OpenSSL's verify codes for a certificate signed by no authority the system knows.
_UNKNOWN_AUTHORITY = frozenset({18, 19, 20, 21})
_CAFILE_HINT = " (a server with its own certificate authority needs --cafile)"
_HEADERS_ITEM = f"BODY.PEEK[HEADER.FIELDS ({' '.join(HEADER_FIELDS)})]"


class FetchedMessage(NamedTuple):
    """One message as fetched: its UID, the asked-for header lines, the server's arrival time."""

    uid: int
    headers: bytes
    internal_date: datetime | None


@dataclass(frozen=True)
class FolderState:
    """A folder as EXAMINE found it: its UIDVALIDITY and how many messages it holds."""

    uidvalidity: int
    messages: int


class Mailbox(Protocol):
    """A logged-in, read-only view of one account: what sync needs and nothing more."""

    def folders_to_read(self, account: Account) -> list[str]:
        """The account's folders, or INBOX and its Sent folder when it names none."""
        ...

    def examine(self, folder: str) -> FolderState:
        """Opens the folder read-only; the folder's identity and size."""
        ...

    def new_messages(
        self, folder: str, after_uid: int, batch_size: int
    ) -> Iterator[list[FetchedMessage]]:
        """The examined folder's messages with a UID above ``after_uid``, in UID order, in
        batches."""
        ...


class ImapMailbox:
    """:class:`Mailbox` over imapclient; every failure becomes one :class:`MailError` line."""

    def __init__(self, client: imapclient.IMAPClient, where: str) -> None:
        self._client = client
        self._where = where

    def folders_to_read(self, account: Account) -> list[str]:
        if account.folders:
            return list(account.folders)
        with _translated(self._where):
            listed = self._client.list_folders()
        sent = _sent_folder([(flags, name) for flags, _, name in listed])
        return ["INBOX"] if sent is None else ["INBOX", sent]

    def examine(self, folder: str) -> FolderState:
        try:
            with _translated(self._where):
                state = self._client.select_folder(folder, readonly=True)  # EXAMINE
        except MailError:
            raise
        except imaplib.IMAP4.error as error:
            raise MailError(
                f"the folder {folder} cannot be opened on {self._where} (renamed or deleted?): "
                f"{_server_words(error)}"
            ) from None
        return FolderState(int(state[b"UIDVALIDITY"]), int(state.get(b"EXISTS", 0)))

    def new_messages(
        self, folder: str, after_uid: int, batch_size: int
    ) -> Iterator[list[FetchedMessage]]:
        with _translated(self._where, folder):
            # "UID n:*" always matches the highest UID, even below n: filter it out.
            uids = sorted(uid for uid in self._client.search(["UID", f"{after_uid + 1}:*"]))
        uids = [uid for uid in uids if uid > after_uid]
        for start in range(0, len(uids), batch_size):
            wanted = uids[start : start + batch_size]
            with _translated(self._where, folder):
                fetched = self._client.fetch(wanted, [_HEADERS_ITEM, "INTERNALDATE"])
            yield [_fetched(uid, fetched[uid]) for uid in wanted if uid in fetched]


@contextlib.contextmanager
def connected(account: Account, password: str) -> Iterator[ImapMailbox]:
    """A logged-in read-only mailbox for the block; logged out after it, whatever happened."""
    where = f"{account.host}:{account.port}"
    context = _tls_context(account)
    with _translated(where):
        client = _open(account, context, where)
    try:
        _log_in(client, account, password, where)
        client.normalise_times = False  # aware arrival times, not local naive ones
        yield ImapMailbox(client, where)
    finally:
        _leave(client)


def _leave(client: imapclient.IMAPClient) -> None:
    """Logs out; a connection already gone is just closed (its socket must not linger)."""
    try:
        client.logout()
    except Exception:  # the server may be gone, in any of the ways a socket can fail
        with contextlib.suppress(Exception):
            client.shutdown()


def check_connection(account: Account, password: str) -> list[str]:
    """Logs in and examines every folder that would be read; the folders, or MailError."""
    with connected(account, password) as mailbox:
        folders = mailbox.folders_to_read(account)
        for folder in folders:
            mailbox.examine(folder)
        return folders


def _tls_context(account: Account) -> ssl.SSLContext:
    """Certificates and host names verified, by the system's authorities or the account's."""
    try:
        return ssl.create_default_context(cafile=account.cafile or None)
    except (OSError, ssl.SSLError) as error:
        raise MailError(
            f"the certificate authority file {account.cafile} cannot be read: "
            f"{getattr(error, 'strerror', None) or error}"
        ) from None


def _open(account: Account, context: ssl.SSLContext, where: str) -> imapclient.IMAPClient:
    """An encrypted connection; a server that offers no TLS is left before anything is sent."""
    if account.security is Security.SSL:
        return imapclient.IMAPClient(
            account.host, account.port, ssl=True, ssl_context=context, timeout=TIMEOUT_SECONDS
        )
    client = imapclient.IMAPClient(account.host, account.port, ssl=False, timeout=TIMEOUT_SECONDS)
    if not client.has_capability("STARTTLS"):
        with contextlib.suppress(Exception):
            client.shutdown()
        raise MailError(
            f"{where} offers no encryption (no STARTTLS): the password would cross the network "
            "in plain text, so the app does not log in; use the server's TLS port with "
            "--security ssl"
        )
    try:
        client.starttls(context)
    except BaseException:
        with contextlib.suppress(Exception):
            client.shutdown()
        raise
    return client


def _log_in(client: imapclient.IMAPClient, account: Account, password: str, where: str) -> None:
    try:
        with _translated(where):
            client.login(account.username, password)
    except MailError:
        raise
    except imapclient.exceptions.LoginError:
        raise MailError(
            f"{where} refused the login of {account.username}: wrong user or password "
            "(Gmail and Outlook need an app password)"
        ) from None
    except UnicodeEncodeError:  # IMAP's LOGIN takes ASCII only; nothing was sent
        raise MailError(
            f"cannot log in to {where}: the password holds characters other than plain "
            "ASCII letters, digits and signs, which an IMAP login cannot carry; use an app "
            "password"
        ) from None


@contextlib.contextmanager
def _translated(where: str, folder: str | None = None) -> Iterator[None]:
    """Network and TLS failures as one line naming the server (and the folder being read)."""
    reading = f" while reading {folder}" if folder else ""
    try:
        yield
    except ssl.SSLCertVerificationError as error:
        reason = str(error.verify_message or error).rstrip(".")
        raise MailError(
            f"the certificate of {where} is not trusted: {reason}; nothing was sent"
            + (_CAFILE_HINT if error.verify_code in _UNKNOWN_AUTHORITY else "")
        ) from None
    except ssl.SSLError as error:
        raise MailError(
            f"no TLS connection with {where}: {error.reason or error}; is it the plain port? "
            "(implicit TLS is usually 993, STARTTLS 143)"
        ) from None
    except socket.gaierror:
        raise MailError(f"the mail server {where.rsplit(':', 1)[0]} is not found") from None
    except ConnectionRefusedError:
        raise MailError(
            f"{where} refused the connection: is the server running, and is the port right?"
        ) from None
    except (imaplib.IMAP4.abort, ConnectionError, EOFError) as error:
        raise MailError(
            f"{where} closed the connection{reading}: {error or 'no reason given'}; the next "
            "sync resumes where this one stopped"
        ) from None
    except TimeoutError:
        raise MailError(f"{where} did not answer{reading} within {TIMEOUT_SECONDS:.0f} s") from None
    except OSError as error:
        raise MailError(f"cannot reach {where}: {error.strerror or error}") from None


def _server_words(error: Exception) -> str:
    """The server's reason, without imapclient's command prefix and timing suffix."""
    return str(error).removeprefix("select failed: ").split(" (", 1)[0]


def _sent_folder(listed: list[tuple[tuple[bytes, ...], str]]) -> str | None:
    """The folder marked \\Sent (RFC 6154), else the first with one of the usual names."""
    for flags, name in listed:
        if b"\\Sent" in flags:
            return name
    names = {name.casefold(): name for _, name in listed}
    for usual in SENT_NAMES:
        if usual.casefold() in names:
            return names[usual.casefold()]
    return None


def _fetched(uid: int, data: dict[bytes, object]) -> FetchedMessage:
    """The headers and arrival time out of one FETCH answer."""
    headers = next(
        (value for key, value in data.items() if key.startswith(b"BODY[HEADER.FIELDS")), b""
    )
    internal = data.get(b"INTERNALDATE")
    return FetchedMessage(
        uid,
        headers if isinstance(headers, bytes) else b"",
        internal if isinstance(internal, datetime) and internal.tzinfo is not None else None,
    )
