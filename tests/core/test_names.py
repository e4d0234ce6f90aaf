"""Names: one written form each, and no character that makes a look-alike of another."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from freelance_ghost.core.names import NameRefusedError, clean_name, is_clean_name


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Globex", "Globex"),
        ("  Globex\t", "Globex"),
        ("\u3000東京デザイン\u3000", "東京デザイン"),  # ideographic spaces trimmed
        ("\xa0Globex\u2009", "Globex"),  # no-break and thin spaces trimmed
        ("Cafe\u0301", "Café"),  # e and a combining accent: the one character é
        ("Acme\xa0Ltd", "Acme Ltd"),  # a no-break space inside is a plain space
        ("Jürgen & Söhne", "Jürgen & Söhne"),
        ("O'Brien-Smith (UK)", "O'Brien-Smith (UK)"),
        ("", ""),
    ],
)
def test_a_name_has_one_written_form(typed: str, stored: str) -> None:
    assert clean_name(typed) == stored
    assert is_clean_name(stored)


@pytest.mark.parametrize(
    ("typed", "character", "position"),
    [
        ("\ufeffGlobex", "U+FEFF (ZERO WIDTH NO-BREAK SPACE, a byte order mark)", 1),
        ("Glo\u200bbex", "U+200B (ZERO WIDTH SPACE)", 4),
        ("Globex\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)", 7),
        ("  Glo\u200dbex", "U+200D (ZERO WIDTH JOINER)", 6),  # counted in the text as typed
        ("Glo\x00bex", "U+0000 (a control character)", 4),
        ("Glo\x85bex", "U+0085 (a control character)", 4),
        ("Glo\tbex", "U+0009 (a control character)", 4),
        ("Glo\u2028bex", "U+2028 (LINE SEPARATOR)", 4),
        ("Glo\u00adbex", "U+00AD (SOFT HYPHEN)", 4),
    ],
)
def test_an_invisible_character_is_refused_where_it_is(
    typed: str, character: str, position: int
) -> None:
    with pytest.raises(NameRefusedError) as refused:
        clean_name(typed)
    assert str(refused.value) == (
        f"{character} at character {position} cannot be seen or changes how the text around "
        "it is shown; remove it"
    )
    assert refused.value.position == position


@given(st.text())
@example("Cafe\u0301")
@example("a\u00a0b")
@example("\ud7a4")  # unassigned in this Python's Unicode: kept, maybe a newer emoji
def test_the_quick_check_agrees_with_the_full_one(text: str) -> None:
    """What the history reader's one-step path keeps without a look, clean_name keeps too."""
    if is_clean_name(text):
        assert clean_name(text) == text.strip()
    try:
        cleaned = clean_name(text)
    except NameRefusedError:
        assert not is_clean_name(text.strip())
        return
    assert clean_name(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert cleaned == cleaned.strip()


@pytest.mark.parametrize("hidden", ["\u034f", "\u3164", "\u2800", "\u115f", "\ufe00", "\uffa0"])
def test_letters_and_marks_that_show_nothing_are_refused(hidden: str) -> None:
    """Not format characters to Unicode, but as invisible: "Acme" and "Acme" plus one of
    them would be two clients that look the same."""
    with pytest.raises(NameRefusedError) as refused:
        clean_name(f"Acme{hidden}")
    assert refused.value.position == 5


def test_an_emoji_keeps_its_picture_style_selector() -> None:
    assert clean_name("Café \u2615\ufe0f") == "Café \u2615\ufe0f"
