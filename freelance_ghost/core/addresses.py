"""Email addresses of contact methods: one address each, and the mailto link built from it.

A contact method holds one address. ``alice@example.com,eve@evil.example`` is two, and a
mail client opened on it would write to both; a space, quote, angle bracket or semicolon
lets an address carry a name, a second recipient or a header. The check is the usual shape
of an address, not all of RFC 5322: ``local@domain``, the local part dot-separated atoms
(letters, digits and ``!#$%&'*+/=?^_`{|}~-``, or any visible non-ASCII character, as
internationalised mail allows), the domain dot-separated labels of letters, digits and
inner hyphens.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from freelance_ghost.core.names import describe_character

_ATOM_CHARACTERS = "!#$%&'*+/=?^_`{|}~-"
_ATOM = rf"(?:[A-Za-z0-9{re.escape(_ATOM_CHARACTERS)}]|[^\x00-\x7f])+"
_LOCAL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")
_LABEL = r"(?!-)(?:[^\W_]|-){1,63}(?<!-)"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")
_MAX_LOCAL, _MAX_DOMAIN = 64, 253  # RFC 5321's limits


class AddressRefusedError(ValueError):
    """Text that is not one email address."""


def check_email_address(text: str) -> str:
    """The address, trimmed, if it is one email address; AddressRefusedError saying why not."""
    address = text.strip()
    shown = _quoted(address)
    if "@" not in address:
        raise AddressRefusedError(f"{shown} is not an email address such as ann@example.com")
    odd = _first_odd_character(address)
    if odd is not None:
        position, char = odd
        raise AddressRefusedError(
            f"{shown} is not one email address: {_shown(char)} at character {position} "
            "cannot be in one (add each address on its own)"
        )
    local, _, domain = address.rpartition("@")
    if "@" in local:
        raise AddressRefusedError(f"{shown} holds more than one @: give one address")
    if not local or len(local) > _MAX_LOCAL or not _LOCAL.fullmatch(local):
        raise AddressRefusedError(
            f"{shown} is not an email address: the part before @ is not a mailbox name"
        )
    if len(domain) > _MAX_DOMAIN or not _DOMAIN.fullmatch(domain):
        raise AddressRefusedError(
            f"{shown} is not an email address: after @ comes a domain such as example.com"
        )
    return address


def mailto_link(address: str, subject: str, body: str) -> str:
    """A ``mailto:`` link to one checked address, with its subject and body.

    Every character of the address but ``@`` is percent-encoded, as RFC 6068 asks of ``?``,
    ``&``, ``%`` and the like, so nothing in it can start a header or another recipient.
    """
    recipient = quote(check_email_address(address), safe="@")
    return f"mailto:{recipient}?{urlencode({'subject': subject, 'body': body}, quote_via=quote)}"


def _first_odd_character(address: str) -> tuple[int, str] | None:
    """The first character (position from 1) that no address holds outside quotes, if any."""
    for index, char in enumerate(address):
        if char.isspace() or not char.isprintable() or char in ',;:<>()[]"\\':
            return index + 1, char
    return None


def _quoted(text: str) -> str:
    """``text`` in quotes on one line, an invisible character written as its code."""
    return "'" + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + "'"


def _shown(char: str) -> str:
    """A character named so that an invisible one is seen too."""
    if char == " ":
        return "a space"
    if char.isprintable() and not char.isspace():
        return f"the '{char}'"
    return describe_character(char)
