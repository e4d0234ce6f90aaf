"""A message's headers read into what the records need: who, to whom, when, about what.

Only headers are ever read (never a body). Mail in the wild is often malformed: a header in
8-bit bytes of an unnamed charset, an encoded word that does not decode, an address list
that does not parse, a Date that is no date. None of these stops the reading: each gives its
best reading or an empty value. Only a message with no usable time at all is refused
(:class:`MailMessageError`), because an interaction needs its moment.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.quoprimime import header_decode
from email.utils import getaddresses, parsedate_to_datetime
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
_HEADER_LINE = re.compile(r"([!-9;-~]+)[ \t]*:(.*)", re.DOTALL)  # a name: printable ASCII but ":"
# An RFC 2047 encoded word, with the blanks after it when another follows (they are dropped).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0 and C1 control characters
MAX_SUBJECT = 1000  # characters of a subject kept as a summary: a real one is far shorter
_ENCODED_WORD = re.compile(r"=\?([^?*\s]+)(?:\*[^?]*)?\?([QqBb])\?([^?\s]*)\?=(?:\s+(?==\?))?")


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

    MailMessageError when neither gives a time inside the supported years. The standard
    library's full header parser (email.headerregistry) took a millisecond a message, too
    slow for a mailbox of fifty thousand; these few headers are read with its simpler tools.
    """
    try:
        return _read(header_values(raw_headers), internal_date)
    except MailMessageError:
        raise
    except Exception as error:  # a header no reading foresaw: this message, not the sync
        raise MailMessageError(f"its headers cannot be read ({error})") from None


def _read(raw: dict[str, str], internal_date: datetime | None) -> MailMessage:
    senders = _addresses(raw.get("from", ""))
    sent_at = _sent_at(raw.get("date"), internal_date)
    return MailMessage(
        key=message_key(raw, sent_at),
        sender=senders[0] if senders else None,
        recipients=_addresses(raw.get("to", "")) + _addresses(raw.get("cc", "")),
        sent_at=sent_at,
        subject=summary_text(decode_words(raw.get("subject", ""))),
        bulk=_is_bulk(raw),
    )


def summary_text(subject: str) -> str:
    """A subject as an interaction's summary: control characters (a NUL, an escape, a line
    break from an encoded word) become spaces, and it is cut at :data:`MAX_SUBJECT` characters.

    Such characters would make the history export a file the import refuses as binary.
    """
    cleaned = " ".join(_CONTROL.sub(" ", subject).split())
    return cleaned if len(cleaned) <= MAX_SUBJECT else cleaned[: MAX_SUBJECT - 1] + "…"


def header_values(raw_headers: bytes) -> dict[str, str]:
    """The first value of each header as written, unfolded, by lower-cased name.

    Each line is decoded on its own, so one line in Latin-1 does not spoil its neighbours
    in UTF-8 (RFC 6532 allows UTF-8 in headers; older mailers wrote their own charset
    without saying so). The block ends at the first empty line.
    """
    values: dict[str, str] = {}
    current: str | None = None  # the header the next folded line continues, if it counts
    for line in raw_headers.split(b"\n"):
        text = _decoded_line(line)
        if not text:
            break
        if text[0] in " \t":
            if current is not None:
                values[current] = _continued(values[current], text)
            continue
        match = _HEADER_LINE.match(text)
        current = None
        if match and match.group(1).lower() not in values:  # a repeated header: the first counts
            current = match.group(1).lower()
            values[current] = " ".join(match.group(2).split())
    return values


def _continued(value: str, line: str) -> str:
    """A folded header's value with its next line."""
    return " ".join((value + " " + line).split())


def message_key(raw: dict[str, str], sent_at: datetime) -> str:
    """The message's identity: a hash of its Message-ID (angle brackets kept), or without
    one, of when it was sent, its From and its Subject, so every copy of it gets the same key.

    When sent is the Date header's time as read (or, without a usable Date, the server's
    arrival time): two header-less messages with one subject are still two messages.
    """
    message_id = raw.get("message-id", "").strip()
    if message_id:
        material = message_id
    else:
        parts = (sent_at.isoformat(), raw.get("from", "").strip(), raw.get("subject", "").strip())
        material = "\n".join(parts)
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


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


def _q_bytes(text: str) -> bytes:
    """The bytes a decoded Q word stands for: each =XX is one character below U+0100; raw
    8-bit text some mailers put inside the word was read as UTF-8 and goes back to it."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return b"".join(
            bytes([ord(char)]) if ord(char) < 0x100 else char.encode("utf-8") for char in text
        )


def decode_words(value: str) -> str:
    """Text with its RFC 2047 encoded words decoded (``=?utf-8?q?Caf=C3=A9?=``); a word in
    an unknown charset or with broken encoding reads as best it can, never as an error."""
    return " ".join(_ENCODED_WORD.sub(_decoded_word, value).split())


def _decoded_word(word: re.Match[str]) -> str:
    """One encoded word's text."""
    charset, encoding, encoded = word.group(1), word.group(2).upper(), word.group(3)
    if encoding == "Q":
        data = _q_bytes(header_decode(encoded))
    else:
        try:
            data = base64.b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError):
            return word.group(0)
    try:
        return data.decode(charset, "replace")
    except LookupError:  # a charset Python does not know: its ASCII letters still read
        return data.decode("ascii", "replace")


def _addresses(value: str) -> tuple[Address, ...]:
    """Every usable address of a header, lower-cased, with its decoded display name;
    entries that are not an address (no @, an empty group) are left out."""
    if not value:
        return ()
    addresses = []
    for name, address in getaddresses([value]):
        address = "".join(address.split()).lower()
        local, at, domain = address.rpartition("@")
        if at and local and domain and "@" not in local and "<" not in address:
            addresses.append(Address(decode_words(name), address))
    return tuple(addresses)


def _sent_at(date_header: str | None, internal_date: datetime | None) -> datetime:
    """The Date header in UTC when it is a real date inside the supported years, else the
    internal date; MailMessageError when neither is usable."""
    for candidate in (_date(date_header), internal_date):
        if candidate is None:
            continue
        if candidate.tzinfo is None:  # "-0000": the sender did not know its zone; RFC 5322 says UTC
            candidate = candidate.replace(tzinfo=UTC)
        try:
            return supported_instant(candidate).astimezone(UTC)
        except (UnsupportedTimeError, OverflowError):
            continue
    raise MailMessageError("the message has no usable date (no readable Date, no arrival time)")


def _date(text: str | None) -> datetime | None:
    """The Date header's instant, or None when it is missing or unreadable."""
    if not text:
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _is_bulk(raw: dict[str, str]) -> bool:
    """Mailing lists and robots: a List-Id, an Auto-Submitted other than "no", or a
    Precedence of bulk or list. Such mail is no conversation."""
    if "list-id" in raw:
        return True
    auto = raw.get("auto-submitted")
    if auto is not None and auto.split(";")[0].strip().lower() != "no":
        return True
    return raw.get("precedence", "").strip().lower() in _BULK_PRECEDENCE
