"""A client's timeline from the database: every record in, in a handful of queries."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from freelance_ghost.core.attention import AttentionSettings, silence_threshold
from freelance_ghost.core.clock import to_micros
from freelance_ghost.core.facts import ClientFacts
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction, ProjectStatus
from freelance_ghost.core.money import Money
from freelance_ghost.core.pace import MIN_REPLY_DELAYS
from freelance_ghost.core.timeline_events import CheckinMark, InvoiceEvent, InvoiceStep, Message
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact
from freelance_ghost.store.conversation import compute_summaries
from freelance_ghost.store.interactions import log_interaction, set_silence_overrides
from freelance_ghost.store.invoices import add_invoice, add_payment, invoice_lines
from freelance_ghost.store.models import database
from freelance_ghost.store.overview import client_header
from freelance_ghost.store.projects import add_project
from freelance_ghost.store.schedules import set_schedule
from freelance_ghost.store.timeline import client_timeline
from tests.conftest import BERLIN

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
DAY = timedelta(days=1)


def on(days: float) -> datetime:
    return T0 + days * DAY


@pytest.fixture
def globex(db: Path) -> int:
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, on(-1))
    hank = add_contact(client.id, "Hank", "CEO", on(-1))
    log_interaction(client.id, Direction.OUT, Channel.EMAIL, on(0), summary="Proposal sent")
    log_interaction(
        client.id, Direction.IN, Channel.PHONE, on(2), contact_id=hank.id, summary="Says yes"
    )
    log_interaction(client.id, Direction.OUT, Channel.EMAIL, on(10), summary="Draft logos")
    invoice = add_invoice(client.id, "INV-1", Money(125000, "EUR"), on(1), date(2026, 3, 31))
    add_payment(invoice.id, Money(25000, "EUR"), on(40))
    set_schedule(client.id, 14, Channel.VIDEO, on(0))
    return client.id


def test_every_record_becomes_an_event(globex: int) -> None:
    timeline = client_timeline(globex, on(20), BERLIN, AttentionSettings())
    assert timeline.client == "Globex"
    kinds = [
        (type(e).__name__, getattr(e, "step", getattr(e, "direction", None)))
        for e in timeline.events
    ]
    assert kinds == [
        ("Message", Direction.OUT),
        ("InvoiceEvent", InvoiceStep.ISSUED),
        ("Message", Direction.IN),
        ("Message", Direction.OUT),
        ("CheckinMark", None),  # 14 days after the last touch on day 10
        ("InvoiceEvent", InvoiceStep.DUE),
        ("InvoiceEvent", InvoiceStep.PAID),
    ]
    reply = timeline.events[2]
    assert isinstance(reply, Message)
    assert (reply.contact, reply.channel, reply.summary) == ("Hank", Channel.PHONE, "Says yes")
    first = timeline.events[0]
    assert isinstance(first, Message)
    assert first.contact == ""


def test_invoices_and_checkins_carry_their_details(globex: int) -> None:
    timeline = client_timeline(globex, on(20), BERLIN, AttentionSettings())
    _, due, paid = [e for e in timeline.events if isinstance(e, InvoiceEvent)]
    assert due.at == datetime(2026, 3, 30, 22, tzinfo=UTC)  # 31 March, midnight in Berlin
    assert (due.amount, due.outstanding) == (Money(125000, "EUR"), Money(125000, "EUR"))
    assert (paid.amount, paid.outstanding) == (Money(25000, "EUR"), Money(100000, "EUR"))
    [checkin] = [e for e in timeline.events if isinstance(e, CheckinMark)]
    assert checkin == CheckinMark(on(24), 14, Channel.VIDEO)


def test_silences_are_measured_at_now(globex: int) -> None:
    timeline = client_timeline(globex, on(20), BERLIN, AttentionSettings())
    answered, open_band = timeline.bands
    assert (answered.start, answered.end, answered.replied) == (on(0), on(2), True)
    assert (open_band.start, open_band.end, open_band.replied) == (on(10), on(20), False)
    assert open_band.amber_at == on(13)  # default pace: threshold 3 days


def test_the_clients_own_silence_settings_apply(globex: int) -> None:
    set_silence_overrides(globex, min_silence_hours=24 * 7, multiplier=None)
    timeline = client_timeline(globex, on(20), BERLIN, AttentionSettings())
    assert timeline.threshold == 7 * DAY
    assert timeline.bands[-1].amber_at == on(17)


def test_a_long_history_takes_a_few_queries(globex: int, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(200):
        log_interaction(globex, Direction.OUT if n % 2 else Direction.IN, Channel.SMS, on(50 + n))
    queries: list[str] = []
    execute = database.execute_sql

    def counting(sql: str, params: object = None) -> object:
        queries.append(sql)
        return execute(sql, params)

    monkeypatch.setattr(database, "execute_sql", counting)
    timeline = client_timeline(globex, on(400), BERLIN, AttentionSettings())
    assert len(timeline.events) > 200
    assert len(queries) == 6


def test_an_empty_client_has_an_empty_timeline(db: Path) -> None:
    client = create_client("Initech", ClientKind.PERSON, ClientStatus.LEAD, on(0))
    timeline = client_timeline(client.id, on(5), BERLIN, AttentionSettings())
    assert (tuple(timeline.events), timeline.bands) == ((), ())


def add_random_history(client_id: int, seed: int, count: int) -> None:
    """Runs of ours and theirs, some at the same instant, stored out of time order (ids too)."""
    rng = random.Random(seed)
    at = to_micros(T0)
    rows = []
    for _ in range(count):
        at += rng.choice([0, 0, 3_600_000_000, 86_400_000_000, 5 * 86_400_000_000])
        rows.append((client_id, rng.choice(["in", "out", "out"]), "email", at))
    rng.shuffle(rows)
    database.connection().executemany(
        "INSERT INTO interaction (client_id, direction, channel, occurred_at) VALUES (?, ?, ?, ?)",
        rows,
    )


@pytest.mark.parametrize(("seed", "count"), [(1, 0), (2, 3), (3, 9), (4, 40), (5, 400)])
def test_the_headers_pace_is_the_engines(db: Path, seed: int, count: int) -> None:
    # The header reads back only as far as the latest delays reach; the engine reads it all.
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, on(-1))
    add_random_history(client.id, seed, count)
    set_silence_overrides(client.id, min_silence_hours=30, multiplier=1.5)
    settings = AttentionSettings()
    delays = compute_summaries([client.id])[client.id].reply_delays
    facts = ClientFacts(
        client.id,
        "Globex",
        ClientStatus.ACTIVE,
        reply_delays=tuple(timedelta(microseconds=d) for d in delays),
        min_silence=timedelta(hours=30),
        multiplier=1.5,
    )
    header = client_header(client.id, settings)
    assert (header.threshold, header.typical_reply) == silence_threshold(facts, settings)
    assert header.pace_known == (len(delays) >= MIN_REPLY_DELAYS)
    timeline = client_timeline(client.id, on(5000), BERLIN, settings)
    assert (timeline.threshold, timeline.typical_reply) == (header.threshold, header.typical_reply)


def test_invoice_lines_newest_first_with_what_was_paid(globex: int) -> None:
    site = add_project(globex, "Website", ProjectStatus.ACTIVE, None, on(0))
    later = add_invoice(globex, "INV-2", Money(5000, "USD"), on(3), date(2026, 4, 2), site.id)
    add_payment(later.id, Money(1000, "USD"), on(4))
    add_payment(later.id, Money(1500, "USD"), on(5))
    add_invoice(globex, "INV-3", Money(700, "EUR"), on(3), date(2026, 4, 9))
    lines = invoice_lines(globex)
    assert [(line.number, line.project) for line in lines] == [
        ("INV-3", None),  # issued with INV-2: the later record first
        ("INV-2", "Website"),
        ("INV-1", None),
    ]
    third, second, first = lines
    assert (third.paid, third.outstanding, third.due_on) == (
        Money(0, "EUR"),
        Money(700, "EUR"),
        date(2026, 4, 9),
    )
    assert (second.amount, second.paid, second.issued_at) == (
        Money(5000, "USD"),
        Money(2500, "USD"),
        on(3),
    )
    assert (first.paid, first.outstanding) == (Money(25000, "EUR"), Money(100000, "EUR"))


def test_active_projects_bring_their_deadlines_soonest_first(globex: int) -> None:
    add_project(globex, "Brand book", ProjectStatus.ACTIVE, date(2026, 4, 20), on(0))
    add_project(globex, "Logo", ProjectStatus.ACTIVE, date(2026, 3, 10), on(0))  # already late
    add_project(globex, "Website", ProjectStatus.DONE, date(2026, 3, 15), on(0))  # delivered
    add_project(globex, "Stickers", ProjectStatus.ON_HOLD, date(2026, 3, 16), on(0))
    add_project(globex, "Retainer", ProjectStatus.ACTIVE, None, on(0))  # no deadline
    timeline = client_timeline(globex, on(20), BERLIN, AttentionSettings())
    assert [(d.project, d.deadline, d.client) for d in timeline.deadlines] == [
        ("Logo", date(2026, 3, 10), "Globex"),
        ("Brand book", date(2026, 4, 20), "Globex"),
    ]
    # Marked where the work becomes late: the end of the day, Berlin time (UTC+1 in March).
    assert timeline.deadline_end(timeline.deadlines[0]) == datetime(2026, 3, 10, 23, tzinfo=UTC)
