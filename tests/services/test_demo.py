"""The demo fills an empty data folder once, with a year that shows every feature of the app."""

from __future__ import annotations

import io
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from freelance_ghost.core.clock import add_local_days, local_date
from freelance_ghost.core.history.reading import parse_history
from freelance_ghost.core.history.rows import write_history
from freelance_ghost.core.kinds import (
    Channel,
    ClientKind,
    ClientStatus,
    Direction,
    ProjectStatus,
)
from freelance_ghost.core.money import currency_exponent
from freelance_ghost.services.demo import DemoRefusedError, demo_events, load_demo
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.history import import_history
from freelance_ghost.store.history_export import export_history
from freelance_ghost.store.models import (
    CheckinSchedule,
    Client,
    Contact,
    ContactMethod,
    Interaction,
    Invoice,
    Payment,
    Project,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
# A Monday morning, a Saturday night before the spring DST change, the autumn DST Sunday, and
# a zone far from Berlin: the sample must work whenever and wherever a user runs it.
MOMENTS = [
    (NOW, BERLIN),
    (datetime(2026, 3, 28, 22, 30, tzinfo=UTC), BERLIN),
    (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), BERLIN),
    (datetime(2026, 6, 10, 16, 0, tzinfo=UTC), ZoneInfo("America/Los_Angeles")),
]
STAGES = ((30, "final_notice"), (14, "reminder_3"), (7, "reminder_2"), (1, "reminder_1"))


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """An empty data folder with its database open."""
    open_database(tmp_path / "data", NOW)
    yield tmp_path / "data"
    close_database()


@pytest.fixture(params=MOMENTS, ids=["monday", "before-dst", "dst-sunday", "los-angeles"])
def loaded(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[datetime, tzinfo]]:
    """A data folder filled by the demo at one of several moments."""
    now, zone = request.param
    open_database(tmp_path / "data", now)
    load_demo(now, zone)
    yield now, zone
    close_database()


def _exported_csv(zone: tzinfo) -> str:
    out = io.StringIO()
    write_history(export_history(), out, zone)
    return out.getvalue()


def _timelines() -> dict[str, list[tuple[datetime, str]]]:
    """Each client's interactions in time order, as (instant, direction)."""
    timelines: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    query = (
        Interaction.select(Client.name, Interaction.occurred_at, Interaction.direction)
        .join(Client)
        .order_by(Interaction.occurred_at, Interaction.id)
    )
    for name, at, direction in query.tuples():
        timelines[name].append((at, direction))
    return timelines


def _attempts(timeline: list[tuple[datetime, str]]) -> list[datetime]:
    """docs/rules.md §1: the outbound interactions after the latest inbound one."""
    attempts: list[datetime] = []
    for at, direction in timeline:
        attempts = [] if direction == Direction.IN else [*attempts, at]
    return attempts


def _reply_delays(timeline: list[tuple[datetime, str]]) -> tuple[list[timedelta], ...]:
    """Reply delays (rules.md §1), each inbound counted once, measured from the first and from
    the latest outbound before it (both readings of the rule, so the tests hold for either)."""
    from_first: list[timedelta] = []
    from_latest: list[timedelta] = []
    first = latest = None
    for at, direction in timeline:
        if direction == Direction.OUT:
            first, latest = first or at, at
        elif first is not None and latest is not None:
            from_first.append(at - first)
            from_latest.append(at - latest)
            first = latest = None
    return from_first, from_latest


def _threshold(timeline: list[tuple[datetime, str]]) -> timedelta:
    """The silence threshold (rules.md §1) with the default settings: the larger reading."""
    typical = [
        statistics.median(delays[-10:]) if len(delays) >= 3 else timedelta(days=1)
        for delays in _reply_delays(timeline)
    ]
    return max(timedelta(days=3), 2 * max(typical))


def _silent(now: datetime) -> dict[str, int]:
    """Clients that get a silence item at ``now``, with their number of attempts."""
    statuses = dict(Client.select(Client.name, Client.status).tuples())
    silent: dict[str, int] = {}
    for name, timeline in _timelines().items():
        attempts = _attempts(timeline)
        quiet = bool(attempts) and now - attempts[-1] >= _threshold(timeline)
        if quiet and statuses[name] not in (ClientStatus.GHOSTED, ClientStatus.CLOSED):
            silent[name] = len(attempts)
    return silent


def _paid_per_invoice() -> list[tuple[Invoice, int]]:
    """Every invoice with the minor units paid against it."""
    paid = Counter[int]()
    for invoice_id, minor in Payment.select(Payment.invoice, Payment.amount_minor).tuples():
        paid[invoice_id] += minor
    return [(invoice, paid[invoice.id]) for invoice in Invoice.select()]


def test_fills_an_empty_folder_with_every_status(folder: Path) -> None:
    summary = load_demo(NOW, BERLIN)

    clients = list(Client.select())
    assert len(clients) >= 12
    assert summary.startswith(f"{len(clients)} clients, {Contact.select().count()} contacts, ")
    assert {client.status for client in clients} == set(ClientStatus)
    assert {project.status for project in Project.select()} == set(ProjectStatus)
    assert all(project.deadline is not None for project in Project.select())
    assert {client.kind for client in clients} == set(ClientKind)
    assert all(client.notes for client in clients)


def test_organizations_have_two_or_three_contacts_with_roles_on_many_channels(
    folder: Path,
) -> None:
    load_demo(NOW, BERLIN)

    for client in Client.select().where(Client.kind == ClientKind.ORGANIZATION):
        contacts = list(client.contacts)
        assert 2 <= len(contacts) <= 3, client.name
        assert all(contact.role for contact in contacts), client.name
    for client in Client.select().where(Client.kind == ClientKind.PERSON):
        assert len(list(client.contacts)) == 1, client.name
    channels = {method.channel for method in ContactMethod.select()}
    assert channels == set(Channel) - {Channel.OTHER}
    assert all(len(list(contact.methods)) >= 2 for contact in Contact.select())


def test_invoices_are_paid_part_paid_and_overdue_at_every_reminder_stage(
    loaded: tuple[datetime, tzinfo],
) -> None:
    now, zone = loaded
    today = local_date(now, zone)
    stages = []
    for invoice, paid in _paid_per_invoice():
        assert paid <= invoice.amount_minor
        assert invoice.issued_at <= now
        if paid < invoice.amount_minor and invoice.due_on < today:
            days = (today - invoice.due_on).days
            stages.append(next(stage for start, stage in STAGES if days >= start))

    fully = [inv for inv, paid in _paid_per_invoice() if paid == inv.amount_minor]
    part = [inv for inv, paid in _paid_per_invoice() if 0 < paid < inv.amount_minor]
    assert len(fully) >= 3
    assert part
    assert sorted(stages) == ["final_notice", "reminder_1", "reminder_2", "reminder_3"]
    currencies = {invoice.currency for invoice in Invoice.select()}
    assert currencies == {"EUR", "USD", "GBP", "JPY"}
    for invoice in Invoice.select():
        assert invoice.amount_minor % 10 ** currency_exponent(invoice.currency) == 0


def test_unanswered_attempts_cover_the_whole_follow_up_ladder(
    loaded: tuple[datetime, tzinfo],
) -> None:
    now, _ = loaded
    counts = {name: len(_attempts(timeline)) for name, timeline in _timelines().items()}
    for n in range(1, 5):
        assert n in counts.values()
    assert max(counts.values()) >= 5

    ladder = sorted(min(n, 5) for n in _silent(now).values())
    assert ladder == [1, 2, 3, 4, 5]


def test_some_clients_reply_fast_and_some_slowly(folder: Path) -> None:
    load_demo(NOW, BERLIN)

    typical: dict[str, timedelta] = {}
    for name, timeline in _timelines().items():
        delays, _ = _reply_delays(timeline)
        if len(delays) >= 3:
            typical[name] = statistics.median(delays[-10:])
    assert len(typical) >= 6
    assert min(typical.values()) < timedelta(hours=6)
    assert max(typical.values()) > timedelta(days=2)


def test_one_check_in_and_one_promised_next_step_are_overdue(
    loaded: tuple[datetime, tzinfo],
) -> None:
    now, zone = loaded
    silent = _silent(now)
    latest: dict[int, datetime] = {}
    for client_id, at in Interaction.select(Interaction.client, Interaction.occurred_at).tuples():
        latest[client_id] = max(at, latest.get(client_id, at))
    overdue_checkins = set()
    for client in Client.select().where(Client.status.in_(["lead", "active"])):
        schedule = client.schedules.order_by(CheckinSchedule.set_at.desc()).first()
        if schedule is None or not schedule.cadence_days or client.name in silent:
            continue
        base = max(latest[client.id], schedule.set_at)
        if now >= add_local_days(base, schedule.cadence_days, zone):
            overdue_checkins.add(client.name)
    cadences = {schedule.cadence_days for schedule in CheckinSchedule.select()}

    due_steps = {
        interaction.client.name
        for interaction in Interaction.select().where(Interaction.next_step != "")
        if interaction.next_step_due <= local_date(now, zone)
        and interaction.occurred_at == latest[interaction.client_id]
    }
    assert cadences == {7, 14, 30}
    assert overdue_checkins == {"Inês Carvalho"}
    assert due_steps == {"Harbor & Pine Studio"}


def test_the_store_holds_exactly_the_sample_events(folder: Path) -> None:
    load_demo(NOW, BERLIN)

    assert Counter(export_history()) == Counter(demo_events(NOW, BERLIN))


def test_a_second_run_is_refused_and_adds_nothing(folder: Path) -> None:
    load_demo(NOW, BERLIN)
    before = _exported_csv(BERLIN)

    with pytest.raises(DemoRefusedError, match=r"already holds 13 clients; demo only fills"):
        load_demo(NOW + timedelta(days=1), BERLIN)
    assert _exported_csv(BERLIN) == before


def test_the_same_moment_gives_the_same_history(tmp_path: Path) -> None:
    exports = []
    for name in ("first", "second"):
        open_database(tmp_path / name, NOW)
        load_demo(NOW, BERLIN)
        exports.append(_exported_csv(BERLIN))
        close_database()
    assert exports[0] == exports[1]
    assert demo_events(NOW, BERLIN) == demo_events(NOW, BERLIN)


@pytest.mark.parametrize(("now", "zone"), MOMENTS)
def test_no_event_is_after_now(tmp_path: Path, now: datetime, zone: tzinfo) -> None:
    events = demo_events(now, zone)
    assert max(event.timestamp for event in events) <= now

    open_database(tmp_path, now)
    try:
        load_demo(now, zone)
        assert all(event.timestamp <= now for event in export_history())
    finally:
        close_database()


def test_the_sample_survives_a_csv_round_trip(tmp_path: Path) -> None:
    open_database(tmp_path / "demo", NOW)
    load_demo(NOW, BERLIN)
    written = _exported_csv(BERLIN)
    close_database()

    open_database(tmp_path / "copy", NOW)
    import_history(parse_history(written, BERLIN))
    assert _exported_csv(BERLIN) == written
    close_database()


@pytest.mark.parametrize("days", range(7))
def test_every_event_falls_on_a_weekday_whatever_day_it_is_loaded(days: int) -> None:
    now = NOW + timedelta(days=days)
    assert all(
        event.timestamp.astimezone(BERLIN).weekday() < 5 for event in demo_events(now, BERLIN)
    )


def test_settled_invoices_keep_their_terms_and_owed_ones_their_lateness() -> None:
    """A settled invoice is due a fixed number of days after issue; an owed one stays as late."""

    def due_dates(now: datetime) -> dict[str, tuple[int, int]]:
        today = local_date(now, BERLIN)
        return {
            event.invoice: (
                (event.due_date - local_date(event.timestamp, BERLIN)).days,
                (today - event.due_date).days,
            )
            for event in demo_events(now, BERLIN)
            if event.due_date is not None and event.invoice
        }

    monday = due_dates(NOW)
    owed = {"NLC-003", "HP-102", "KO-0158", "BFE-12", "BSD-052"}
    for days in range(1, 7):
        later = due_dates(NOW + timedelta(days=days))
        assert {number: terms for number, (terms, _) in later.items() if number not in owed} == {
            number: terms for number, (terms, _) in monday.items() if number not in owed
        }
        assert {number: late for number, (_, late) in later.items() if number in owed} == {
            number: late for number, (_, late) in monday.items() if number in owed
        }
    assert {terms for number, (terms, _) in monday.items() if number not in owed} == {14, 30}
