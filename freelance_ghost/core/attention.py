"""The attention rules of docs/rules.md as pure functions: facts and a moment in, items out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from freelance_ghost.core.clock import add_local_days, local_date
from freelance_ghost.core.facts import (
    ClientFacts,
    Commitment,
    OpenInvoice,
    ProjectDeadline,
    Qualification,
)
from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.core.ladder import Suggestion, suggest
from freelance_ghost.core.money import Money
from freelance_ghost.core.pace import typical_reply


class ItemKind(StrEnum):
    """The six things that can need attention."""

    SILENCE = "silence"
    CHECKIN_DUE = "checkin_due"
    NEXT_STEP_DUE = "next_step_due"
    INVOICE_OVERDUE = "invoice_overdue"
    DEADLINE_DUE = "deadline_due"
    WINDOW_SHOPPER = "window_shopper"


class Level(StrEnum):
    """How far a silence has gone."""

    SILENT = "silent"
    GHOSTED = "ghosted"


class Stage(StrEnum):
    """The reminder an overdue invoice has reached."""

    REMINDER_1 = "reminder_1"
    REMINDER_2 = "reminder_2"
    REMINDER_3 = "reminder_3"
    FINAL_NOTICE = "final_notice"


@dataclass(frozen=True)
class AttentionSettings:
    """The engine's settings; the defaults are the documented ones (docs/rules.md §8)."""

    default_typical_reply: timedelta = timedelta(days=1)
    min_silence: timedelta = timedelta(days=3)
    multiplier: float = 2.0
    stage_days: tuple[tuple[Stage, int], ...] = (
        (Stage.REMINDER_1, 1),
        (Stage.REMINDER_2, 7),
        (Stage.REMINDER_3, 14),
        (Stage.FINAL_NOTICE, 30),
    )
    deadline_warning_days: int = 2


@dataclass(frozen=True, kw_only=True)
class Item:
    """What every attention item has: whose it is, what kind, and how overdue."""

    client: str
    client_id: int
    overdue: timedelta = field(compare=False)

    @property
    def urgent(self) -> bool:
        """Ghosted silences and final notices go first (docs/rules.md §7)."""
        return False


@dataclass(frozen=True, kw_only=True)
class SilenceItem(Item):
    """The client has not answered our latest attempts for longer than their own pace."""

    kind = ItemKind.SILENCE
    level: Level
    attempts: int
    first_attempt: datetime
    last_attempt: datetime
    threshold: timedelta
    typical_reply: timedelta
    suggestion: Suggestion
    facts: ClientFacts = field(compare=False, repr=False)

    @property
    def urgent(self) -> bool:
        return self.level is Level.GHOSTED


@dataclass(frozen=True, kw_only=True)
class CheckinItem(Item):
    """A scheduled check-in has come due."""

    kind = ItemKind.CHECKIN_DUE
    due: datetime
    cadence_days: int
    channel: Channel | None


@dataclass(frozen=True, kw_only=True)
class NextStepItem(Item):
    """A promised next step is due and nothing has happened since."""

    kind = ItemKind.NEXT_STEP_DUE
    next_step: str
    due: date
    contact: str | None


@dataclass(frozen=True, kw_only=True)
class InvoiceItem(Item):
    """Money owed past its due date."""

    kind = ItemKind.INVOICE_OVERDUE
    invoice: str
    amount_due: Money
    due: date
    days_overdue: int
    stage: Stage

    @property
    def urgent(self) -> bool:
        return self.stage is Stage.FINAL_NOTICE


@dataclass(frozen=True, kw_only=True)
class DeadlineItem(Item):
    """One of the user's own projects is due soon, or late: the work is owed."""

    kind = ItemKind.DEADLINE_DUE
    project: str
    due: date
    days_left: int


@dataclass(frozen=True, kw_only=True)
class WindowShopperItem(Item):
    """A lead has had more exchanges than the user's clients usually need before committing."""

    kind = ItemKind.WINDOW_SHOPPER
    interactions: int
    benchmark: int

    @property
    def over(self) -> int:
        """How many exchanges past the benchmark: the list puts the most first."""
        return self.interactions - self.benchmark


AttentionItem = (
    SilenceItem | CheckinItem | NextStepItem | InvoiceItem | DeadlineItem | WindowShopperItem
)
NO_LEADS = Qualification()
"""No leads to judge: the default of callers that leave lead qualification out."""
_CONVERSATION_STATUSES = frozenset({ClientStatus.LEAD, ClientStatus.ACTIVE, ClientStatus.PAUSED})


def attention_items(
    clients: list[ClientFacts],
    invoices: list[OpenInvoice],
    now: datetime,
    zone: tzinfo,
    settings: AttentionSettings,
    *,
    deadlines: Sequence[ProjectDeadline] = (),
    qualification: Qualification = NO_LEADS,
) -> list[AttentionItem]:
    """Everything that needs the user's attention at ``now``, most urgent first (rules.md §7)."""
    items: list[AttentionItem] = []
    for facts in clients:
        items.extend(client_items(facts, now, zone, settings))
    for invoice in invoices:
        item = invoice_item(invoice, now, zone, settings)
        if item is not None:
            items.append(item)
    today = local_date(now, zone)
    for deadline in deadlines:
        due = deadline_item(deadline, today, settings)
        if due is not None:
            items.append(due)
    silent = {item.client_id for item in items if isinstance(item, SilenceItem)}
    items.extend(window_shopper_items(qualification, silent))
    return sorted(items, key=urgency_order)


def client_items(
    facts: ClientFacts, now: datetime, zone: tzinfo, settings: AttentionSettings
) -> list[AttentionItem]:
    """One client's conversation items: silence or check-in (never both), and next steps."""
    if facts.status not in _CONVERSATION_STATUSES:
        return []
    items: list[AttentionItem] = []
    silence = silence_item(facts, now, zone, settings)
    if silence is not None:
        items.append(silence)
    elif facts.status is not ClientStatus.PAUSED:
        checkin = checkin_item(facts, now, zone)
        if checkin is not None:
            items.append(checkin)
    today = local_date(now, zone)
    items.extend(
        next_step_item(facts, commitment, now, zone)
        for commitment in facts.commitments
        if commitment.due <= today
    )
    return items


def threshold_for(typical: timedelta, facts: ClientFacts, settings: AttentionSettings) -> timedelta:
    """The silence threshold (rules.md §1): max(minimum silence, multiplier x the typical reply).

    The client's own minimum and multiplier win over the settings'. ``typical`` is never
    missing: while fewer than three reply delays are known it is the default one (core.pace).
    """
    minimum = facts.min_silence if facts.min_silence is not None else settings.min_silence
    multiplier = facts.multiplier if facts.multiplier is not None else settings.multiplier
    return max(minimum, typical * multiplier)


def silence_threshold(
    facts: ClientFacts, settings: AttentionSettings
) -> tuple[timedelta, timedelta]:
    """(threshold, typical reply) from the client's latest reply delays."""
    default = settings.default_typical_reply // timedelta(microseconds=1)
    delays = [delay // timedelta(microseconds=1) for delay in facts.reply_delays]
    typical = timedelta(microseconds=typical_reply(delays, default))
    return threshold_for(typical, facts, settings), typical


def silence_due(facts: ClientFacts, now: datetime, settings: AttentionSettings) -> bool:
    """Whether the client's silence has reached its threshold (never sooner: don't harass)."""
    if facts.attempts == 0 or facts.last_attempt is None:
        return False
    threshold, _ = silence_threshold(facts, settings)
    return now - facts.last_attempt >= threshold


def silence_item(
    facts: ClientFacts, now: datetime, zone: tzinfo, settings: AttentionSettings
) -> SilenceItem | None:
    """docs/rules.md §1: the client owes us a reply for longer than their own pace allows."""
    if not silence_due(facts, now, settings):
        return None
    assert facts.last_attempt is not None  # silence_due checked both
    assert facts.first_attempt is not None
    threshold, typical = silence_threshold(facts, settings)
    return SilenceItem(
        client=facts.name,
        client_id=facts.client_id,
        overdue=now - (facts.last_attempt + threshold),
        level=Level.GHOSTED if facts.attempts >= 5 else Level.SILENT,
        attempts=facts.attempts,
        first_attempt=facts.first_attempt,
        last_attempt=facts.last_attempt,
        threshold=threshold,
        typical_reply=typical,
        suggestion=suggest(facts, zone),
        facts=facts,
    )


def checkin_due(facts: ClientFacts, zone: tzinfo) -> datetime | None:
    """When the next check-in falls due: cadence days after the latest touch, same wall clock."""
    if facts.cadence_days <= 0 or facts.schedule_set_at is None:
        return None
    start = facts.schedule_set_at
    if facts.last_interaction is not None and facts.last_interaction > start:
        start = facts.last_interaction
    return add_local_days(start, facts.cadence_days, zone)


def checkin_item(facts: ClientFacts, now: datetime, zone: tzinfo) -> CheckinItem | None:
    """docs/rules.md §3: a check-in is due."""
    due = checkin_due(facts, zone)
    if due is None or now < due:
        return None
    return CheckinItem(
        client=facts.name,
        client_id=facts.client_id,
        overdue=now - due,
        due=due,
        cadence_days=facts.cadence_days,
        channel=facts.schedule_channel,
    )


def next_step_item(
    facts: ClientFacts, commitment: Commitment, now: datetime, zone: tzinfo
) -> NextStepItem:
    """docs/rules.md §4: a promised next step is due and nothing has happened since."""
    due_start = datetime.combine(commitment.due, time(), tzinfo=zone)
    return NextStepItem(
        client=facts.name,
        client_id=facts.client_id,
        overdue=now - due_start,
        next_step=commitment.next_step,
        due=commitment.due,
        contact=commitment.contact,
    )


def invoice_stage(days_overdue: int, settings: AttentionSettings) -> Stage:
    """The latest reminder stage whose day count has been reached.

    Money owed is listed from its first day overdue (rules.md §5) even when the user moved the
    first reminder later: until then it stands at the first reminder.
    """
    reached = [stage for stage, days in settings.stage_days if days_overdue >= days]
    return reached[-1] if reached else settings.stage_days[0][0]


def invoice_item(
    invoice: OpenInvoice, now: datetime, zone: tzinfo, settings: AttentionSettings
) -> InvoiceItem | None:
    """docs/rules.md §5: money still owed after its due date, whatever the client's status."""
    days_overdue = (local_date(now, zone) - invoice.due_on).days
    if days_overdue < 1 or invoice.outstanding.minor <= 0:
        return None
    return InvoiceItem(
        client=invoice.client,
        client_id=invoice.client_id,
        overdue=timedelta(days=days_overdue),
        invoice=invoice.number,
        amount_due=invoice.outstanding,
        due=invoice.due_on,
        days_overdue=days_overdue,
        stage=invoice_stage(days_overdue, settings),
    )


def deadline_item(
    deadline: ProjectDeadline, today: date, settings: AttentionSettings
) -> DeadlineItem | None:
    """docs/rules.md §5a: an active project's deadline is within the warning days, or past.

    The store passes only active projects of clients that are not closed.
    """
    days_left = (deadline.deadline - today).days
    if days_left > settings.deadline_warning_days:
        return None
    return DeadlineItem(
        client=deadline.client,
        client_id=deadline.client_id,
        overdue=timedelta(days=-days_left),  # the order sorts deadlines by -days_left
        project=deadline.project,
        due=deadline.deadline,
        days_left=days_left,
    )


MIN_COMMITTED_CLIENTS = 5
"""Below this many committed clients there is no benchmark: too little history to judge."""


def commitment_benchmark(committed_counts: Sequence[int]) -> int | None:
    """B (rules.md §5b): the nearest-rank 75th percentile of the interactions before commitment.

    Sorted ascending, the element at position ceil(0.75 x n), counting from 1; integer
    arithmetic (ceil(3n / 4) = (3n + 3) // 4) so no float rounding can move the boundary.
    """
    n = len(committed_counts)
    if n < MIN_COMMITTED_CLIENTS:
        return None
    return sorted(committed_counts)[(3 * n + 3) // 4 - 1]


def window_shopper_items(qualification: Qualification, silent: set[int]) -> list[WindowShopperItem]:
    """docs/rules.md §5b: uncommitted leads with more than B exchanges and no silence item.

    The store passes only leads with no project and no invoice.
    """
    benchmark = commitment_benchmark(qualification.committed_counts)
    if benchmark is None:
        return []
    return [
        WindowShopperItem(
            client=lead.client,
            client_id=lead.client_id,
            overdue=timedelta(0),
            interactions=lead.interactions,
            benchmark=benchmark,
        )
        for lead in qualification.leads
        if lead.interactions > benchmark and lead.client_id not in silent
    ]


def urgency_order(item: AttentionItem) -> tuple[int, timedelta, str, str]:
    """Ghosted and final-notice items first, then the furthest past due (docs/rules.md §7).

    Window shoppers come last, the most exchanges over the benchmark first: a lead taking its
    time is never more pressing than a promise or a payment.
    """
    if isinstance(item, WindowShopperItem):
        return (2, timedelta(days=-item.over), item.client.casefold(), item.kind.value)
    return (0 if item.urgent else 1, -item.overdue, item.client.casefold(), item.kind.value)
