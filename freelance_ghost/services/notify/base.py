"""The one interface every way of showing a notification implements."""

from __future__ import annotations

from typing import Protocol


class Notifier(Protocol):
    """Shows one notification to the user."""

    def notify(self, title: str, body: str) -> bool:
        """Whether the user was shown it; never raises, never blocks for long."""
        ...
