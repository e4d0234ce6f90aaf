"""The records mail reading keeps: accounts, where each folder's reading got to, which messages
were read, which interactions came from mail, and the few facts kept of people who are no
client's contact. No password and no message text other than a known contact's subject."""

from __future__ import annotations

from peewee import AutoField, ForeignKeyField, IntegerField, Model, TextField

from freelance_ghost.store.models import BaseModel, InstantField, Interaction


class MailAccount(BaseModel):
    """A read-only IMAP account; own addresses and folders one per line (empty: the login,
    and INBOX with the Sent folder)."""

    id = AutoField()
    name = TextField(unique=True)
    host = TextField()
    port = IntegerField()
    security = TextField()  # "ssl" (implicit TLS) or "starttls"
    username = TextField()
    own_addresses = TextField(default="")
    folders = TextField(default="")
    cafile = TextField(default="")
    created_at = InstantField()


class MailFolder(BaseModel):
    """How far one folder of one account has been read: its UIDVALIDITY and the last UID."""

    id = AutoField()
    account = ForeignKeyField(MailAccount, on_delete="CASCADE")
    account_id: int
    name = TextField()
    uidvalidity = IntegerField()
    last_uid = IntegerField()

    class Meta:
        indexes = ((("account", "name"), True),)


class MailSeen(BaseModel):
    """A message read once (its key), known or not, so it is never logged or counted twice."""

    message_key = TextField(primary_key=True)


class MailInteraction(BaseModel):
    """An interaction that came from mail, the message it came from and where it was read."""

    interaction = ForeignKeyField(Interaction, primary_key=True, on_delete="CASCADE")
    interaction_id: int
    message_key = TextField()
    source = TextField()  # the account's name, or "file" for mail files


class MailStranger(BaseModel):
    """Someone the user writes with who is no client's contact: address, name and a count."""

    address = TextField(primary_key=True)
    name = TextField(default="")
    messages = IntegerField(default=0)
    last_at = InstantField()


MAIL_MODELS: tuple[type[Model], ...] = (
    MailAccount,
    MailFolder,
    MailSeen,
    MailInteraction,
    MailStranger,
)


def mail_model_columns() -> dict[str, list[str]]:
    """Table name to column names, as these models declare them (tests compare with migrations)."""
    return {
        model._meta.table_name: [field.column_name for field in model._meta.sorted_fields]
        for model in MAIL_MODELS
    }
