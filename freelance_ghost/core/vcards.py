"""vCard files in and out: address book cards as plain values, and a contact as one card.

Reading takes vCard 2.1 (with its quoted-printable values), 3.0 and 4.0, as phones and
desktop address books write them. Every card is checked whole before anything is planned:
a card that cannot be read, a name with an invisible character or an email field that is
not one address stops the reading with the line it is on, so an import writes all cards or
none.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import vobject

from freelance_ghost.core.addresses import AddressRefusedError, check_email_address
from freelance_ghost.core.names import NameRefusedError, clean_name

# The client a card was exported from, when neither ORG nor the card's name says it: a person
# client whose contact has another name (Jane Doe's contact "Jane").
CLIENT_PROPERTY = "X-FREELANCE-GHOST-CLIENT"
# Cards exported for the same contact keep one UID across exports, so an address book that
# reads them again updates the card instead of adding a second one.
_UID_NAMESPACE = uuid.UUID("6f1c0a52-3d52-4c55-9a53-2c6f0e1b7a10")
_PROPERTY = re.compile(r"(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")
_CONTENT_LINE = re.compile(r"(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+(?:;[^:]*)?:")
_QUOTED_PRINTABLE = re.compile(r"^[^:]*;(?:ENCODING=)?QUOTED-PRINTABLE[;:]", re.IGNORECASE)


class VCardError(ValueError):
    """A file that is not a set of readable cards; ``line`` counts from 1."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Card:
    """One person (or organization) of an address book, as the import needs them."""

    line: int  # where the card begins, to say which one a preview row or a refusal means
    name: str
    organization: str
    client: str  # the client an export of ours named (X-FREELANCE-GHOST-CLIENT), else ''
    role: str
    is_organization: bool  # the card stands for a company, not a person at one
    emails: tuple[str, ...]
    phones: tuple[str, ...]


@dataclass(frozen=True)
class _RawCard:
    """One card's text with, for each of its lines, the file line it came from."""

    text: str
    lines: tuple[int, ...]


def read_cards(text: str) -> list[Card]:
    """Every card of a vCard file, in file order; VCardError with the line of the first fault."""
    cards = [_card(raw) for raw in _raw_cards(text)]
    if not cards:
        raise VCardError("no vCard here: a card starts with BEGIN:VCARD", 1)
    return cards


def _raw_cards(text: str) -> Iterator[_RawCard]:
    """Cards split at BEGIN and END, quoted-printable soft line breaks joined."""
    current: list[str] | None = None
    numbers: list[int] = []
    lines = text.lstrip("\ufeff").splitlines()
    index = 0
    while index < len(lines):
        number, line = index + 1, lines[index]
        index += 1
        # vCard 2.1 breaks a quoted-printable value with "=" at the end of a line.
        while _QUOTED_PRINTABLE.match(line) and line.endswith("=") and index < len(lines):
            line = line[:-1] + lines[index].lstrip()
            index += 1
        word = line.strip().upper()
        if current is None:
            if word == "BEGIN:VCARD":
                current, numbers = [line], [number]
            elif word:
                raise VCardError(f"expected BEGIN:VCARD, found {_shown(line)}", number)
            continue
        current.append(line)
        numbers.append(number)
        if word == "END:VCARD":
            yield _RawCard("\r\n".join(current) + "\r\n", tuple(numbers))
            current = None
    if current is not None:
        raise VCardError("this card has no END:VCARD", numbers[0])


def _card(raw: _RawCard) -> Card:
    """The card's values, checked; a fault is said at its line in the file."""
    start = raw.lines[0]
    try:
        component = vobject.readOne(raw.text, ignoreUnreadable=False)
    except Exception as error:  # vobject raises bare ParseErrors and more from its parsers
        raise VCardError(f"this card cannot be read ({_reason(error)})", _odd_line(raw)) from None
    contents: dict[str, list[Any]] = component.contents
    where = _PropertyLines(raw)
    name = _checked_name(_first(contents, "fn") or _name_from_n(contents), where.line("FN", 0))
    organization = _checked_name(_organization(contents), where.line("ORG", 0))
    if not name and not organization:
        raise VCardError("this card has no name (FN, N or ORG)", start)
    kind = (_first(contents, "kind") or _first(contents, "x-abshowas")).lower()
    is_organization = kind in ("org", "organization", "company") or not name
    return Card(
        line=start,
        name=name or organization,
        organization="" if is_organization else organization,
        client=_checked_name(
            _first(contents, CLIENT_PROPERTY.lower()), where.line(CLIENT_PROPERTY, 0)
        ),
        role=_checked_name(_first(contents, "title") or _first(contents, "role"), start),
        is_organization=is_organization,
        emails=_emails(contents, where),
        phones=_phones(contents),
    )


def _odd_line(raw: _RawCard) -> int:
    """The first line that is neither ``NAME[;PARAMS]:VALUE`` nor a folded continuation
    (vobject's own line count drifts), else the card's first line."""
    for text, number in zip(raw.text.split("\r\n"), raw.lines, strict=False):
        if text and not text[:1].isspace() and not _CONTENT_LINE.match(text):
            return number
    return raw.lines[0]


class _PropertyLines:
    """Where the n-th property of a name is in the file, for a refusal to point at."""

    def __init__(self, raw: _RawCard) -> None:
        self._lines: dict[str, list[int]] = {}
        for text, number in zip(raw.text.split("\r\n"), raw.lines, strict=False):
            found = _PROPERTY.match(text)
            if found and not text[:1].isspace():
                self._lines.setdefault(found.group(1).upper(), []).append(number)
        self._start = raw.lines[0]

    def line(self, name: str, nth: int) -> int:
        """The line of the n-th ``name`` property, or the card's first line."""
        lines = self._lines.get(name, [])
        return lines[nth] if nth < len(lines) else self._start


def _first(contents: dict[str, list[Any]], key: str) -> str:
    """The first value of a text property, trimmed, or ''."""
    values = contents.get(key)
    return str(values[0].value).strip() if values else ""


def _name_from_n(contents: dict[str, list[Any]]) -> str:
    """Given and family name from N, for 2.1 cards that have no FN."""
    values = contents.get("n")
    if not values:
        return ""
    name = values[0].value
    parts = [name.prefix, name.given, name.additional, name.family, name.suffix]
    words = [" ".join(p) if isinstance(p, list) else str(p) for p in parts]
    return " ".join(word.strip() for word in words if word.strip())


def _organization(contents: dict[str, list[Any]]) -> str:
    """The organization's name: ORG's first part (the rest are its units)."""
    values = contents.get("org")
    if not values:
        return ""
    value = values[0].value
    return str(value[0] if isinstance(value, list) and value else value).strip()


def _checked_name(text: str, line: int) -> str:
    """A name as records hold it; one with an invisible character is refused at its line."""
    try:
        return clean_name(text)
    except NameRefusedError as error:
        raise VCardError(f"the name {_shown(text)}: {error}", line) from None


def _emails(contents: dict[str, list[Any]], where: _PropertyLines) -> tuple[str, ...]:
    """Each email address once, in the card's order; one that is not an address is refused."""
    found: list[str] = []
    for nth, item in enumerate(contents.get("email", [])):
        text = str(item.value).strip()
        if text.lower().startswith("mailto:"):
            text = text[len("mailto:") :]
        if not text:
            continue
        try:
            address = check_email_address(text)
        except AddressRefusedError as error:
            raise VCardError(str(error), where.line("EMAIL", nth)) from None
        if address.lower() not in (known.lower() for known in found):
            found.append(address)
    return tuple(found)


def _phones(contents: dict[str, list[Any]]) -> tuple[str, ...]:
    """Each phone number once, in the card's order; 4.0's ``tel:`` URIs as plain numbers."""
    found: list[str] = []
    for item in contents.get("tel", []):
        text = str(item.value).strip()
        if text.lower().startswith("tel:"):
            text = text[len("tel:") :]
        if text and text.isprintable() and text not in found:
            found.append(text)
    return tuple(found)


def _reason(error: Exception) -> str:
    """vobject's message without its own 'At line N' (the file's line is said instead)."""
    message = re.sub(r"^At line \d+:\s*", "", str(error).strip())
    return _shown(message)[1:-1] or type(error).__name__


def _shown(text: str) -> str:
    """A value in quotes on one short line, invisible characters written as codes."""
    shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return "'" + (shown if len(shown) <= 60 else shown[:57] + "...") + "'"


@dataclass(frozen=True)
class ExportedContact:
    """What one exported card says: a person, where they work and how to reach them."""

    key: str  # stable for the contact across exports: its UID comes from it
    name: str
    organization: str
    client: str  # the client's name when neither ORG nor the name says it, else ''
    role: str
    emails: Sequence[str]
    phones: Sequence[str]


def contact_uid(key: str) -> str:
    """The card's UID: the same for the same contact at every export."""
    return f"urn:uuid:{uuid.uuid5(_UID_NAMESPACE, key)}"


def vcard_text(contact: ExportedContact) -> str:
    """One vCard 3.0 card (the version most address books read and write)."""
    card = vobject.vCard()
    card.add("uid").value = contact_uid(contact.key)
    card.add("fn").value = contact.name
    given, _, family = contact.name.rpartition(" ")  # a guess: N is required in 3.0
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if contact.organization:
        card.add("org").value = [contact.organization]
    if contact.client:
        card.add(CLIENT_PROPERTY.lower()).value = contact.client
    if contact.role:
        card.add("title").value = contact.role
    for address in contact.emails:
        email = card.add("email")
        email.value = address
        email.type_param = "INTERNET"
    for number in contact.phones:
        card.add("tel").value = number
    text: str = card.serialize()
    return text
