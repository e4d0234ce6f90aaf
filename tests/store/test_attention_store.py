"""The engine over the database: summaries stay true to the interactions, settings persist."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from freelance_ghost.core.attention import AttentionSettings, SilenceItem, Stage
from freelance_ghost.core.history.format import HistoryEvent
from freelance_ghost.core.kinds import Channel, ClientStatus, Direction, EventKind
from freelance_ghost.services.attention import attention_at
from freelance_ghost.store.attention import attention_facts
from freelance_ghost.store.conversation import compute_summaries
from freelance_ghost.store.history import import_history
from freelance_ghost.store.interactions import log_interaction, set_silence_overrides
from freelance_ghost.store.models import Client, Conversation, Interaction, database
from freelance_ghost.store.settings import load_attention_settings, save_attention_settings
from tests.conftest import BERLIN

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday


def talk(
    client: str,
    hours: float,
    direction: Direction,
    channel: Channel = Channel.EMAIL,
    **extra: object,
) -> HistoryEvent:
    return HistoryEvent(
        EventKind.INTERACTION,
        client,
        T0 + timedelta(hours=hours),
        direction=direction,
        channel=channel,
        **extra,
    )  # type: ignore[arg-type]


def stored_summary(client_id: int) -> Conversation | None:
    return Conversation.get_or_none(Conversation.client == client_id)


def test_import_stores_summaries_and_triggers_drop_them(db: Path) -> None:
    import_history([talk("Globex", 0, Direction.OUT), talk("Globex", 5, Direction.IN)])
    globex = Client.get()
    assert stored_summary(globex.id) is not None
    Interaction.create(
        client=globex, direction="out", channel="phone", occurred_at=T0 + timedelta(days=1)
    )
    assert stored_summary(globex.id) is None  # dropped: the engine recomputes it
    log_interaction(globex.id, Direction.OUT, Channel.SMS, T0 + timedelta(days=2))
    summary = stored_summary(globex.id)
    assert summary is not None
    assert summary.attempts == 2
    Interaction.delete().where(Interaction.channel == "sms").execute()
    assert stored_summary(globex.id) is None
    Interaction.create(client=globex, direction="in", channel="phone", occurred_at=T0)
    Interaction.update(direction="out").where(Interaction.direction == "in").execute()
    assert stored_summary(globex.id) is None


def test_engine_answers_the_same_with_or_without_summaries(db: Path) -> None:
    import_history(
        [
            talk("Globex", 0, Direction.OUT),
            talk("Globex", 2, Direction.IN),
            talk("Globex", 24, Direction.OUT),
            talk("Globex", 30, Direction.IN),
            talk("Globex", 48, Direction.OUT),
            talk("Globex", 52, Direction.IN),
            talk("Globex", 100, Direction.OUT, Channel.PHONE),
            talk(
                "Initech",
                0,
                Direction.OUT,
                next_step="Send contract",
                next_step_due=date(2026, 3, 5),
            ),
        ]
    )
    now = T0 + timedelta(days=10)
    with_cache = [r.sentence for r in attention_at(now, BERLIN)]
    database.execute_sql("DELETE FROM conversation")
    assert [r.sentence for r in attention_at(now, BERLIN)] == with_cache
    assert len(with_cache) == 3  # Globex silent, Initech silent, Initech's next step


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2000), st.sampled_from(list(Direction)), st.sampled_from(list(Channel))
        ),
        min_size=1,
        max_size=25,
    )
)
def test_stored_summary_equals_a_fresh_one(
    db: Path, touches: list[tuple[int, Direction, Channel]]
) -> None:
    database.execute_sql("DELETE FROM interaction")
    database.execute_sql("DELETE FROM client")
    import_history([talk("Globex", hours, way, channel) for hours, way, channel in touches[:-1]])
    hours, way, channel = touches[-1]
    if Client.select().exists():
        log_interaction(Client.get().id, way, channel, T0 + timedelta(hours=hours))
    else:
        import_history([talk("Globex", hours, way, channel)])
    client_id = Client.get().id
    stored = stored_summary(client_id)
    assert stored is not None
    fresh = compute_summaries([client_id])[client_id]
    assert stored.attempts == fresh.attempts
    assert stored.last_out == fresh.last_out
    assert stored.reply_delays == ",".join(map(str, fresh.reply_delays))


def test_a_message_from_a_ghosted_client_makes_it_active(db: Path) -> None:
    import_history([HistoryEvent(EventKind.CLIENT, "Globex", T0, status="ghosted")])
    globex = Client.get()
    log_interaction(globex.id, Direction.OUT, Channel.EMAIL, T0 + timedelta(days=1))
    assert Client.get().status == ClientStatus.GHOSTED  # our own message changes nothing
    log_interaction(globex.id, Direction.IN, Channel.EMAIL, T0 + timedelta(days=2))
    assert Client.get().status == ClientStatus.ACTIVE


def test_settings_are_stored_and_default_to_spec(db: Path) -> None:
    assert load_attention_settings() == AttentionSettings()
    changed = AttentionSettings(
        default_typical_reply=timedelta(hours=36),
        min_silence=timedelta(days=5),
        multiplier=2.5,
        stage_days=(
            (Stage.REMINDER_1, 3),
            (Stage.REMINDER_2, 10),
            (Stage.REMINDER_3, 21),
            (Stage.FINAL_NOTICE, 45),
        ),
    )
    save_attention_settings(changed)
    assert load_attention_settings() == changed


def test_stored_settings_change_the_answer(db: Path) -> None:
    import_history([talk("Globex", 0, Direction.OUT)])
    # one attempt, no replies: T = 1 day (default), threshold = max(3 days, 2 x 1 day) = 3 days
    four_days = T0 + timedelta(days=4)
    assert [r.item.client for r in attention_at(four_days, BERLIN)] == ["Globex"]
    save_attention_settings(AttentionSettings(min_silence=timedelta(days=5)))
    assert attention_at(four_days, BERLIN) == []  # now 5 days must pass


def test_a_slow_client_gets_its_own_minimum_silence(db: Path) -> None:
    import_history([talk("Globex", 0, Direction.OUT), talk("Initech", 0, Direction.OUT)])
    slow = Client.get(Client.name == "Globex")
    set_silence_overrides(slow.id, min_silence_hours=24 * 10, multiplier=None)
    # Globex: threshold = max(10 days, 2 x 1 day) = 10 days; Initech keeps 3 days
    at_four_days = [r.item.client for r in attention_at(T0 + timedelta(days=4), BERLIN)]
    assert at_four_days == ["Initech"]
    at_ten_days = {r.item.client for r in attention_at(T0 + timedelta(days=10), BERLIN)}
    assert at_ten_days == {"Globex", "Initech"}
    set_silence_overrides(slow.id, min_silence_hours=None, multiplier=6.0)
    # threshold = max(3 days, 6 x 1 day) = 6 days
    items = attention_at(T0 + timedelta(days=6), BERLIN)
    silence = next(r.item for r in items if r.item.client == "Globex")
    assert isinstance(silence, SilenceItem)
    assert silence.threshold == timedelta(days=6)


def test_overrides_refuse_nonsense(db: Path) -> None:
    import_history([talk("Globex", 0, Direction.OUT)])
    with pytest.raises(ValueError, match="more than zero"):
        set_silence_overrides(Client.get().id, min_silence_hours=0, multiplier=None)
    with pytest.raises(ValueError, match="more than zero"):
        set_silence_overrides(Client.get().id, min_silence_hours=None, multiplier=-1.0)


def test_only_clients_that_can_be_due_become_facts(db: Path) -> None:
    import_history(
        [
            talk("Quiet but fine", 0, Direction.OUT),
            talk("Quiet but fine", 1, Direction.IN),
            talk("Waiting", 0, Direction.OUT),
        ]
    )
    names = [f.name for f in attention_facts(T0 + timedelta(days=4), BERLIN, AttentionSettings())]
    assert names == ["Waiting"]


def test_a_damaged_stored_setting_falls_back_to_its_default(db: Path) -> None:
    save_attention_settings(AttentionSettings(min_silence=timedelta(days=5)))
    database.execute_sql("UPDATE setting SET value = 'five' WHERE key = 'multiplier'")
    database.execute_sql("UPDATE setting SET value = '-3' WHERE key = 'stage_days.reminder_2'")
    settings = load_attention_settings()
    assert settings.min_silence == timedelta(days=5)  # the sound ones are kept
    assert settings.multiplier == AttentionSettings().multiplier
    assert dict(settings.stage_days) == dict(AttentionSettings().stage_days)
