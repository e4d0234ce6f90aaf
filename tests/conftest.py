"""Shared fixtures: Qt offscreen, a fresh database per test, a fixed zone and moment."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: no display here

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from freelance_ghost.store.database import close_database, open_database

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder."""
    return tmp_path / "data"


@pytest.fixture
def db(data_dir: Path) -> Iterator[Path]:
    """A freshly created database in ``data_dir``; closed after the test."""
    open_database(data_dir, NOW)
    yield data_dir
    close_database()


@pytest.fixture(autouse=True)
def _no_stray_database() -> Iterator[None]:
    """Every test ends with the shared database closed, so the next starts clean."""
    yield
    close_database()
