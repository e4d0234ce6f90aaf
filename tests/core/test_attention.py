"""The attention rules (rules.md §1 to §7): one test per rule and boundary, then properties."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from freelance_ghost.core.attention import (
    AttentionSettings,
    CheckinItem,
    InvoiceItem,
    ItemKind,
    Level,
    NextStepItem,
    SilenceItem,
    Stage,
    attention_items,
    checkin_due,
    checkin_item,
    client_items,
    invoice_item,
    silence_item,
)
from freelance_ghost.core.clock import to_micros
from freelance_ghost.core.facts import ClientFacts, Commitment, OpenInvoice
from freelance_ghost.core.kinds import Channel, ClientStatus, Direction
from freelance_ghost.core.ladder import Action, ladder_step
from freelance_ghost.core.money import Money
from freelance_ghost.core.pace import reply_delays

UTC_ZONE = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday, 10:00 in Berlin, 04:00 in New York
TODAY = date(2026, 11, 23)
DEFAULTS = AttentionSettings()
US = timedelta(microseconds=1)
H = timedelta(hours=1)
D = timedelta(days=1)


def silent(
    last_attempt: datetime,
    *,
    attempts: int = 1,
    delays: tuple[timedelta, ...] = (),
    name: str = "Acme",
    client_id: int = 1,
    status: ClientStatus = ClientStatus.ACTIVE,
    **more: object,
) -> ClientFacts:
    """A client with ``attempts`` unanswered outbound messages, the latest at ``last_attempt``."""
    return ClientFacts(
        client_id=client_id,
        name=name,
        status=status,
        last_inbound=last_attempt - timedelta(days=30),
        last_inbound_channel=Channel.EMAIL,
        attempts=attempts,
        first_attempt=last_attempt - timedelta(hours=attempts - 1),
        last_attempt=last_attempt,
        last_attempt_channel=Channel.EMAIL,
        unanswered_channels=frozenset({Channel.EMAIL}),
        reply_delays=delays,
        last_interaction=last_attempt,
        **more,  # type: ignore[arg-type]
    )


def quiet(
    *,
    last_interaction: datetime,
    cadence_days: int,
    schedule_set_at: datetime | None = None,
    name: str = "Acme",
    client_id: int = 1,
    status: ClientStatus = ClientStatus.ACTIVE,
    **more: object,
) -> ClientFacts:
    """A client who wrote last (no attempts pending) and has a check-in schedule."""
    return ClientFacts(
        client_id=client_id,
        name=name,
        status=status,
        last_inbound=last_interaction,
        last_inbound_channel=Channel.EMAIL,
        last_interaction=last_interaction,
        cadence_days=cadence_days,
        schedule_channel=Channel.PHONE,
        schedule_set_at=(
            schedule_set_at if schedule_set_at is not None else last_interaction - 100 * D
        ),
        **more,  # type: ignore[arg-type]
    )


def invoice(
    due_on: date, *, minor: int = 125000, currency: str = "EUR", client: str = "Acme", cid: int = 1
) -> OpenInvoice:
    return OpenInvoice(
        client_id=cid,
        client=client,
        number=f"INV-{due_on.isoformat()}",
        outstanding=Money(minor, currency),
        due_on=due_on,
    )


def kinds(items: list) -> list[ItemKind]:
    return [item.kind for item in items]


# ---------------------------------------------------------------- 2.1 silence: threshold


def test_silence_appears_exactly_at_threshold() -> None:
    # T = median(2h, 4h, 6h) = 4h; threshold = max(3 days, 2 x 4h = 8h) = 3 days;
    # last attempt 3 days ago exactly -> item
    facts = silent(NOW - 3 * D, delays=(2 * H, 4 * H, 6 * H))
    item = silence_item(facts, NOW, BERLIN, DEFAULTS)
    assert isinstance(item, SilenceItem)
    assert item.threshold == 3 * D
    assert item.typical_reply == 4 * H
    assert item.overdue == timedelta(0)


def test_no_silence_one_microsecond_before_threshold() -> None:
    # same client; last attempt 3 days - 1 us ago -> not yet (never sooner than the threshold)
    facts = silent(NOW - 3 * D + US, delays=(2 * H, 4 * H, 6 * H))
    assert silence_item(facts, NOW, BERLIN, DEFAULTS) is None
    assert attention_items([facts], [], NOW, BERLIN, DEFAULTS) == []


def test_threshold_is_twice_typical_reply_when_larger_than_minimum() -> None:
    # T = median(2d, 3d, 4d) = 3d; threshold = max(3d, 2 x 3d = 6d) = 6d
    delays = (2 * D, 3 * D, 4 * D)
    assert silence_item(silent(NOW - 6 * D + US, delays=delays), NOW, BERLIN, DEFAULTS) is None
    item = silence_item(silent(NOW - 6 * D, delays=delays), NOW, BERLIN, DEFAULTS)
    assert item is not None
    assert (item.threshold, item.typical_reply) == (6 * D, 3 * D)


def test_threshold_is_minimum_silence_when_larger() -> None:
    # T = median(1d, 1d, 1d) = 1d; 2 x T = 2d < 3d -> threshold = 3d:
    # 2 days of silence (= 2T) is not enough, 3 days is
    delays = (D, D, D)
    assert silence_item(silent(NOW - 2 * D, delays=delays), NOW, BERLIN, DEFAULTS) is None
    assert silence_item(silent(NOW - 3 * D + US, delays=delays), NOW, BERLIN, DEFAULTS) is None
    item = silence_item(silent(NOW - 3 * D, delays=delays), NOW, BERLIN, DEFAULTS)
    assert item is not None
    assert item.threshold == 3 * D


def test_even_number_of_delays_uses_mean_of_middle_two() -> None:
    # T = median(1d, 2d, 4d, 5d) = (2d + 4d) / 2 = 3d; threshold = max(3d, 6d) = 6d
    delays = (D, 2 * D, 4 * D, 5 * D)
    assert silence_item(silent(NOW - 6 * D + US, delays=delays), NOW, BERLIN, DEFAULTS) is None
    item = silence_item(silent(NOW - 6 * D, delays=delays), NOW, BERLIN, DEFAULTS)
    assert item is not None
    assert item.typical_reply == 3 * D


def test_fewer_than_three_delays_use_the_default_typical_reply() -> None:
    # delays (5d, 5d): only 2 -> T = default 1d (not 5d); threshold = max(3d, 2d) = 3d
    facts = silent(NOW - 3 * D, delays=(5 * D, 5 * D))
    item = silence_item(facts, NOW, BERLIN, DEFAULTS)
    assert item is not None
    assert (item.threshold, item.typical_reply) == (3 * D, D)


def test_default_typical_reply_is_a_setting() -> None:
    # no delays; default T = 2.5d -> threshold = max(3d, 2 x 2.5d = 5d) = 5d
    custom = AttentionSettings(default_typical_reply=timedelta(days=2.5))
    assert silence_item(silent(NOW - 5 * D + US), NOW, BERLIN, custom) is None
    item = silence_item(silent(NOW - 5 * D), NOW, BERLIN, custom)
    assert item is not None
    assert (item.threshold, item.typical_reply) == (5 * D, timedelta(days=2.5))


def test_minimum_silence_and_multiplier_are_settings() -> None:
    # T = median(12h, 12h, 12h) = 12h; settings min 1d, multiplier 3 -> max(1d, 36h) = 36h
    custom = AttentionSettings(min_silence=D, multiplier=3.0)
    delays = (12 * H, 12 * H, 12 * H)
    assert silence_item(silent(NOW - 36 * H + US, delays=delays), NOW, BERLIN, custom) is None
    item = silence_item(silent(NOW - 36 * H, delays=delays), NOW, BERLIN, custom)
    assert item is not None
    assert item.threshold == 36 * H


def test_settings_minimum_silence_wins_when_larger() -> None:
    # T = 1d (default); settings min 5d, multiplier 2 -> max(5d, 2d) = 5d
    custom = AttentionSettings(min_silence=5 * D)
    assert silence_item(silent(NOW - 5 * D + US), NOW, BERLIN, custom) is None
    assert silence_item(silent(NOW - 5 * D), NOW, BERLIN, custom) is not None


def test_client_minimum_silence_overrides_setting() -> None:
    # settings min 1d; client min 7d; T = 1d -> threshold = max(7d, 2d) = 7d
    custom = AttentionSettings(min_silence=D)
    before = silent(NOW - 7 * D + US, min_silence=7 * D)
    at = silent(NOW - 7 * D, min_silence=7 * D)
    assert silence_item(before, NOW, BERLIN, custom) is None
    item = silence_item(at, NOW, BERLIN, custom)
    assert item is not None
    assert item.threshold == 7 * D


def test_client_minimum_silence_may_be_shorter_than_default() -> None:
    # client min 12h; T = 1d default; threshold = max(12h, 2d) = 2d (shorter than default 3d)
    assert silence_item(silent(NOW - 2 * D + US, min_silence=12 * H), NOW, BERLIN, DEFAULTS) is None
    item = silence_item(silent(NOW - 2 * D, min_silence=12 * H), NOW, BERLIN, DEFAULTS)
    assert item is not None
    assert item.threshold == 2 * D


def test_client_multiplier_overrides_setting() -> None:
    # T = median(2d, 2d, 2d) = 2d; client multiplier 4 (settings 2) -> max(3d, 8d) = 8d
    delays = (2 * D, 2 * D, 2 * D)
    before = silent(NOW - 8 * D + US, delays=delays, multiplier=4.0)
    at = silent(NOW - 8 * D, delays=delays, multiplier=4.0)
    assert silence_item(before, NOW, BERLIN, DEFAULTS) is None
    item = silence_item(at, NOW, BERLIN, DEFAULTS)
    assert item is not None
    assert item.threshold == 8 * D


def test_no_attempts_no_silence_item() -> None:
    # they wrote last, 200 days ago; we never wrote since -> no silence, however long
    facts = ClientFacts(
        client_id=1,
        name="Acme",
        status=ClientStatus.ACTIVE,
        last_inbound=NOW - 200 * D,
        last_inbound_channel=Channel.EMAIL,
        last_interaction=NOW - 200 * D,
    )
    assert silence_item(facts, NOW, BERLIN, DEFAULTS) is None
    assert attention_items([facts], [], NOW, BERLIN, DEFAULTS) == []


def test_silence_item_carries_attempts_and_overdue() -> None:
    # 2 attempts, latest 4 days ago; threshold 3d -> overdue = 4d - 3d = 1d
    facts = silent(NOW - 4 * D, attempts=2)
    item = silence_item(facts, NOW, BERLIN, DEFAULTS)
    assert item is not None
    assert item.attempts == 2
    assert item.last_attempt == NOW - 4 * D
    assert item.first_attempt == NOW - 4 * D - H
    assert item.overdue == D


@pytest.mark.parametrize(
    ("attempts", "level"),
    [(1, Level.SILENT), (4, Level.SILENT), (5, Level.GHOSTED), (7, Level.GHOSTED)],
)
def test_level_is_ghosted_from_five_attempts(attempts: int, level: Level) -> None:
    item = silence_item(silent(NOW - 3 * D, attempts=attempts), NOW, BERLIN, DEFAULTS)
    assert item is not None
    assert item.level is level


@pytest.mark.parametrize(
    ("attempts", "action"),
    [
        (1, Action.FOLLOW_UP),
        (2, Action.SWITCH_CHANNEL),
        (3, Action.SWITCH_TIME),
        (4, Action.FINAL_MESSAGE),
        (5, Action.LET_GO),
    ],
)
def test_silence_item_suggests_the_ladder_step(attempts: int, action: Action) -> None:
    facts = silent(
        NOW - 3 * D,
        attempts=attempts,
        known_channels=frozenset({Channel.EMAIL, Channel.PHONE}),
        inbound_hours=(9,),
    )
    item = silence_item(facts, NOW, BERLIN, DEFAULTS)
    assert item is not None
    assert item.suggestion.action is action


def test_lead_gets_silence_items_too() -> None:
    facts = silent(NOW - 3 * D, status=ClientStatus.LEAD)
    assert kinds(client_items(facts, NOW, BERLIN, DEFAULTS)) == [ItemKind.SILENCE]


# ---------------------------------------------------------------- 2.2 check-in due


def test_checkin_due_cadence_days_after_latest_interaction() -> None:
    # schedule set 2026-10-01; latest interaction 2026-11-10 14:30 UTC (later) ->
    # due = 2026-11-10 14:30 + 7 days = 2026-11-17 14:30
    facts = quiet(
        last_interaction=datetime(2026, 11, 10, 14, 30, tzinfo=UTC),
        cadence_days=7,
        schedule_set_at=datetime(2026, 10, 1, 8, 0, tzinfo=UTC),
    )
    assert checkin_due(facts, UTC_ZONE) == datetime(2026, 11, 17, 14, 30, tzinfo=UTC)


def test_checkin_due_after_schedule_set_at_when_later() -> None:
    # latest interaction 2026-11-01; schedule set 2026-11-12 09:15 (later) ->
    # due = 2026-11-12 09:15 + 7 days = 2026-11-19 09:15
    facts = quiet(
        last_interaction=datetime(2026, 11, 1, 8, 0, tzinfo=UTC),
        cadence_days=7,
        schedule_set_at=datetime(2026, 11, 12, 9, 15, tzinfo=UTC),
    )
    assert checkin_due(facts, UTC_ZONE) == datetime(2026, 11, 19, 9, 15, tzinfo=UTC)


def test_checkin_item_exactly_when_due() -> None:
    # latest interaction 7 days before NOW, cadence 7 -> due = NOW -> item, overdue 0
    facts = quiet(last_interaction=NOW - 7 * D, cadence_days=7)
    item = checkin_item(facts, NOW, BERLIN)
    assert isinstance(item, CheckinItem)
    assert item.due == NOW
    assert item.overdue == timedelta(0)
    assert item.channel is Channel.PHONE
    assert kinds(attention_items([facts], [], NOW, BERLIN, DEFAULTS)) == [ItemKind.CHECKIN_DUE]


def test_no_checkin_item_just_before_due() -> None:
    # due = NOW + 1 us -> nothing yet
    facts = quiet(last_interaction=NOW - 7 * D + US, cadence_days=7)
    assert checkin_item(facts, NOW, BERLIN) is None
    assert attention_items([facts], [], NOW, BERLIN, DEFAULTS) == []


def test_checkin_left_out_while_silence_item_stands() -> None:
    # attempt 5 days ago (silence threshold 3d -> silence item);
    # cadence 2 from that interaction -> check-in due 3 days ago, but only the silence shows
    facts = silent(
        NOW - 5 * D,
        cadence_days=2,
        schedule_channel=Channel.PHONE,
        schedule_set_at=NOW - 60 * D,
    )
    assert checkin_item(facts, NOW, BERLIN) is not None  # due on its own...
    assert kinds(client_items(facts, NOW, BERLIN, DEFAULTS)) == [ItemKind.SILENCE]  # ...hidden


def test_checkin_shows_when_attempt_is_not_yet_a_silence() -> None:
    # attempt 2 days ago (< 3d threshold: no silence item); cadence 1 -> due 1 day ago -> check-in
    facts = silent(
        NOW - 2 * D,
        cadence_days=1,
        schedule_channel=Channel.PHONE,
        schedule_set_at=NOW - 60 * D,
    )
    assert kinds(client_items(facts, NOW, BERLIN, DEFAULTS)) == [ItemKind.CHECKIN_DUE]


def test_cadence_zero_means_no_checkin() -> None:
    facts = quiet(last_interaction=NOW - 400 * D, cadence_days=0)
    assert checkin_due(facts, BERLIN) is None
    assert client_items(facts, NOW, BERLIN, DEFAULTS) == []


def test_paused_client_gets_no_checkin_but_silence_still() -> None:
    due_checkin = quiet(last_interaction=NOW - 30 * D, cadence_days=7, status=ClientStatus.PAUSED)
    assert client_items(due_checkin, NOW, BERLIN, DEFAULTS) == []
    silence = silent(NOW - 3 * D, status=ClientStatus.PAUSED)
    assert kinds(client_items(silence, NOW, BERLIN, DEFAULTS)) == [ItemKind.SILENCE]


def test_paused_client_still_gets_next_step_items() -> None:
    # docs/rules.md §6 only takes check-ins away from paused clients
    facts = quiet(
        last_interaction=NOW - 30 * D,
        cadence_days=7,
        status=ClientStatus.PAUSED,
        commitments=(Commitment("Send the quote", TODAY, None),),
    )
    assert kinds(client_items(facts, NOW, BERLIN, DEFAULTS)) == [ItemKind.NEXT_STEP_DUE]


@pytest.mark.parametrize(
    ("zone", "last_local", "due_local", "hours"),
    [
        # Berlin spring forward 2026-03-29: 14 calendar days = 14 x 24h - 1h
        (BERLIN, datetime(2026, 3, 20, 10, 0), datetime(2026, 4, 3, 10, 0), 14 * 24 - 1),
        # Berlin fall back 2026-10-25: 14 x 24h + 1h
        (BERLIN, datetime(2026, 10, 20, 10, 0), datetime(2026, 11, 3, 10, 0), 14 * 24 + 1),
        # New York spring forward 2026-03-08
        (NEW_YORK, datetime(2026, 3, 1, 10, 0), datetime(2026, 3, 15, 10, 0), 14 * 24 - 1),
        # New York fall back 2026-11-01
        (NEW_YORK, datetime(2026, 10, 25, 10, 0), datetime(2026, 11, 8, 10, 0), 14 * 24 + 1),
    ],
    ids=["berlin-spring", "berlin-autumn", "new-york-spring", "new-york-autumn"],
)
def test_checkin_keeps_local_wall_clock_across_dst(
    zone: ZoneInfo, last_local: datetime, due_local: datetime, hours: int
) -> None:
    # latest interaction 10:00 local, cadence 14 -> due 10:00 local 14 calendar days later
    last = last_local.replace(tzinfo=zone).astimezone(UTC)
    facts = quiet(last_interaction=last, cadence_days=14)
    due = checkin_due(facts, zone)
    assert due is not None
    assert due.astimezone(zone).hour == 10
    assert due.astimezone(zone).replace(tzinfo=None) == due_local
    assert due - last == timedelta(hours=hours)
    assert abs((due - last) - 14 * D) == H
    assert checkin_item(facts, due - US, zone) is None
    assert checkin_item(facts, due, zone) is not None


# ---------------------------------------------------------------- 2.3 next step due


def test_next_step_due_today_local() -> None:
    facts = quiet(
        last_interaction=NOW - 2 * D,
        cadence_days=0,
        commitments=(Commitment("Send the quote", TODAY, "Hank"),),
    )
    items = client_items(facts, NOW, BERLIN, DEFAULTS)
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, NextStepItem)
    assert (item.next_step, item.due, item.contact) == ("Send the quote", TODAY, "Hank")


def test_next_step_not_due_before_its_date() -> None:
    facts = quiet(
        last_interaction=NOW - 2 * D,
        cadence_days=0,
        commitments=(Commitment("Send the quote", TODAY + D, None),),
    )
    assert client_items(facts, NOW, BERLIN, DEFAULTS) == []


def test_next_step_uses_local_date_not_utc_date() -> None:
    # 2026-11-24 03:30 UTC is 2026-11-23 22:30 in New York: the local date is the 23rd
    late_evening = datetime(2026, 11, 24, 3, 30, tzinfo=UTC)
    due_24 = quiet(
        last_interaction=late_evening - 2 * D,
        cadence_days=0,
        commitments=(Commitment("Call back", date(2026, 11, 24), None),),
    )
    due_23 = replace(due_24, commitments=(Commitment("Call back", date(2026, 11, 23), None),))
    assert client_items(due_24, late_evening, NEW_YORK, DEFAULTS) == []  # UTC says 24th: not yet
    assert kinds(client_items(due_23, late_evening, NEW_YORK, DEFAULTS)) == [ItemKind.NEXT_STEP_DUE]
    # 1 us before local midnight: still not due; at 00:00 New York (05:00 UTC): due
    midnight = datetime(2026, 11, 24, 0, 0, tzinfo=NEW_YORK)
    assert client_items(due_24, midnight - US, NEW_YORK, DEFAULTS) == []
    assert kinds(client_items(due_24, midnight, NEW_YORK, DEFAULTS)) == [ItemKind.NEXT_STEP_DUE]


def test_next_step_shows_alongside_silence() -> None:
    facts = silent(NOW - 3 * D, commitments=(Commitment("Send the quote", TODAY - 2 * D, None),))
    assert sorted(kinds(client_items(facts, NOW, BERLIN, DEFAULTS))) == sorted(
        [ItemKind.SILENCE, ItemKind.NEXT_STEP_DUE]
    )


# ---------------------------------------------------------------- 2.5 status


@pytest.mark.parametrize("status", [ClientStatus.GHOSTED, ClientStatus.CLOSED])
def test_ghosted_and_closed_get_only_invoice_items(status: ClientStatus) -> None:
    # the same client would have a silence (5 attempts, 10 days), a next step and, without
    # the silence, a check-in; but its status silences all of them. Its invoice stays.
    facts = silent(
        NOW - 10 * D,
        attempts=5,
        status=status,
        cadence_days=1,
        schedule_channel=Channel.PHONE,
        schedule_set_at=NOW - 60 * D,
        commitments=(Commitment("Send the quote", TODAY - D, None),),
    )
    no_silence = replace(facts, attempts=0, first_attempt=None, last_attempt=None)
    assert client_items(facts, NOW, BERLIN, DEFAULTS) == []
    assert client_items(no_silence, NOW, BERLIN, DEFAULTS) == []
    items = attention_items([facts, no_silence], [invoice(TODAY - 3 * D)], NOW, BERLIN, DEFAULTS)
    assert kinds(items) == [ItemKind.INVOICE_OVERDUE]
    assert items[0].client == "Acme"


# ---------------------------------------------------------------- 2.4 invoices


def test_invoice_due_today_is_not_overdue() -> None:
    assert invoice_item(invoice(TODAY), NOW, BERLIN, DEFAULTS) is None


def test_invoice_due_today_is_not_overdue_even_with_a_zero_day_stage() -> None:
    # docs/rules.md §5: only a due date BEFORE today counts, whatever the stage days say
    custom = AttentionSettings(stage_days=((Stage.REMINDER_1, 0), (Stage.FINAL_NOTICE, 30)))
    assert invoice_item(invoice(TODAY), NOW, BERLIN, custom) is None
    item = invoice_item(invoice(TODAY - D), NOW, BERLIN, custom)
    assert item is not None
    assert (item.days_overdue, item.stage) == (1, Stage.REMINDER_1)


def test_invoice_due_yesterday_is_one_day_overdue() -> None:
    item = invoice_item(invoice(TODAY - D), NOW, BERLIN, DEFAULTS)
    assert isinstance(item, InvoiceItem)
    assert (item.days_overdue, item.stage) == (1, Stage.REMINDER_1)
    assert item.amount_due == Money(125000, "EUR")


@pytest.mark.parametrize("minor", [0, -500])
def test_invoice_with_nothing_outstanding_is_not_listed(minor: int) -> None:
    assert invoice_item(invoice(TODAY - 40 * D, minor=minor), NOW, BERLIN, DEFAULTS) is None
    assert attention_items([], [invoice(TODAY - 40 * D, minor=minor)], NOW, BERLIN, DEFAULTS) == []


@pytest.mark.parametrize(
    ("days", "stage"),
    [
        (1, Stage.REMINDER_1),
        (6, Stage.REMINDER_1),
        (7, Stage.REMINDER_2),
        (13, Stage.REMINDER_2),
        (14, Stage.REMINDER_3),
        (29, Stage.REMINDER_3),
        (30, Stage.FINAL_NOTICE),
        (365, Stage.FINAL_NOTICE),
    ],
)
def test_invoice_stage_by_days_overdue(days: int, stage: Stage) -> None:
    # due_on = today - days -> days_overdue = days
    item = invoice_item(invoice(TODAY - days * D), NOW, BERLIN, DEFAULTS)
    assert item is not None
    assert (item.days_overdue, item.stage) == (days, stage)


def test_invoice_custom_stage_days() -> None:
    custom = AttentionSettings(
        stage_days=(
            (Stage.REMINDER_1, 1),
            (Stage.REMINDER_2, 3),
            (Stage.REMINDER_3, 5),
            (Stage.FINAL_NOTICE, 10),
        )
    )
    expected = {
        2: Stage.REMINDER_1,
        3: Stage.REMINDER_2,
        9: Stage.REMINDER_3,
        10: Stage.FINAL_NOTICE,
    }
    for days, stage in expected.items():
        item = invoice_item(invoice(TODAY - days * D), NOW, BERLIN, custom)
        assert item is not None
        assert item.stage is stage, days


def test_invoice_overdue_uses_local_date() -> None:
    # 2026-11-24 03:30 UTC is 2026-11-23 22:30 in New York; an invoice due on the 23rd is not
    # overdue there yet, but it is one day overdue by the UTC date
    late_evening = datetime(2026, 11, 24, 3, 30, tzinfo=UTC)
    bill = invoice(date(2026, 11, 23))
    assert invoice_item(bill, late_evening, NEW_YORK, DEFAULTS) is None
    item = invoice_item(bill, late_evening, UTC_ZONE, DEFAULTS)
    assert item is not None
    assert item.days_overdue == 1
    # and in New York the next local day it is
    item = invoice_item(bill, datetime(2026, 11, 24, 0, 0, tzinfo=NEW_YORK), NEW_YORK, DEFAULTS)
    assert item is not None
    assert item.days_overdue == 1


# ---------------------------------------------------------------- 2.6 order


def test_urgent_items_first_then_by_how_far_past_due() -> None:
    ghosted = silent(NOW - 3 * D - H, attempts=5, name="Bravo", client_id=2)  # overdue 1h
    silence = silent(NOW - 8 * D, attempts=1, name="Charlie", client_id=3)  # overdue 5d
    checkin = quiet(last_interaction=NOW - 10 * D, cadence_days=7, name="Delta", client_id=4)
    bills = [
        invoice(TODAY - 2 * D, client="Echo", cid=5),  # reminder_1, 2 days
        invoice(TODAY - 30 * D, client="Foxtrot", cid=6),  # final_notice, 30 days
    ]
    items = attention_items([checkin, silence, ghosted], bills, NOW, BERLIN, DEFAULTS)
    # urgent: Foxtrot (final notice, 30d) then Bravo (ghosted, 1h);
    # then Charlie (5d), Delta (3d), Echo (2d)
    assert [(i.client, i.kind) for i in items] == [
        ("Foxtrot", ItemKind.INVOICE_OVERDUE),
        ("Bravo", ItemKind.SILENCE),
        ("Charlie", ItemKind.SILENCE),
        ("Delta", ItemKind.CHECKIN_DUE),
        ("Echo", ItemKind.INVOICE_OVERDUE),
    ]


def test_ghosted_silence_outranks_an_older_plain_silence() -> None:
    ghosted = silent(NOW - 3 * D, attempts=6, name="Zulu", client_id=1)  # overdue 0
    old = silent(NOW - 90 * D, attempts=4, name="Alpha", client_id=2)  # overdue 87d
    items = attention_items([old, ghosted], [], NOW, BERLIN, DEFAULTS)
    assert [i.client for i in items] == ["Zulu", "Alpha"]


def test_ties_are_ordered_by_client_name() -> None:
    bills = [
        invoice(TODAY - 5 * D, client="Charlie", cid=3),
        invoice(TODAY - 5 * D, client="Alpha", cid=1),
        invoice(TODAY - 5 * D, client="Bravo", cid=2),
    ]
    items = attention_items([], bills, NOW, BERLIN, DEFAULTS)
    assert [i.client for i in items] == ["Alpha", "Bravo", "Charlie"]


# ---------------------------------------------------------------- properties over histories

CHANNELS = (Channel.EMAIL, Channel.PHONE, Channel.SMS)
BASE = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
Touch = tuple[datetime, Direction, Channel]


def facts_from_history(history: list[Touch], zone: ZoneInfo = BERLIN) -> ClientFacts:
    """ClientFacts of one client derived from its interactions, as rules.md §1 defines them."""
    ordered = sorted(history, key=lambda touch: touch[0])
    inbound = [t for t in ordered if t[1] is Direction.IN]
    last_in = inbound[-1] if inbound else None
    attempts = [
        t for t in ordered if t[1] is Direction.OUT and (last_in is None or t[0] > last_in[0])
    ]
    delays = reply_delays((to_micros(when), direction) for when, direction, _ in ordered)
    return ClientFacts(
        client_id=1,
        name="Acme",
        status=ClientStatus.ACTIVE,
        last_inbound=last_in[0] if last_in else None,
        last_inbound_channel=last_in[2] if last_in else None,
        attempts=len(attempts),
        first_attempt=attempts[0][0] if attempts else None,
        last_attempt=attempts[-1][0] if attempts else None,
        last_attempt_channel=attempts[-1][2] if attempts else None,
        unanswered_channels=frozenset(t[2] for t in attempts),
        reply_delays=tuple(timedelta(microseconds=d) for d in delays),
        last_interaction=ordered[-1][0] if ordered else None,
        known_channels=frozenset(t[2] for t in ordered),
        inbound_hours=tuple(t[0].astimezone(zone).hour for t in inbound),
    )


def expected_threshold(history: list[Touch]) -> timedelta:
    """max(3 days, 2 x T), T = median of the last 10 reply delays or 1 day, computed here."""
    ordered = sorted(history, key=lambda touch: touch[0])
    delays: list[timedelta] = []
    waiting_since: datetime | None = None
    for when, direction, _ in ordered:
        if direction is Direction.OUT and waiting_since is None:
            waiting_since = when
        elif direction is Direction.IN and waiting_since is not None:
            delays.append(when - waiting_since)
            waiting_since = None
    last_ten = delays[-10:]
    typical = median(last_ten) if len(last_ten) >= 3 else D
    return max(3 * D, 2 * typical)


@st.composite
def histories(draw: st.DrawFn, min_attempts: int = 0) -> list[Touch]:
    """Up to 25 interactions at distinct minutes over about 60 days, then ``min_attempts``
    outbound messages after all of them."""
    minutes = draw(st.lists(st.integers(0, 60 * 24 * 60), unique=True, max_size=25))
    history = [
        (
            BASE + timedelta(minutes=m),
            draw(st.sampled_from([Direction.IN, Direction.OUT])),
            draw(st.sampled_from(CHANNELS)),
        )
        for m in sorted(minutes)
    ]
    end = BASE + timedelta(days=61)
    for k in range(min_attempts):
        history.append((end + timedelta(hours=k), Direction.OUT, draw(st.sampled_from(CHANNELS))))
    return history


@settings(max_examples=200, deadline=None)
@given(histories(min_attempts=1), st.integers(1, 10_000))
def test_reply_after_last_attempt_removes_silence(history: list[Touch], minutes: int) -> None:
    facts = facts_from_history(history)
    assert facts.last_attempt is not None
    now = facts.last_attempt + expected_threshold(history) + timedelta(days=1)
    assert silence_item(facts, now, BERLIN, DEFAULTS) is not None
    reply = (facts.last_attempt + timedelta(minutes=minutes), Direction.IN, Channel.EMAIL)
    answered = facts_from_history([*history, reply])
    assert answered.attempts == 0
    assert silence_item(answered, now, BERLIN, DEFAULTS) is None
    assert ItemKind.SILENCE not in kinds(attention_items([answered], [], now, BERLIN, DEFAULTS))


@settings(max_examples=200, deadline=None)
@given(histories(), st.data())
def test_older_reply_never_lowers_attempt_count(history: list[Touch], data: st.DataObject) -> None:
    facts = facts_from_history(history)
    assume(facts.last_inbound is not None)  # else there is no "older than the latest" reply to add
    taken = {when for when, _, _ in history}
    earlier = data.draw(
        st.integers(1, 90 * 24 * 60)
        .map(lambda m: facts.last_inbound - timedelta(minutes=m))  # type: ignore[operator]
        .filter(lambda when: when not in taken),
        label="older reply",
    )
    more = facts_from_history([*history, (earlier, Direction.IN, Channel.SMS)])
    assert more.attempts >= facts.attempts
    if facts.attempts:
        # far enough ahead that both are silences whatever the pace: compare the items
        now = BASE + timedelta(days=400)
        before = silence_item(facts, now, BERLIN, DEFAULTS)
        after = silence_item(more, now, BERLIN, DEFAULTS)
        assert before is not None
        assert after is not None
        assert after.attempts >= before.attempts


@settings(max_examples=200, deadline=None)
@given(histories(min_attempts=1), st.data())
def test_silence_never_before_threshold(history: list[Touch], data: st.DataObject) -> None:
    facts = facts_from_history(history)
    assert facts.last_attempt is not None
    threshold = expected_threshold(history)
    early_us = data.draw(st.integers(1, threshold // US + 30 * 24 * 3600 * 10**6), label="early")
    early = facts.last_attempt + threshold - timedelta(microseconds=early_us)
    assert silence_item(facts, early, BERLIN, DEFAULTS) is None
    assert attention_items([facts], [], early, BERLIN, DEFAULTS) == []
    item = silence_item(facts, facts.last_attempt + threshold, BERLIN, DEFAULTS)
    assert item is not None
    assert item.threshold == threshold


def usual_hour(hours: tuple[int, ...]) -> int:
    counts = Counter(hours)
    return min(counts, key=lambda hour: (-counts[hour], hour))


@settings(max_examples=200, deadline=None)
@given(histories(min_attempts=1), st.integers(0, 3))
def test_ladder_step_equals_attempt_count(history: list[Touch], extra: int) -> None:
    extended = list(history)
    last = max(when for when, _, _ in history)
    for k in range(extra):
        extended.append((last + timedelta(hours=k + 1), Direction.OUT, CHANNELS[k % 3]))
    facts = facts_from_history(extended)
    now = BASE + timedelta(days=400)
    item = silence_item(facts, now, BERLIN, DEFAULTS)
    assert item is not None
    step = ladder_step(facts.attempts)
    suggestion = item.suggestion
    untried = facts.known_channels - facts.unanswered_channels
    if step is Action.SWITCH_CHANNEL and not untried:
        # documented fallback: no channel left -> switch_time with an hour
        assert suggestion.action is Action.SWITCH_TIME
        assert suggestion.hour is not None
        return
    assert suggestion.action is step
    if step is Action.FOLLOW_UP:
        assert suggestion.channel is facts.last_attempt_channel
    elif step is Action.SWITCH_CHANNEL:
        assert suggestion.channel in untried
        if facts.last_inbound_channel in untried:
            assert suggestion.channel is facts.last_inbound_channel
    elif step is Action.SWITCH_TIME:
        if facts.inbound_hours:
            assert suggestion.hour == usual_hour(facts.inbound_hours)
        else:
            local = facts.last_attempt.astimezone(BERLIN)  # type: ignore[union-attr]
            assert suggestion.hour == (10 if local.hour >= 12 else 15)
    assert item.level is (Level.GHOSTED if facts.attempts >= 5 else Level.SILENT)


def test_invoice_is_listed_from_day_one_even_when_the_first_reminder_is_later() -> None:
    # first reminder moved to 3 days; due yesterday: days_overdue = 1 < 3, still money owed
    later = replace(DEFAULTS, stage_days=((Stage.REMINDER_1, 3), *DEFAULTS.stage_days[1:]))
    item = invoice_item(invoice(TODAY - D), NOW, UTC_ZONE, later)
    assert item is not None
    assert (item.days_overdue, item.stage) == (1, Stage.REMINDER_1)
