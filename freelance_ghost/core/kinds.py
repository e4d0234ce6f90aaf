"""The fixed vocabularies of the records: statuses, channels, directions."""

from enum import StrEnum


class ClientKind(StrEnum):
    """Whether the client is one person or an organization with several contacts."""

    PERSON = "person"
    ORGANIZATION = "organization"


class ClientStatus(StrEnum):
    """Where the relationship stands."""

    LEAD = "lead"
    ACTIVE = "active"
    PAUSED = "paused"
    GHOSTED = "ghosted"
    CLOSED = "closed"


class Channel(StrEnum):
    """How a contact can be reached; the order is the ladder's fallback order (rules.md §2)."""

    PHONE = "phone"
    EMAIL = "email"
    VIDEO = "video"
    SMS = "sms"
    SOCIAL = "social"
    IN_PERSON = "in_person"
    OTHER = "other"


class Direction(StrEnum):
    """``in``: they reached us; ``out``: we reached them."""

    IN = "in"
    OUT = "out"


class ProjectStatus(StrEnum):
    """A project's stage."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    DONE = "done"
    CANCELLED = "cancelled"


class EventKind(StrEnum):
    """The kinds of row in the client history CSV (docs/history-format.md)."""

    CLIENT = "client"
    CONTACT = "contact"
    PROJECT = "project"
    SCHEDULE = "schedule"
    INVOICE = "invoice"
    INTERACTION = "interaction"
    PAYMENT = "payment"
