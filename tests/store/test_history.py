"""Import and export of client history: all or nothing, idempotent, and a stable round trip."""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from freelance_ghost.core.history.format import HEADER_LINE, HistoryEvent, HistoryFormatError
from freelance_ghost.core.history.reading import parse_history
from freelance_ghost.core.history.rows import write_history
from freelance_ghost.core.kinds import (
    Channel,
    ClientKind,
    ClientStatus,
    Direction,
    EventKind,
    ProjectStatus,
)
from freelance_ghost.store.clients import ClientHasInvoicesError, create_client, delete_client
from freelance_ghost.store.conversation import refresh_conversations
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.history import import_history
from freelance_ghost.store.history_export import export_history
from freelance_ghost.store.models import (
    Client,
    Contact,
    Conversation,
    Interaction,
    Invoice,
    Payment,
    database,
)
from tests.conftest import BERLIN, NOW

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def sample_history() -> list[HistoryEvent]:
    """A small history that uses every event kind."""
    return [
        HistoryEvent(EventKind.CLIENT, "Globex", at(0), status="active", summary="Met at a fair"),
        HistoryEvent(
            EventKind.CONTACT,
            "Globex",
            at(1),
            contact="Hank",
            channel=Channel.EMAIL,
            address="hank@globex.example",
            summary="CEO",
        ),
        HistoryEvent(
            EventKind.CONTACT,
            "Globex",
            at(1),
            contact="Hank",
            channel=Channel.PHONE,
            address="+1 555 0100",
            summary="CEO",
        ),
        HistoryEvent(EventKind.CONTACT, "Globex", at(2), contact="Marge", summary="Accounts"),
        HistoryEvent(
            EventKind.PROJECT,
            "Globex",
            at(3),
            project="Website",
            status="proposed",
            due_date=date(2026, 3, 1),
            summary="Proposal sent",
        ),
        HistoryEvent(
            EventKind.INTERACTION,
            "Globex",
            at(3),
            contact="Hank",
            direction=Direction.OUT,
            channel=Channel.EMAIL,
            summary="Sent the proposal",
            next_step="Hank decides",
            next_step_due=date(2026, 1, 12),
            project="Website",
        ),
        HistoryEvent(
            EventKind.INTERACTION,
            "Globex",
            at(30),
            contact="Hank",
            direction=Direction.IN,
            channel=Channel.PHONE,
            summary="Yes, go ahead",
        ),
        HistoryEvent(
            EventKind.PROJECT,
            "Globex",
            at(31),
            project="Website",
            status="active",
            due_date=date(2026, 3, 1),
        ),
        HistoryEvent(EventKind.SCHEDULE, "Globex", at(32), cadence_days=14, channel=Channel.EMAIL),
        HistoryEvent(
            EventKind.INVOICE,
            "Globex",
            at(40),
            invoice="2026-001",
            amount=Decimal("1250.00"),
            currency="EUR",
            due_date=date(2026, 2, 5),
            project="Website",
        ),
        HistoryEvent(
            EventKind.PAYMENT,
            "Globex",
            at(500),
            invoice="2026-001",
            amount=Decimal("1000.00"),
            currency="EUR",
        ),
        HistoryEvent(
            EventKind.INVOICE,
            "Kaiju KK",
            at(41),
            invoice="K-1",
            amount=Decimal("150000"),
            currency="JPY",
            due_date=date(2026, 2, 5),
        ),
    ]


def csv_text(events: list[HistoryEvent]) -> str:
    out = io.StringIO(newline="")
    write_history(events, out, BERLIN)
    return out.getvalue()


def imported_then_exported(folder: Path, text: str) -> str:
    """``text`` imported into new records in ``folder``, and those records exported."""
    open_database(folder, NOW)
    try:
        import_history(parse_history(text, BERLIN))
        return exported()
    finally:
        close_database()


def exported() -> str:
    return csv_text(export_history())


def test_import_stores_every_kind_of_event(db: Path) -> None:
    report = import_history(sample_history())
    assert (report.rows, report.added, report.clients_created) == (12, 12, 2)
    globex = Client.get(Client.name_key == "globex")
    assert globex.status == ClientStatus.ACTIVE
    assert globex.notes == "Met at a fair"
    assert {c.name: c.role for c in Contact.select()} == {"Hank": "CEO", "Marge": "Accounts"}
    assert [m.channel for m in Contact.get(Contact.name == "Hank").methods] == ["email", "phone"]
    project = globex.projects.get()
    assert (project.status, project.deadline) == (ProjectStatus.ACTIVE, date(2026, 3, 1))
    invoice = Invoice.get(Invoice.number == "2026-001")
    assert invoice.amount_minor == 125000
    assert sum(p.amount_minor for p in invoice.payments) == 100000
    assert Invoice.get(Invoice.number == "K-1").amount_minor == 150000  # JPY has no decimals
    step = Interaction.get(Interaction.next_step != "")
    assert step.next_step_due == date(2026, 1, 12)
    assert step.occurred_at == at(3)


def test_importing_the_same_history_twice_adds_nothing(db: Path) -> None:
    import_history(sample_history())
    first = exported()
    report = import_history(sample_history())
    assert report.added == 0
    assert report.already_present == 12
    assert exported() == first


def test_export_is_in_time_order(db: Path) -> None:
    import_history(sample_history())
    stamps = [event.timestamp for event in export_history()]
    assert stamps == sorted(stamps)


def test_export_of_one_client(db: Path) -> None:
    import_history(sample_history())
    assert {event.client for event in export_history("kaiju kk")} == {"Kaiju KK"}
    with pytest.raises(LookupError, match="no client named 'Nobody'"):
        export_history("Nobody")


def test_a_bad_row_late_in_the_file_writes_nothing(db: Path) -> None:
    bad = HistoryEvent(
        EventKind.PAYMENT, "Globex", at(600), invoice="NOPE", amount=Decimal("1.00"), line=99
    )
    with pytest.raises(HistoryFormatError, match="has no invoice NOPE") as caught:
        import_history([*sample_history(), bad])
    assert (caught.value.line, caught.value.column) == (99, "invoice")
    assert Client.select().count() == 0
    assert Interaction.select().count() == 0


def test_a_payment_larger_than_what_is_owed_is_refused(db: Path) -> None:
    too_much = HistoryEvent(
        EventKind.PAYMENT, "Globex", at(600), invoice="2026-001", amount=Decimal("250.01"), line=14
    )
    with pytest.raises(HistoryFormatError, match=r"more than the 250\.00 EUR still owed"):
        import_history([*sample_history(), too_much])
    assert Payment.select().count() == 0


def globex_invoicing(
    kind: EventKind, invoice: str, amount: str, currency: str = "EUR", **fields: Any
) -> HistoryEvent:
    """An invoice or payment of Globex's, after the sample history."""
    return HistoryEvent(
        kind,
        "Globex",
        at(600),
        invoice=invoice,
        amount=Decimal(amount),
        currency=currency,
        **fields,
    )


def test_an_invoice_due_before_its_issue_still_imports(db: Path) -> None:
    """Only a dialog refuses such a due date: older versions recorded these invoices, and
    their exports must keep importing."""
    early = globex_invoicing(
        EventKind.INVOICE, "2026-009", "10.00", due_date=at(600).date() - timedelta(days=3)
    )
    import_history([*sample_history(), early])
    assert Invoice.get(Invoice.number == "2026-009").due_on == early.due_date


def test_a_payment_in_another_currency_is_refused(db: Path) -> None:
    wrong = globex_invoicing(EventKind.PAYMENT, "2026-001", "5", currency="USD", line=14)
    with pytest.raises(HistoryFormatError, match="in EUR, not USD") as caught:
        import_history([*sample_history(), wrong])
    assert caught.value.column == "currency"
    assert Payment.select().count() == 0


def test_an_invoice_number_reused_with_other_details_is_refused(db: Path) -> None:
    reused = HistoryEvent(
        EventKind.INVOICE,
        "Globex",
        at(700),
        invoice="2026-001",
        amount=Decimal("99.00"),
        currency="EUR",
        due_date=date(2026, 4, 1),
        line=20,
    )
    with pytest.raises(HistoryFormatError, match="already exists with other details"):
        import_history([*sample_history(), reused])
    assert Invoice.select().count() == 0


def test_identical_events_in_one_file_are_both_kept(db: Path) -> None:
    call = HistoryEvent(
        EventKind.INTERACTION,
        "Globex",
        at(5),
        direction=Direction.OUT,
        channel=Channel.PHONE,
        summary="Left a voicemail",
    )
    import_history([call, call])
    assert Interaction.select().count() == 2
    import_history([call, call])
    assert Interaction.select().count() == 2
    import_history([call, call, call])
    assert Interaction.select().count() == 3


def test_client_names_are_unique_whatever_the_case(db: Path) -> None:
    import_history(
        [
            HistoryEvent(EventKind.CLIENT, "Globex", at(0)),
            HistoryEvent(
                EventKind.INTERACTION,
                "GLOBEX",
                at(1),
                direction=Direction.IN,
                channel=Channel.EMAIL,
            ),
        ]
    )
    assert Client.select().count() == 1


def test_a_name_typed_in_the_window_and_in_a_file_is_the_same_record(db: Path) -> None:
    # Café typed in a form; in a file as e and a combining accent, and with a no-break space.
    create_client("Café", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, at(0))
    text = "\r\n".join(
        [
            HEADER_LINE,
            "Cafe\u0301,2026-01-05T11:00:00+01:00,contact,Zoe\u0308,,,,,,,,,,,,,",
            "CAFÉ,2026-01-05T12:00:00+01:00,interaction,Zoë,in,email,,Hi,,,,,,,,,",
            "Café,2026-01-05T13:00:00+01:00,interaction,Zoë\xa0,out,email,,Hello,,,,,,,,,",
        ]
    )
    report = import_history(parse_history(text, BERLIN))
    assert report.clients_created == 0
    assert [(c.name, c.contacts.count()) for c in Client.select()] == [("Café", 1)]
    assert Contact.get().name == "Zoë"
    assert Interaction.select().where(Interaction.contact.is_null(False)).count() == 2


def test_deleting_a_client_never_deletes_its_invoices(db: Path) -> None:
    import_history(sample_history())
    globex = Client.get(Client.name_key == "globex")
    with pytest.raises(ClientHasInvoicesError, match="Globex has 1 invoice; archive"):
        delete_client(globex.id)
    assert Invoice.select().count() == 2
    assert Interaction.select().where(Interaction.client == globex).count() == 2


def test_deleting_a_client_without_invoices_removes_its_conversations(db: Path) -> None:
    import_history(
        [
            HistoryEvent(
                EventKind.INTERACTION,
                "Initech",
                at(1),
                contact="Bill",
                direction=Direction.OUT,
                channel=Channel.EMAIL,
            ),
        ]
    )
    delete_client(Client.get().id)
    assert (Client.select().count(), Contact.select().count(), Interaction.select().count()) == (
        0,
        0,
        0,
    )


def test_a_client_begins_at_its_earliest_row_whichever_import_brings_it(db: Path) -> None:
    talk = HistoryEvent(
        EventKind.INTERACTION, "Globex", at(5), direction=Direction.OUT, channel=Channel.EMAIL
    )
    import_history([talk, HistoryEvent(EventKind.CLIENT, "Globex", at(2), status="lead")])
    assert (Client.get().created_at, Client.get().status) == (at(2), ClientStatus.LEAD)
    import_history([HistoryEvent(EventKind.CLIENT, "GLOBEX", at(-3))])
    assert (Client.get().created_at, Client.get().status) == (at(-3), ClientStatus.LEAD)


def test_a_longer_history_adds_only_its_new_rows(data_dir: Path) -> None:
    history = sample_history()
    with tempfile.TemporaryDirectory() as fresh:
        open_database(Path(fresh), NOW)
        import_history(history)
        whole = exported()
        close_database()
    open_database(data_dir, NOW)
    import_history(history[:7])
    report = import_history(history)
    assert (report.added, report.clients_created) == (len(history) - 7, 1)
    assert exported() == whole


def _settings() -> tuple[object, ...]:
    """The connection settings an import changes while it runs."""
    return tuple(
        database.execute_sql(f"PRAGMA {name}").fetchone()[0]
        for name in ("cache_size", "foreign_keys")
    )


def test_an_import_gives_back_the_settings_it_borrows(db: Path) -> None:
    before = _settings()
    assert before[1] == 1  # foreign keys are checked
    during: list[tuple[object, ...]] = []
    import_history(sample_history(), progress=lambda rows, last: during.append(_settings()))
    assert during == [(-256 * 1024, 0)]  # a roomy cache, and no checks while it runs
    assert _settings() == before
    with pytest.raises(HistoryFormatError):
        import_history([HistoryEvent(EventKind.PAYMENT, "Globex", at(1), invoice="NOPE")])
    assert _settings() == before


def test_an_import_leaves_every_reference_sound(db: Path) -> None:
    import_history(sample_history())
    import_history([*sample_history(), HistoryEvent(EventKind.CONTACT, "Globex", at(9), "Bo")])
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert Contact.select().where(Contact.name == "Bo").count() == 1


# ---- the round trip, over random histories with awkward text ---------------------------------

AWKWARD = st.lists(
    st.one_of(
        st.sampled_from(['"', ",", "\n", "\r\n", "\r", "=", "+", "-", "@", "\t", "'", " "]),
        st.sampled_from(["Zoë", "Ñandú", "東京", "Москва", "مرحبا", "👻", "🧾", "ß"]),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    max_size=8,
).map("".join)
# Names are as awkward as a name may be: no control, format or line-separator character.
NAME_TEXT = st.lists(
    st.one_of(
        st.sampled_from(['"', ",", "=", "+", "-", "@", "'", " ", "\xa0", "e\u0301"]),
        st.sampled_from(["Zoë", "Ñandú", "東京", "Москва", "مرحبا", "👻", "🧾", "ß"]),
        st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")),
    ),
    max_size=8,
).map("".join)
NAMES = st.builds(lambda text, n: f"{text.strip()} #{n}", NAME_TEXT, st.integers(0, 3))
EMAILS = st.sampled_from(["ann@example.com", "o'brien+quotes@mail.example.ie", "zoë@müller.de"])
INSTANTS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def histories(draw: st.DrawFn) -> list[HistoryEvent]:
    """A random valid history: clients, contacts, projects, schedules, talk, invoices, payments."""
    events: list[HistoryEvent] = []
    for _ in range(draw(st.integers(1, 8))):
        client = draw(NAMES)
        when = draw(INSTANTS)
        kind = draw(st.sampled_from(list(EventKind)))
        if kind is EventKind.CLIENT:
            events.append(
                HistoryEvent(
                    kind,
                    client,
                    when,
                    status=draw(st.sampled_from(list(ClientStatus))).value,
                    summary=draw(AWKWARD),
                )
            )
        elif kind is EventKind.CONTACT:
            channel = draw(st.none() | st.sampled_from(list(Channel)))
            events.append(
                HistoryEvent(
                    kind,
                    client,
                    when,
                    contact=draw(NAMES),
                    channel=channel,
                    address=draw(EMAILS if channel is Channel.EMAIL else AWKWARD).strip()
                    if channel
                    else "",
                    summary=draw(AWKWARD),
                )
            )
        elif kind is EventKind.PROJECT:
            events.append(
                HistoryEvent(
                    kind,
                    client,
                    when,
                    project=draw(NAMES),
                    status=draw(st.sampled_from(list(ProjectStatus))).value,
                    due_date=draw(st.none() | DATES),
                    summary=draw(AWKWARD),
                )
            )
        elif kind is EventKind.SCHEDULE:
            events.append(
                HistoryEvent(
                    kind,
                    client,
                    when,
                    cadence_days=draw(st.integers(0, 90)),
                    channel=draw(st.none() | st.sampled_from(list(Channel))),
                )
            )
        elif kind is EventKind.INTERACTION:
            step = draw(AWKWARD)
            events.append(
                HistoryEvent(
                    kind,
                    client,
                    when,
                    contact=draw(st.just("") | NAMES),
                    direction=draw(st.sampled_from(list(Direction))),
                    channel=draw(st.sampled_from(list(Channel))),
                    summary=draw(AWKWARD),
                    next_step=step,
                    next_step_due=draw(st.none() | DATES) if step.strip() else None,
                    project=draw(st.just("") | NAMES),
                )
            )
        else:
            currency = draw(st.sampled_from(["EUR", "JPY", "KWD"]))
            scale = {"EUR": 2, "JPY": 0, "KWD": 3}[currency]
            minor = draw(st.integers(2, 10**9))
            number = draw(NAMES)
            events.append(
                HistoryEvent(
                    EventKind.INVOICE,
                    client,
                    when,
                    invoice=number,
                    amount=Decimal(minor).scaleb(-scale),
                    currency=currency,
                    due_date=draw(DATES),
                    project=draw(st.just("") | NAMES),
                )
            )
            if kind is EventKind.PAYMENT:
                paid = draw(st.integers(1, minor))
                events.append(
                    HistoryEvent(
                        EventKind.PAYMENT,
                        client,
                        when + timedelta(days=3),
                        invoice=number,
                        amount=Decimal(paid).scaleb(-scale),
                        currency=currency,
                    )
                )
    return events


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_export_import_export_gives_the_same_file(history: list[HistoryEvent]) -> None:
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        try:
            export_1 = imported_then_exported(Path(first), csv_text(history))
        except HistoryFormatError:
            reject()  # e.g. the same invoice number drawn twice with other details
        export_2 = imported_then_exported(Path(second), export_1)

    assert export_2 == export_1
    kept = {(e.summary, e.next_step) for e in parse_history(export_1, BERLIN)}
    for event in history:  # every interaction's awkward text survived exactly
        if event.event is EventKind.INTERACTION:
            assert (event.summary, event.next_step) in kept


def _schema() -> set[tuple[str, str, str]]:
    return set(database.execute_sql("SELECT type, name, sql FROM sqlite_schema").fetchall())


def test_a_bulk_import_leaves_the_schema_and_summaries_as_they_should_be(db: Path) -> None:
    before = _schema()
    import_history(sample_history())
    assert _schema() == before  # the dropped trigger and indexes are back, as they were
    imported = _summaries()
    refresh_conversations(client.id for client in Client.select())
    assert imported == _summaries() != []


def _summaries() -> list[tuple[object, ...]]:
    return database.execute_sql("SELECT * FROM conversation ORDER BY client_id").fetchall()


def test_a_cancelled_bulk_import_keeps_the_trigger_that_marks_summaries_stale(db: Path) -> None:
    import_history(sample_history()[:8])
    before = _schema()

    class CancelledError(Exception):
        """What the window's Cancel raises from the progress callback."""

    def cancel(rows: int, last: bool) -> None:
        raise CancelledError

    with pytest.raises(CancelledError):
        import_history(sample_history(), progress=cancel)
    assert _schema() == before
    client = Client.get()
    assert Conversation.select().where(Conversation.client == client).exists()
    Interaction.create(client=client, direction="in", channel="email", occurred_at=NOW)
    assert not Conversation.select().where(Conversation.client == client).exists()


def test_a_cancelled_first_import_keeps_the_interaction_indexes(db: Path) -> None:
    before = _schema()

    def cancel(rows: int, last: bool) -> None:
        raise HistoryFormatError("cancelled")

    with pytest.raises(HistoryFormatError):
        import_history(sample_history(), progress=cancel)
    assert _schema() == before
    assert not Client.select().exists()


def test_a_project_mentioned_earlier_later_in_the_file_exports_to_a_fixed_point() -> None:
    """Rows need not come in time order: a project first mentioned by a row, then by an earlier
    one further down, has existed since the earlier one, so its export imports to itself."""
    start = datetime(2020, 1, 1, tzinfo=UTC)
    later = start + timedelta(microseconds=1)
    history = [
        HistoryEvent(EventKind.CLIENT, "Acme", start, status="lead"),
        HistoryEvent(
            EventKind.INVOICE,
            "Acme",
            later,
            project="Site",
            invoice="A-1",
            amount=Decimal("0.02"),
            currency="EUR",
            due_date=date(2020, 1, 1),
        ),
        HistoryEvent(
            EventKind.INVOICE,
            "Acme",
            start,
            project="Site",
            invoice="A-2",
            amount=Decimal("0.02"),
            currency="EUR",
            due_date=date(2020, 1, 1),
        ),
    ]
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        export_1 = imported_then_exported(Path(first), csv_text(history))
        export_2 = imported_then_exported(Path(second), export_1)

    assert export_2 == export_1
    events = [line.split(",")[2] for line in export_1.splitlines()[1:]]
    assert events == ["client", "project", "invoice", "invoice"]  # made at the earliest mention
