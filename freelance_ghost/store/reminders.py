"""What was notified and what is snoozed, so reminders never nag (their settings: settings.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from peewee import ForeignKeyField, TextField, chunked

from freelance_ghost.store.models import CHUNK, BaseModel, Client, InstantField, database
from freelance_ghost.store.settings import CHECK_UNSHOWN_SINCE, forget, load, save


class NotifiedItem(BaseModel):
    """An attention item as it was when last notified; a new fingerprint means it changed."""

    key = TextField(primary_key=True)
    client = ForeignKeyField(Client, on_delete="CASCADE")
    client_id: int  # the column the foreign key adds (see models.BaseModel)
    fingerprint = TextField()
    notified_at = InstantField()


class Snooze(BaseModel):
    """An item the user put off: it is not notified before ``until``."""

    key = TextField(primary_key=True)
    client = ForeignKeyField(Client, on_delete="CASCADE")
    client_id: int  # the column the foreign key adds (see models.BaseModel)
    until = InstantField()


REMINDER_MODELS: tuple[type[BaseModel], ...] = (NotifiedItem, Snooze)


def reminder_model_columns() -> dict[str, list[str]]:
    """Table name to column names, as these models declare them (tests compare with migrations)."""
    return {
        model._meta.table_name: [field.column_name for field in model._meta.sorted_fields]
        for model in REMINDER_MODELS
    }


@dataclass(frozen=True)
class Notified:
    """One item to record as notified: its key, its client and its fingerprint."""

    key: str
    client_id: int
    fingerprint: str


@dataclass(frozen=True)
class RecordEntry:
    """What the record held for a key before a check overwrote it, so it can be put back."""

    key: str
    client_id: int
    fingerprint: str
    notified_at: datetime


def note_check_unshown(now: datetime) -> bool:
    """Remembers that a check could show nothing; True if the previous check showed something.

    The flag is set and read in one write transaction, so two checks at once say it once.
    """
    with database.atomic():
        if load(CHECK_UNSHOWN_SINCE) is not None:
            return False
        save([(CHECK_UNSHOWN_SINCE, now)])
    return True


def note_check_shown() -> None:
    """A check showed something: the next one that cannot is news again."""
    forget([CHECK_UNSHOWN_SINCE])


def notified_record() -> dict[str, RecordEntry]:
    """Every item notified so far, by key."""
    return {
        row.key: RecordEntry(row.key, row.client_id, row.fingerprint, row.notified_at)
        for row in NotifiedItem.select()
    }


def active_snoozes(now: datetime) -> dict[str, datetime]:
    """Keys snoozed beyond ``now``, with when each snooze ends."""
    return {row.key: row.until for row in Snooze.select().where(Snooze.until > now)}


def record_notified(items: Iterable[Notified], now: datetime) -> None:
    """Marks these items as notified at ``now`` in their current state."""
    rows = [
        {
            "key": item.key,
            "client": item.client_id,
            "fingerprint": item.fingerprint,
            "notified_at": now,
        }
        for item in items
    ]
    with database.atomic():
        for chunk in chunked(rows, CHUNK):
            NotifiedItem.replace_many(chunk).execute()


def restore_record(keys: Iterable[str], previous: Mapping[str, RecordEntry]) -> None:
    """Puts back what the record held for ``keys`` (forgets those it did not hold)."""
    keys = list(keys)
    with database.atomic():
        forget_notified(key for key in keys if key not in previous)
        for key in keys:
            if key in previous:
                entry = previous[key]
                NotifiedItem.replace(
                    key=key,
                    client=entry.client_id,
                    fingerprint=entry.fingerprint,
                    notified_at=entry.notified_at,
                ).execute()


def forget_notified(keys: Iterable[str]) -> None:
    """Drops these keys from the record, so each is notified afresh when it next comes due."""
    keys = list(keys)
    with database.atomic():
        for chunk in chunked(keys, CHUNK):
            NotifiedItem.delete().where(NotifiedItem.key.in_(chunk)).execute()


def set_snooze(key: str, client_id: int, until: datetime) -> None:
    """Holds the item until ``until``; it is notified again then, even if it did not change."""
    with database.atomic():
        Snooze.replace(key=key, client=client_id, until=until).execute()
        forget_notified([key])


def drop_snooze(key: str) -> None:
    """Ends a snooze now."""
    Snooze.delete().where(Snooze.key == key).execute()


def drop_expired_snoozes(now: datetime) -> None:
    """Removes snoozes that have ended by ``now``."""
    Snooze.delete().where(Snooze.until <= now).execute()
