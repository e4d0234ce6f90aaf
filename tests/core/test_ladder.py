"""docs/rules.md §2, the follow-up ladder: one rung per unanswered attempt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from freelance_ghost.core.facts import ClientFacts
from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.core.ladder import Action, Suggestion, ladder_step, suggest

BERLIN = ZoneInfo("Europe/Berlin")
LAST_ATTEMPT = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # 10:00 in Berlin (UTC+1)


def facts(
    attempts: int,
    *,
    last_attempt: datetime = LAST_ATTEMPT,
    last_attempt_channel: Channel | None = Channel.EMAIL,
    unanswered: frozenset[Channel] | None = None,
    last_inbound_channel: Channel | None = None,
    known: frozenset[Channel] = frozenset(),
    inbound_hours: tuple[int, ...] = (),
) -> ClientFacts:
    return ClientFacts(
        client_id=1,
        name="Acme",
        status=ClientStatus.ACTIVE,
        last_inbound=(
            LAST_ATTEMPT - timedelta(days=10) if last_inbound_channel is not None else None
        ),
        last_inbound_channel=last_inbound_channel,
        attempts=attempts,
        first_attempt=last_attempt - timedelta(days=attempts - 1),
        last_attempt=last_attempt,
        last_attempt_channel=last_attempt_channel,
        unanswered_channels=(
            unanswered
            if unanswered is not None
            else frozenset([last_attempt_channel] if last_attempt_channel else [])
        ),
        known_channels=known,
        inbound_hours=inbound_hours,
    )


@pytest.mark.parametrize(
    ("attempts", "action"),
    [
        (1, Action.FOLLOW_UP),
        (2, Action.SWITCH_CHANNEL),
        (3, Action.SWITCH_TIME),
        (4, Action.FINAL_MESSAGE),
        (5, Action.LET_GO),
        (6, Action.LET_GO),
        (9, Action.LET_GO),
    ],
)
def test_ladder_step_by_attempts(attempts: int, action: Action) -> None:
    assert ladder_step(attempts) is action


@pytest.mark.parametrize("attempts", [0, -1])
def test_ladder_starts_at_one_attempt(attempts: int) -> None:
    with pytest.raises(ValueError, match="first unanswered attempt"):
        ladder_step(attempts)


# n = 1: follow up on the same channel as the latest attempt


def test_one_attempt_follows_up_on_latest_attempt_channel() -> None:
    # latest attempt by sms, client last wrote by phone: follow-up stays on sms
    f = facts(
        1,
        last_attempt_channel=Channel.SMS,
        last_inbound_channel=Channel.PHONE,
        known=frozenset({Channel.PHONE, Channel.EMAIL, Channel.SMS}),
    )
    assert suggest(f, BERLIN) == Suggestion(Action.FOLLOW_UP, channel=Channel.SMS)


# n = 2: switch channel


def test_two_attempts_switch_to_latest_inbound_channel_when_untried() -> None:
    # unanswered {email}; they last wrote by sms; phone comes first in the order but the
    # latest inbound channel wins when it qualifies -> sms
    f = facts(
        2,
        unanswered=frozenset({Channel.EMAIL}),
        last_inbound_channel=Channel.SMS,
        known=frozenset({Channel.PHONE, Channel.EMAIL, Channel.SMS}),
    )
    assert suggest(f, BERLIN) == Suggestion(Action.SWITCH_CHANNEL, channel=Channel.SMS)


def test_two_attempts_skip_latest_inbound_channel_if_already_tried() -> None:
    # they last wrote by email, but email is among the unanswered attempts -> first in the
    # order phone, email, video, ... among known {email, social, phone} not tried -> phone
    f = facts(
        2,
        unanswered=frozenset({Channel.EMAIL}),
        last_inbound_channel=Channel.EMAIL,
        known=frozenset({Channel.EMAIL, Channel.SOCIAL, Channel.PHONE}),
    )
    assert suggest(f, BERLIN) == Suggestion(Action.SWITCH_CHANNEL, channel=Channel.PHONE)


@pytest.mark.parametrize(
    ("unanswered", "known", "expected"),
    [
        # order: phone, email, video, sms, social, in_person, other
        ({Channel.PHONE}, {Channel.PHONE, Channel.EMAIL, Channel.VIDEO}, Channel.EMAIL),
        (
            {Channel.PHONE, Channel.EMAIL},
            {Channel.EMAIL, Channel.SMS, Channel.VIDEO},
            Channel.VIDEO,
        ),
        ({Channel.EMAIL}, {Channel.EMAIL, Channel.OTHER, Channel.SOCIAL}, Channel.SOCIAL),
        ({Channel.EMAIL}, {Channel.EMAIL, Channel.OTHER, Channel.IN_PERSON}, Channel.IN_PERSON),
        ({Channel.EMAIL}, {Channel.EMAIL, Channel.OTHER}, Channel.OTHER),
        (
            {Channel.EMAIL, Channel.SMS},
            {Channel.EMAIL, Channel.SMS, Channel.SOCIAL},
            Channel.SOCIAL,
        ),
    ],
)
def test_two_attempts_without_inbound_use_spec_order(
    unanswered: set[Channel], known: set[Channel], expected: Channel
) -> None:
    f = facts(2, unanswered=frozenset(unanswered), known=frozenset(known))
    assert suggest(f, BERLIN) == Suggestion(Action.SWITCH_CHANNEL, channel=expected)


def test_two_attempts_never_suggest_an_unknown_channel() -> None:
    # unanswered {email}; known {email, sms}: phone is first in the order but not known -> sms
    f = facts(
        2, unanswered=frozenset({Channel.EMAIL}), known=frozenset({Channel.EMAIL, Channel.SMS})
    )
    assert suggest(f, BERLIN) == Suggestion(Action.SWITCH_CHANNEL, channel=Channel.SMS)


def test_two_attempts_with_no_channel_left_fall_back_to_switch_time() -> None:
    # every known channel {email, phone} already used by the unanswered attempts, and the
    # latest inbound channel (phone) too -> switch_time at their usual hour: hours 9, 14, 14 -> 14
    f = facts(
        2,
        unanswered=frozenset({Channel.EMAIL, Channel.PHONE}),
        last_inbound_channel=Channel.PHONE,
        known=frozenset({Channel.EMAIL, Channel.PHONE}),
        inbound_hours=(9, 14, 14),
    )
    assert suggest(f, BERLIN) == Suggestion(Action.SWITCH_TIME, hour=14)


def test_two_attempts_fallback_without_inbound_uses_attempt_hour() -> None:
    # only channel email, already tried, no inbound on record; the latest attempt at 10:00
    # Berlin (before noon) -> suggest 15
    f = facts(2, unanswered=frozenset({Channel.EMAIL}), known=frozenset({Channel.EMAIL}))
    assert suggest(f, BERLIN) == Suggestion(Action.SWITCH_TIME, hour=15)


# n = 3: switch time


def test_three_attempts_suggest_the_hour_they_most_often_write() -> None:
    # hours 17, 8, 17, 11 -> 17 (twice)
    f = facts(3, inbound_hours=(17, 8, 17, 11), last_inbound_channel=Channel.EMAIL)
    assert suggest(f, BERLIN) == Suggestion(Action.SWITCH_TIME, hour=17)


def test_three_attempts_tie_goes_to_the_earliest_hour() -> None:
    # hours 16, 9, 16, 9, 20 -> 9 and 16 tie at two each -> 9
    f = facts(3, inbound_hours=(16, 9, 16, 9, 20), last_inbound_channel=Channel.EMAIL)
    assert suggest(f, BERLIN) == Suggestion(Action.SWITCH_TIME, hour=9)


@pytest.mark.parametrize(
    ("local_attempt", "hour"),
    [
        # Berlin winter is UTC+1: 11:59 local is 10:59 UTC, 12:00 local is 11:00 UTC. Reading
        # the hour in UTC instead would give 15 for both.
        (datetime(2026, 1, 15, 11, 59, 59, 999999, tzinfo=BERLIN), 15),
        (datetime(2026, 1, 15, 12, 0, tzinfo=BERLIN), 10),
        # Berlin summer is UTC+2: 12:00 local is 10:00 UTC.
        (datetime(2026, 7, 15, 11, 59, tzinfo=BERLIN), 15),
        (datetime(2026, 7, 15, 12, 0, tzinfo=BERLIN), 10),
        (datetime(2026, 7, 15, 0, 0, tzinfo=BERLIN), 15),
        (datetime(2026, 7, 15, 23, 59, tzinfo=BERLIN), 10),
    ],
)
def test_three_attempts_without_inbound_use_the_other_half_of_the_day(
    local_attempt: datetime, hour: int
) -> None:
    # with no inbound on record: 10 if the latest attempt was at/after 12:00 local, else 15
    f = facts(3, last_attempt=local_attempt.astimezone(UTC))
    assert suggest(f, BERLIN) == Suggestion(Action.SWITCH_TIME, hour=hour)


# n = 4 and later


def test_four_attempts_send_a_final_message() -> None:
    f = facts(4, known=frozenset({Channel.PHONE}), inbound_hours=(9,))
    assert suggest(f, BERLIN) == Suggestion(Action.FINAL_MESSAGE)


@pytest.mark.parametrize("attempts", [5, 9])
def test_five_or_more_attempts_let_go(attempts: int) -> None:
    f = facts(attempts, known=frozenset({Channel.PHONE}), inbound_hours=(9,))
    assert suggest(f, BERLIN) == Suggestion(Action.LET_GO)
