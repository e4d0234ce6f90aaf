"""Real integration needs real tools: skip without them, except under CI, where they must exist."""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


def unavailable(reason: str) -> NoReturn:
    """Skips the test, except under CI (``CI=true``), where what it needs must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true, so this test must run, not skip")
    pytest.skip(reason)


def require_tool(name: str) -> str:
    """The path of a program the test needs (skip, or fail under CI, when it is missing)."""
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is not installed")
    return path
