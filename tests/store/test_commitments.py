"""Deadlines and window shoppers over the database: commitments counted as the rules say."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from freelance_ghost.core.attention import WindowShopperItem
from freelance_ghost.core.history.format import HistoryEvent
from freelance_ghost.core.kinds import (
    Channel,
    ClientKind,
    ClientStatus,
    Direction,
    EventKind,
    ProjectStatus,
)
from freelance_ghost.services.attention import attention_at
from freelance_ghost.store.attention import committed_counts
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.history import import_history
from freelance_ghost.store.interactions import log_interaction
from freelance_ghost.store.models import database
from freelance_ghost.store.projects import add_project
from freelance_ghost.store.settings import (
    DEADLINE_WARNING_DAYS,
    load_attention_settings,
    save,
)
from tests.conftest import BERLIN

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
LATER = T0 + timedelta(days=200)
_PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def wipe() -> None:
    for table in ("payment", "invoice", "project_change", "project", "interaction", "client"):
        database.execute_sql(f"DELETE FROM {table}")


def client_with(name: str, status: ClientStatus, exchanges: int) -> int:
    """A client who wrote to us ``exchanges`` times, a day apart (no silence: no attempts)."""
    client = create_client(name, ClientKind.ORGANIZATION, status, T0)
    for day in range(exchanges):
        log_interaction(client.id, Direction.IN, Channel.EMAIL, T0 + timedelta(days=day))
    return int(client.id)


def shoppers() -> list[WindowShopperItem]:
    return [r.item for r in attention_at(LATER, BERLIN) if isinstance(r.item, WindowShopperItem)]


@_PROPERTY
@given(st.lists(st.integers(0, 12), min_size=5, max_size=9), st.integers(0, 15))
def test_adding_a_project_to_a_lead_removes_its_window_shopper_item(
    db: Path, counts: list[int], lead_exchanges: int
) -> None:
    wipe()
    for n, count in enumerate(counts):
        client_id = client_with(f"C{n}", ClientStatus.ACTIVE, count)
        add_project(client_id, "Job", ProjectStatus.DONE, None, T0 + timedelta(days=count))
    lead = client_with("Globex", ClientStatus.LEAD, lead_exchanges)
    benchmark = sorted(counts)[-(-3 * len(counts) // 4) - 1]  # ceil(0.75 n), from 1
    before = shoppers()
    assert [(item.interactions, item.benchmark) for item in before] == (
        [(lead_exchanges, benchmark)] if lead_exchanges > benchmark else []
    )
    add_project(lead, "Audit", ProjectStatus.PROPOSED, None, LATER - timedelta(days=1))
    assert shoppers() == []


@_PROPERTY
@given(
    st.lists(
        st.tuples(st.integers(0, 100), st.sampled_from(list(Direction))), min_size=0, max_size=20
    ),
    st.integers(0, 100),
    st.one_of(st.none(), st.integers(0, 100)),
)
def test_interactions_before_commitment_are_strictly_before_the_earliest(
    db: Path, touches: list[tuple[int, Direction]], project_day: int, invoice_day: int | None
) -> None:
    wipe()
    events = [HistoryEvent(EventKind.CLIENT, "Acme", T0, status="active")]
    events += [
        HistoryEvent(
            EventKind.INTERACTION,
            "Acme",
            T0 + timedelta(days=day),
            direction=direction,
            channel=Channel.EMAIL,
        )
        for day, direction in touches
    ]
    events.append(
        HistoryEvent(
            EventKind.PROJECT,
            "Acme",
            T0 + timedelta(days=project_day),
            project="Job",
            status=ProjectStatus.ACTIVE,
        )
    )
    if invoice_day is not None:
        events.append(
            HistoryEvent(
                EventKind.INVOICE,
                "Acme",
                T0 + timedelta(days=invoice_day),
                invoice="1",
                amount=Decimal("10.00"),
                currency="EUR",
                due_date=date(2026, 12, 1),
            )
        )
    import_history(sorted(events, key=lambda event: event.timestamp))
    commitment = min(project_day, invoice_day if invoice_day is not None else project_day)
    assert committed_counts() == [sum(1 for day, _ in touches if day < commitment)]


def test_warning_days_are_stored_and_checked(db: Path) -> None:
    assert load_attention_settings().deadline_warning_days == 2
    save([(DEADLINE_WARNING_DAYS, 0)])
    assert load_attention_settings().deadline_warning_days == 0
    database.execute_sql("UPDATE setting SET value = '-1' WHERE key = 'deadline_warning_days'")
    assert load_attention_settings().deadline_warning_days == 2  # damaged: the default
