"""Counted words ('1 client', '3 clients'): the one place that picks a word's plural form.

Every count the app shows, prints or says goes through here, so a translation changes the rule
in one place: French, for one, uses its singular for 0 as well as 1 ('0 client').
"""

from __future__ import annotations


def form_for(count: float, one: str, other: str) -> str:
    """``one`` for exactly one, ``other`` for any other count (0, 2, 1.5): English's rule.

    The forms may be whole phrases ('1 thing needs you'), as translators prefer them.
    """
    return one if count == 1 else other


def counted(count: int, one: str, other: str) -> str:
    """The count, then the word in the form that count takes: '1 row', '0 rows', '12 rows'."""
    return f"{count} {form_for(count, one, other)}"
