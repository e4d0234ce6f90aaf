"""The settings table: every key once, each read back as written, damage falls back to defaults."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest

from freelance_ghost.core.attention import AttentionSettings
from freelance_ghost.store.inspection import START_MINIMISED, database_path, peek_ui_state
from freelance_ghost.store.models import Setting
from freelance_ghost.store.reminders import note_check_shown, note_check_unshown
from freelance_ghost.store.settings import (
    CHECK_UNSHOWN_SINCE,
    MIN_SILENCE,
    PAUSED,
    QUIET_HOURS,
    RECORDS_ID,
    SETTINGS,
    START_IN_TRAY,
    QuietHours,
    SettingSpec,
    load,
    load_attention_settings,
    records_id,
    save,
)
from tests.conftest import NOW


def test_every_key_is_declared_once() -> None:
    keys = [spec.key for spec in SETTINGS]
    assert len(keys) == len(set(keys))
    assert "reminders.check_unshown_since" in keys


@pytest.mark.parametrize(
    "spec", [s for s in SETTINGS if s is not RECORDS_ID], ids=lambda spec: spec.key
)
def test_each_setting_reads_back_its_default(db: Path, spec: SettingSpec[object]) -> None:
    """Every setting but the records' id, which the records are made with (test below)."""
    assert load(spec) == spec.default  # nothing stored yet
    save([(spec, spec.default)])
    assert load(spec) == spec.default


@pytest.mark.parametrize(
    "spec", [s for s in SETTINGS if s.kind not in ("text", "base64")], ids=lambda s: s.key
)
def test_a_damaged_value_gives_the_default(db: Path, spec: SettingSpec[object]) -> None:
    Setting.replace(key=spec.key, value="-3 and garbage").execute()
    assert load(spec) == spec.default


def test_values_are_read_back_typed(db: Path) -> None:
    save(
        [
            (QUIET_HOURS, QuietHours(time(22), time(7, 30))),
            (PAUSED, True),
            (MIN_SILENCE, timedelta(hours=50)),
        ]
    )
    assert load(QUIET_HOURS) == QuietHours(time(22), time(7, 30))
    assert load(PAUSED) is True
    assert load_attention_settings().min_silence == timedelta(hours=50)
    save([(QUIET_HOURS, None)])
    assert load(QUIET_HOURS) is None  # off, not the default


def test_the_engine_defaults_are_the_documented_ones(db: Path) -> None:
    assert load_attention_settings() == AttentionSettings()


def test_start_in_the_tray_is_seen_before_the_database_code_loads(db: Path) -> None:
    save([(START_IN_TRAY, True)])
    assert peek_ui_state(database_path(db))[START_MINIMISED] == "1"


def test_the_first_check_without_a_service_is_noted_once(db: Path) -> None:
    assert note_check_unshown(NOW)
    assert not note_check_unshown(NOW + timedelta(minutes=5))
    assert load(CHECK_UNSHOWN_SINCE) == NOW
    note_check_shown()
    assert load(CHECK_UNSHOWN_SINCE) is None
    assert note_check_unshown(NOW + timedelta(hours=1))  # news again


def test_new_records_have_their_id_from_the_start(db: Path) -> None:
    """Made when the records are, so a read-only folder's first export can read it."""
    stored = load(RECORDS_ID)
    assert stored is not None
    assert records_id() == stored
