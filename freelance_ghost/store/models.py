"""The app's records as Peewee models over one deferred SQLite database."""

from __future__ import annotations

from datetime import date, datetime

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    DateField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

from freelance_ghost.core.clock import (
    from_micros,
    stored_date,
    supported_date,
    supported_instant,
    to_micros,
)
from freelance_ghost.core.money import Money

# Deferred: nothing is opened at import; store.database.open_database() initialises it.
# Write transactions begin IMMEDIATE so a writer never fails half-way on a lock upgrade.
database = SqliteDatabase(None, lock_type="IMMEDIATE")
CHUNK = 400  # ids or rows per statement: well inside SQLite's limit on bound variables


class InstantField(BigIntegerField):
    """A timezone-aware instant stored as UTC microseconds since the epoch (exact, sortable).

    Only instants inside the supported years are written (UnsupportedTimeError otherwise),
    as a history file's are; one stored outside them reads as their nearest edge.
    """

    def db_value(self, value: datetime | None) -> int | None:
        return None if value is None else to_micros(supported_instant(value))

    def python_value(self, value: int | None) -> datetime | None:
        return None if value is None else from_micros(value)


class CalendarDateField(DateField):
    """A calendar date stored as ``YYYY-MM-DD``, inside the supported years like an instant."""

    def db_value(self, value: date | str | None) -> date | str | None:
        if isinstance(value, date):
            supported_date(value)
        # peewee's stubs leave Field.db_value unannotated; through super() mypy cannot be told
        # to trust it. It returns the date given, a text date parsed into one.
        stored: date | str | None = super().db_value(value)  # type: ignore[no-untyped-call]
        return stored

    def python_value(self, value: str | date | None) -> date | None:
        return stored_date(value) if isinstance(value, str) else value


class BaseModel(Model):
    """Binds every record to the one database.

    Records spell out their ``id = AutoField()``, which peewee would add by itself, and
    annotate the ``<name>_id`` column each foreign key adds, so the type checker knows both.
    """

    class Meta:
        database = database
        legacy_table_names = False


class Client(BaseModel):
    """Someone the freelancer works for, or hopes to."""

    id = AutoField()
    name = TextField()
    name_key = TextField(unique=True)  # casefolded name: names are unique case-insensitively
    kind = TextField()
    status = TextField()
    notes = TextField(default="")
    created_at = InstantField()
    archived_at = InstantField(null=True)
    min_silence_hours = IntegerField(null=True)  # this client's own minimum silence, if set
    silence_multiplier = FloatField(null=True)  # this client's own multiplier, if set


class Contact(BaseModel):
    """A person at a client."""

    id = AutoField()
    client = ForeignKeyField(Client, backref="contacts", on_delete="CASCADE")
    client_id: int
    name = TextField()
    name_key = TextField()
    role = TextField(default="")
    notes = TextField(default="")
    created_at = InstantField()

    class Meta:
        indexes = ((("client", "name_key"), True),)


class ContactMethod(BaseModel):
    """One way to reach a contact: a channel and its address."""

    id = AutoField()
    contact = ForeignKeyField(Contact, backref="methods", on_delete="CASCADE")
    contact_id: int
    channel = TextField()
    address = TextField(default="")
    created_at = InstantField()

    class Meta:
        indexes = ((("contact", "channel", "address"), True),)


class Project(BaseModel):
    """A piece of work for a client; its status and deadline are those of its latest change."""

    id = AutoField()
    client = ForeignKeyField(Client, backref="projects", on_delete="CASCADE")
    client_id: int
    name = TextField()
    name_key = TextField()
    status = TextField()
    deadline = CalendarDateField(null=True)
    created_at = InstantField()

    class Meta:
        indexes = ((("client", "name_key"), True),)


class ProjectChange(BaseModel):
    """A project created or changed at a moment: the project rows of the history."""

    id = AutoField()
    project = ForeignKeyField(Project, backref="changes", on_delete="CASCADE")
    project_id: int
    changed_at = InstantField()
    status = TextField()
    deadline = CalendarDateField(null=True)
    summary = TextField(default="")


class Interaction(BaseModel):
    """One touch point; with a next step and a due date it is also a commitment."""

    id = AutoField()
    client = ForeignKeyField(Client, backref="interactions", on_delete="CASCADE")
    client_id: int
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    contact_id: int | None
    project = ForeignKeyField(Project, null=True, on_delete="SET NULL")
    project_id: int | None
    direction = TextField()
    channel = TextField()
    occurred_at = InstantField()
    summary = TextField(default="")
    next_step = TextField(default="")
    next_step_due = CalendarDateField(null=True)

    class Meta:
        indexes = ((("client", "occurred_at"), False),)


class Invoice(BaseModel):
    """Money asked for; deleting its client is refused while it exists."""

    id = AutoField()
    client = ForeignKeyField(Client, backref="invoices", on_delete="RESTRICT")
    client_id: int
    project = ForeignKeyField(Project, null=True, on_delete="RESTRICT")
    project_id: int | None
    number = TextField()
    amount_minor = IntegerField()
    currency = TextField()
    issued_at = InstantField()
    due_on = CalendarDateField()

    class Meta:
        indexes = ((("client", "number"), True),)

    @property
    def amount(self) -> Money:
        """The invoiced amount, exactly."""
        return Money(self.amount_minor, self.currency)


class Payment(BaseModel):
    """Money received against an invoice, possibly one part of several."""

    id = AutoField()
    invoice = ForeignKeyField(Invoice, backref="payments", on_delete="CASCADE")
    invoice_id: int
    amount_minor = IntegerField()
    received_at = InstantField()


class CheckinSchedule(BaseModel):
    """A check-in cadence set from a moment on; the latest one for a client is in force."""

    id = AutoField()
    client = ForeignKeyField(Client, backref="schedules", on_delete="CASCADE")
    client_id: int
    cadence_days = IntegerField()
    channel = TextField(null=True)
    set_at = InstantField()


class Setting(BaseModel):
    """One user setting as text; store.settings gives each its type and default."""

    key = TextField(primary_key=True)
    value = TextField()


class SentMessage(BaseModel):
    """A message you sent, with what became of it, for the Insights page.

    Written only by store.sent_messages, for every client whose interactions are written.
    """

    client = ForeignKeyField(Client, on_delete="CASCADE", index=True)
    sent_at = BigIntegerField()
    channel = TextField()
    reply_delay = BigIntegerField(null=True)  # microseconds until the reply, if answered
    attempt = IntegerField()  # its place among the messages sent since the client last wrote
    last = BooleanField()  # the client's latest interaction: a silence still open
    run_start = BigIntegerField()  # the first of those messages: when the silence began
    # Local weekday (Monday 0) and hour in the zone store.insights last used; empty until then.
    weekday = IntegerField(null=True)
    hour = IntegerField(null=True)


class SentMessageStale(BaseModel):
    """A client whose sent messages an import left to be recomputed before the next Insights.

    Written only by store.sent_messages.
    """

    client = ForeignKeyField(Client, on_delete="CASCADE", primary_key=True)


class Conversation(BaseModel):
    """A client's conversation summarised for the engine; triggers drop it on any change.

    Written only by store.conversation; a missing row is recomputed from the interactions.
    """

    client = ForeignKeyField(Client, primary_key=True, on_delete="CASCADE")
    client_id: int
    last_in = BigIntegerField(null=True)
    last_in_channel = TextField(null=True)
    last_in_contact_id = IntegerField(null=True)
    last_out = BigIntegerField(null=True)
    last_out_channel = TextField(null=True)
    last_any = BigIntegerField(null=True)
    attempts = IntegerField()
    first_attempt = BigIntegerField(null=True)
    unanswered_channels = TextField()  # comma-separated
    reply_delays = TextField()  # microseconds, oldest first, comma-separated
    commitments = TextField()  # JSON: [[next step, due, contact id], ...]
    first_due = CalendarDateField(null=True)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Client,
    Contact,
    ContactMethod,
    Project,
    ProjectChange,
    Interaction,
    Invoice,
    Payment,
    CheckinSchedule,
    Setting,
    Conversation,
    SentMessage,
    SentMessageStale,
)


def model_columns() -> dict[str, list[str]]:
    """Table name to column names, as the models declare them (tests compare with migrations)."""
    return {
        model._meta.table_name: [field.column_name for field in model._meta.sorted_fields]
        for model in ALL_MODELS
    }
