"""Counted words: one form for exactly one, the other for every other count."""

from __future__ import annotations

import pytest

from freelance_ghost.core.plurals import counted, form_for


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 clients"), (1, "1 client"), (2, "2 clients"), (11, "11 clients"), (21, "21 clients")],
)
def test_a_count_takes_the_form_english_gives_it(count: int, text: str) -> None:
    assert counted(count, "client", "clients") == text


def test_a_whole_phrase_can_change_with_the_count() -> None:
    assert form_for(1, "1 thing needs you", "3 things need you") == "1 thing needs you"
    assert form_for(3, "1 thing needs you", "3 things need you") == "3 things need you"


def test_a_fraction_takes_the_plural() -> None:
    assert form_for(1.5, "day", "days") == "days"
    assert form_for(1.0, "day", "days") == "day"
