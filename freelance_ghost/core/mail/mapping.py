"""A read message as interactions: which clients it touches, which way, and who is nobody's.

The rules of the mail mapping (docs/mail.md): a message whose From is one of the user's own
addresses went out, any other came in; the people on the other side are From for a message
that came in, To and Cc for one that went out. Every client with a contact at one of those
addresses gets one interaction (its first such contact), on the email channel, at the
message's date, with the subject as summary. Bulk mail touches nobody.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from freelance_ghost.core.addresses import AddressRefusedError, check_email_address
from freelance_ghost.core.kinds import Channel, Direction
from freelance_ghost.core.mail.message import Address, MailMessage

CHANNEL = Channel.EMAIL  # every interaction from mail is an email


@dataclass(frozen=True)
class Known:
    """A contact with an email address: the client it belongs to and the contact itself."""

    client_id: int
    contact_id: int


@dataclass(frozen=True)
class MailTouch:
    """One interaction a message makes for one client."""

    client_id: int
    contact_id: int
    direction: Direction
    occurred_at: datetime
    summary: str


def touches(
    message: MailMessage, own: frozenset[str], known: Mapping[str, Sequence[Known]]
) -> tuple[list[MailTouch], list[Address]]:
    """The interactions ``message`` makes, and the counterparts who are nobody's contact.

    ``own`` holds the user's addresses and ``known`` every contact's, both lower-cased.
    Bulk mail gives neither: a newsletter is no conversation, and its senders are not
    people the user writes with.
    """
    if message.bulk:
        return [], []
    direction = direction_of(message, own)
    made: dict[int, MailTouch] = {}
    strangers: dict[str, Address] = {}
    for counterpart in counterparts(message, direction, own):
        contacts = known.get(counterpart.address, ())
        if not contacts and _addable(counterpart.address):
            strangers.setdefault(counterpart.address, counterpart)
        for contact in contacts:
            if contact.client_id not in made:
                made[contact.client_id] = MailTouch(
                    contact.client_id,
                    contact.contact_id,
                    direction,
                    message.sent_at,
                    message.subject,
                )
    return list(made.values()), list(strangers.values())


def _addable(address: str) -> bool:
    """Whether a stranger's address could become a lead's contact method: only those are
    counted, so "Add as lead" never meets an address the records refuse."""
    try:
        check_email_address(address)
    except AddressRefusedError:
        return False
    return True


def direction_of(message: MailMessage, own: frozenset[str]) -> Direction:
    """``out`` when the user sent it (From is one of their addresses), else ``in``."""
    if message.sender is not None and message.sender.address in own:
        return Direction.OUT
    return Direction.IN


def counterparts(message: MailMessage, direction: Direction, own: frozenset[str]) -> list[Address]:
    """The people on the other side: From for a message that came in, To and Cc for one
    that went out; the user's own addresses (a copy to oneself) are never one."""
    if direction is Direction.IN:
        people: Sequence[Address] = () if message.sender is None else (message.sender,)
    else:
        people = message.recipients
    return [person for person in people if person.address not in own]


def own_addresses(login: str, others: Iterable[str]) -> frozenset[str]:
    """The user's own addresses, lower-cased: an account's login when it is an address (it
    often is: imap logins are usually the mailbox address), and every address they name."""
    candidates = [login, *others]
    return frozenset(
        address.strip().lower() for address in candidates if "@" in address and address.strip()
    )
