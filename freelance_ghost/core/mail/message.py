"""A message's headers read into what the records need: who, to whom, when, about what.

Only headers are ever read (never a body). Mail in the wild is often malformed: a header in
8-bit bytes of an unnamed charset, an encoded word that does not decode, an address list
that does not parse, a Date that is no date. None of these stops the reading: each gives its
best reading or an empty value. Only a message with no usable time at all is refused
(:class:`MailMessageError`), because an interaction needs its moment.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import HeaderParser
from typing import NamedTuple

from freelance_ghost.core.clock import UnsupportedTimeError, supported_instant

# The headers sync asks the server for: the mapping needs these and nothing else.
HEADER_FIELDS: tuple[str, ...] = (
    "Message-ID",
    "Date",
    "From",
    "To",
    "Cc",
    "Subject",
    "List-Id",
    "Auto-Submitted",
    "Precedence",
)
_BULK_PRECEDENCE = frozenset({"bulk", "list"})


class MailMessageError(ValueError):
    """A message that cannot be read at all (no usable time): skipped and counted."""


class Address(NamedTuple):
    """Someone named in a header: the display name, and the address lower-cased."""

    name: str
    address: str


@dataclass(frozen=True)
class MailMessage:
    """What one message says about a conversation; ``key`` identifies it across folders."""

    key: str
    sender: Address | None
    recipients: tuple[Address, ...]
    sent_at: datetime  # aware, UTC
    subject: str
    bulk: bool


def read_message(raw_headers: bytes, internal_date: datetime | None) -> MailMessage:
    """The message these header bytes describe; ``internal_date`` (the server's arrival
    time, or a file's) stands in for a missing, unreadable or out-of-range Date.

    MailMessageError when neither gives a time inside the supported years.
    """
    headers = _parse(raw_headers)
    raw = _raw_values(headers)
    senders = _addresses(headers, "From")
    return MailMessage(
        key=message_key(raw),
        sender=senders[0] if senders else None,
        recipients=_addresses(headers, "To") + _addresses(headers, "Cc"),
        sent_at=_sent_at(headers, internal_date),
        subject=_text(headers, "Subject"),
        bulk=_is_bulk(raw),
    )


def message_key(raw: dict[str, str]) -> str:
    """The message's identity: a hash of its Message-ID (angle brackets kept), or without
    one, of its Date, From and Subject as written, so every copy of it gets the same key."""
    message_id = raw.get("message-id", "").strip()
    if message_id:
        material = message_id
    else:
        material = "\n".join(raw.get(name, "").strip() for name in ("date", "from", "subject"))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def _parse(raw_headers: bytes) -> EmailMessage:
    """The header block parsed; each line decoded on its own so one line in Latin-1 does not
    spoil its neighbours in UTF-8 (RFC 6532 allows UTF-8 in headers; older mailers wrote
    their own charset without saying so)."""
    text = "\n".join(_decoded_line(line) for line in raw_headers.split(b"\n"))
    parsed = HeaderParser(policy=policy.default).parsestr(text, headersonly=True)
    assert isinstance(parsed, EmailMessage)  # policy.default builds EmailMessage
    return parsed


def _decoded_line(line: bytes) -> str:
    """One header line as text: UTF-8 if it is, else Windows-1252, else Latin-1 (never fails)."""
    line = line.rstrip(b"\r")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def _raw_values(headers: EmailMessage) -> dict[str, str]:
    """The first value of each header as written (unfolded), by lower-cased name."""
    values: dict[str, str] = {}
    for name, value in headers.raw_items():
        values.setdefault(name.lower(), " ".join(str(value).split()))
    return values


def _text(headers: EmailMessage, name: str) -> str:
    """A header's decoded text (RFC 2047 words decoded), or "" if it cannot be read."""
    try:
        value = headers.get(name)
        return "" if value is None else " ".join(str(value).split())
    except Exception:  # the header parser has raised odd errors on odd input
        return ""


def _addresses(headers: EmailMessage, name: str) -> tuple[Address, ...]:
    """Every usable address of a header, lower-cased, with its display name; entries that
    are not an address (no @, an empty group) are left out."""
    try:
        value = headers.get(name)
        found = [] if value is None else list(value.addresses)
    except Exception:  # a malformed list reads as no address, not a crash
        return ()
    addresses = []
    for entry in found:
        address = " ".join(entry.addr_spec.split()).lower()
        local, at, domain = address.rpartition("@")
        if at and local and domain and "@" not in local:
            addresses.append(Address(" ".join(entry.display_name.split()), address))
    return tuple(addresses)


def _sent_at(headers: EmailMessage, internal_date: datetime | None) -> datetime:
    """The Date header in UTC when it is a real date inside the supported years, else the
    internal date; MailMessageError when neither is usable."""
    for candidate in (_date_header(headers), internal_date):
        if candidate is None:
            continue
        if candidate.tzinfo is None:  # "-0000": the sender did not know its zone; RFC 5322 says UTC
            candidate = candidate.replace(tzinfo=UTC)
        try:
            return supported_instant(candidate).astimezone(UTC)
        except (UnsupportedTimeError, OverflowError):
            continue
    raise MailMessageError("the message has no usable date (no readable Date, no arrival time)")


def _date_header(headers: EmailMessage) -> datetime | None:
    """The Date header's instant, or None when it is missing or unreadable."""
    try:
        value = headers.get("Date")
        instant = None if value is None else value.datetime
    except Exception:  # an unreadable Date falls back, as RFC 5322 readers do
        return None
    return instant if isinstance(instant, datetime) else None


def _is_bulk(raw: dict[str, str]) -> bool:
    """Mailing lists and robots: a List-Id, an Auto-Submitted other than "no", or a
    Precedence of bulk or list. Such mail is no conversation."""
    if "list-id" in raw:
        return True
    auto = raw.get("auto-submitted")
    if auto is not None and auto.split(";")[0].strip().lower() != "no":
        return True
    return raw.get("precedence", "").strip().lower() in _BULK_PRECEDENCE
