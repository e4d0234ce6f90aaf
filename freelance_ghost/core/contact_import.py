"""Which address book card becomes which client and contact: the plan an import previews.

Pure: the records as they are and the cards in, one line per card out. A card joins the
contact that already has one of its email addresses; else the client our own export named
(X-FREELANCE-GHOST-CLIENT) or its ORG names; else a
new client: the organization of its ORG with the person as its contact, or, with no ORG,
the person as a client of their own. Only the addresses a contact lacks are added, so
importing the same file twice adds nothing the second time. A card whose addresses belong
to two different contacts is refused (VCardError at its line): joining it to either would
give one address to two people, or merge two clients' people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from freelance_ghost.core.kinds import ClientKind
from freelance_ghost.core.plurals import counted
from freelance_ghost.core.vcards import Card, VCardError


class Match(StrEnum):
    """Why a card went where it went, as the preview says it."""

    EMAIL = "same email"
    ORG = "same organization"
    NAME = "same name"
    NEW = "new client"


@dataclass(frozen=True)
class KnownContact:
    """A contact as the plan needs it: addresses lower-cased for matching."""

    id: int
    client_id: int
    name: str
    emails: frozenset[str]
    phones: frozenset[str]


@dataclass(frozen=True)
class KnownClient:
    """A client as the plan needs it."""

    id: int
    name: str


@dataclass(frozen=True)
class Directory:
    """The records' clients and contacts when the plan is made."""

    clients: tuple[KnownClient, ...]
    contacts: tuple[KnownContact, ...]


@dataclass(frozen=True)
class PlannedCard:
    """One card's place: its client and contact (an id when they exist, None when new) and
    the addresses it adds."""

    line: int
    card_name: str
    client_name: str
    client_id: int | None
    client_kind: ClientKind
    contact_name: str
    contact_id: int | None
    role: str
    match: Match
    emails: tuple[str, ...]
    phones: tuple[str, ...]

    def additions(self) -> str:
        """'1 email, 2 phones', or 'nothing new': what the card adds, as both previews say it."""
        parts = [
            counted(len(self.emails), "email", "emails") if self.emails else "",
            counted(len(self.phones), "phone", "phones") if self.phones else "",
        ]
        return ", ".join(part for part in parts if part) or "nothing new"


@dataclass(frozen=True)
class ImportPlan:
    """Every card's place, in file order."""

    cards: tuple[PlannedCard, ...]

    def summary(self) -> str:
        """'3 cards: 1 new client, 2 new contacts, 4 new addresses.'"""
        clients = {c.client_name.casefold() for c in self.cards if c.client_id is None}
        contacts = {
            (c.client_name.casefold(), c.contact_name.casefold())
            for c in self.cards
            if c.contact_id is None
        }
        addresses = sum(len(c.emails) + len(c.phones) for c in self.cards)
        return (
            f"{counted(len(self.cards), 'card', 'cards')}: "
            f"{counted(len(clients), 'new client', 'new clients')}, "
            f"{counted(len(contacts), 'new contact', 'new contacts')}, "
            f"{counted(addresses, 'new address', 'new addresses')}."
        )


@dataclass
class _Target:
    """A contact the plan fills, existing or planned, with the addresses it will have."""

    client_name: str
    client_id: int | None
    client_kind: ClientKind
    contact_name: str
    contact_id: int | None
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)


class _Planner:
    """Walks the cards in order; a later card can join what an earlier one planned."""

    def __init__(self, directory: Directory) -> None:
        self._clients = {c.name.casefold(): c for c in directory.clients}
        self._client_names = {c.id: c.name for c in directory.clients}
        self._by_email: dict[str, _Target] = {}
        self._by_name: dict[tuple[str, str], _Target] = {}
        self._new_clients: dict[str, ClientKind] = {}
        for known in directory.contacts:
            client_name = self._client_names[known.client_id]
            target = _Target(
                client_name, known.client_id, ClientKind.ORGANIZATION, known.name, known.id
            )
            target.emails, target.phones = set(known.emails), set(known.phones)
            self._by_name[(client_name.casefold(), known.name.casefold())] = target
            for email in known.emails:
                self._by_email.setdefault(email, target)

    def place(self, card: Card) -> PlannedCard:
        """The card's line of the plan; the targets remember what it adds."""
        target, match = self._target(card)
        emails = tuple(e for e in card.emails if e.lower() not in target.emails)
        phones = tuple(p for p in card.phones if p not in target.phones)
        target.emails.update(e.lower() for e in emails)
        target.phones.update(phones)
        for email in emails:
            self._by_email.setdefault(email.lower(), target)
        return PlannedCard(
            line=card.line,
            card_name=card.name,
            client_name=target.client_name,
            client_id=target.client_id,
            client_kind=target.client_kind,
            contact_name=target.contact_name,
            contact_id=target.contact_id,
            role=card.role,
            match=match,
            emails=emails,
            phones=phones,
        )

    def _target(self, card: Card) -> tuple[_Target, Match]:
        """The contact the card fills: by email, then by the client's name, else new."""
        found = self._email_targets(card)
        if len(found) > 1:
            raise VCardError(_split_card(card, found), card.line)
        if found:
            return found[0][1], Match.EMAIL
        client_name = card.client or card.organization or card.name
        existing = self._clients.get(client_name.casefold())
        if existing is not None:
            client_name = existing.name
        key = (client_name.casefold(), card.name.casefold())
        if key in self._by_name:
            return self._by_name[key], Match.NAME
        if existing is not None:
            match = Match.ORG if card.organization else Match.NAME
        else:
            match = Match.ORG if client_name.casefold() in self._new_clients else Match.NEW
        kind = self._new_clients.setdefault(
            client_name.casefold(),
            ClientKind.PERSON
            if not card.organization and not card.is_organization
            else ClientKind.ORGANIZATION,
        )
        target = _Target(
            client_name, existing.id if existing else None, kind, card.name, contact_id=None
        )
        self._by_name[key] = target
        return target, match

    def _email_targets(self, card: Card) -> list[tuple[str, _Target]]:
        """Every contact that already has one of the card's addresses, once each in the
        card's order, with the first of the card's addresses it has."""
        found: list[tuple[str, _Target]] = []
        for email in card.emails:
            target = self._by_email.get(email.lower())
            if target is not None and all(known is not target for _, known in found):
                found.append((email, target))
        return found


def _split_card(card: Card, found: list[tuple[str, _Target]]) -> str:
    """Why a card whose addresses belong to several contacts is refused, naming each."""
    owners = "; ".join(
        f"{email} is {target.contact_name}'s at {target.client_name}" for email, target in found
    )
    return (
        f"{card.name}'s email addresses belong to different contacts ({owners}): "
        "one card cannot join them; split the card or merge the contacts first"
    )


def plan_import(cards: Sequence[Card], directory: Directory) -> ImportPlan:
    """Where each card goes, in file order, given the records as they are; VCardError at the
    line of a card whose addresses belong to different contacts."""
    planner = _Planner(directory)
    return ImportPlan(tuple(planner.place(card) for card in cards))
