"""The one interface every way of showing a notification implements, and a button on one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

DEFAULT_ACTION = "default"  # the freedesktop key for a click on the notification itself


class Notifier(Protocol):
    """Shows one notification to the user."""

    def notify(self, title: str, body: str) -> bool:
        """Whether the user was shown it; never raises, never blocks for long."""
        ...


@dataclass(frozen=True)
class Button:
    """One button on a notification: the key the desktop reports back, and its label."""

    key: str
    label: str
