"""Every channel said the same way wherever a sentence names it: nouns, 'by ...', 'Try ...'."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from freelance_ghost.core.attention import (
    AttentionSettings,
    SilenceItem,
    checkin_item,
    silence_item,
)
from freelance_ghost.core.channels import CHANNELS, channel_words
from freelance_ghost.core.facts import ClientFacts, Reachable
from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.core.ladder import Action, Suggestion
from freelance_ghost.core.sentences import sentence

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SENT = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # a week of silence: due on any pace

# channel: (one unanswered, two unanswered, follow up by ..., try phrase with an address)
WORDS = {
    Channel.EMAIL: ("email", "emails", "email", "Try emailing Hank at X1."),
    Channel.PHONE: ("call", "calls", "phone", "Try calling Hank on X1."),
    Channel.SMS: ("text", "texts", "text message", "Try texting Hank on X1."),
    Channel.VIDEO: (
        "video call",
        "video calls",
        "video call",
        "Try suggesting a short video call with Hank on X1.",
    ),
    Channel.IN_PERSON: ("visit", "visits", "meeting in person", "Try catching Hank in person."),
    Channel.SOCIAL: (
        "message",
        "messages",
        "social media",
        "Try reaching Hank on social media at X1.",
    ),
    Channel.OTHER: (
        "message",
        "messages",
        "your usual channel",
        "Try reaching Hank another way at X1.",
    ),
}


def silence(channel: Channel, attempts: int, action: Action, address: str) -> str:
    """The sentence for ``attempts`` unanswered messages on ``channel``, suggesting ``action``."""
    facts = ClientFacts(
        client_id=1,
        name="Hank & Co",
        status=ClientStatus.ACTIVE,
        attempts=attempts,
        first_attempt=SENT,
        last_attempt=SENT,
        last_attempt_channel=channel,
        unanswered_channels=frozenset({channel}),
        last_interaction=SENT,
        known_channels=frozenset({channel}),
    )
    item = silence_item(facts, NOW, BERLIN, AttentionSettings())
    assert isinstance(item, SilenceItem)
    item = replace(item, suggestion=Suggestion(action, channel))
    return sentence(item, (Reachable("Hank", channel, address),), NOW, BERLIN)


@pytest.mark.parametrize("channel", list(Channel))
def test_a_silence_counts_its_messages_in_the_channel_s_noun(channel: Channel) -> None:
    one, two, _, _ = WORDS[channel]
    assert f"; your {one} has gone unanswered" in silence(channel, 1, Action.FOLLOW_UP, "X1")
    assert f"; your 2 {two} have gone unanswered" in silence(channel, 2, Action.FOLLOW_UP, "X1")


@pytest.mark.parametrize("channel", list(Channel))
def test_a_follow_up_names_the_channel(channel: Channel) -> None:
    by = WORDS[channel][2]
    said = silence(channel, 1, Action.FOLLOW_UP, "X1")
    assert said.endswith(f"Send Hank a short, friendly follow-up by {by} (X1).")


@pytest.mark.parametrize("channel", list(Channel))
def test_a_switch_names_the_new_channel_and_address(channel: Channel) -> None:
    assert silence(channel, 2, Action.SWITCH_CHANNEL, "X1").endswith(WORDS[channel][3])
    without = WORDS[channel][3].replace(" on X1", "").replace(" at X1", "")
    assert silence(channel, 2, Action.SWITCH_CHANNEL, "").endswith(without)


@pytest.mark.parametrize("channel", list(Channel))
def test_a_check_in_says_how_to_reach_them(channel: Channel) -> None:
    facts = ClientFacts(
        client_id=2,
        name="Hank & Co",
        status=ClientStatus.ACTIVE,
        last_interaction=NOW - timedelta(days=10),
        cadence_days=7,
        schedule_channel=channel,
        schedule_set_at=NOW - timedelta(days=60),
    )
    item = checkin_item(facts, NOW, BERLIN)
    assert item is not None
    said = sentence(item, (Reachable("Hank", channel, "X1"),), NOW, BERLIN)
    assert said.endswith(f" Reach Hank by {WORDS[channel][2]} (X1).")


def test_the_table_names_every_channel_once() -> None:
    assert set(CHANNELS) == set(Channel)
    assert all(channel_words(channel.value) is CHANNELS[channel] for channel in Channel)
    assert len({words.glyph for words in CHANNELS.values()}) == len(Channel)
