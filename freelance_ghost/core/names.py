"""Names of clients, contacts, projects and invoices: one written form, nothing invisible.

Two names that look the same must be the same name, or a history file and a form create
look-alike records: ``Globex`` and ``Globex`` with a zero-width space, a byte order mark or
a right-to-left override inside, or the same accented letter written as one character or
as a letter and an accent.
"""

from __future__ import annotations

import re
import unicodedata

# Characters a name may not hold: controls, format characters (zero-width spaces, joiners,
# byte order marks, direction overrides), line and paragraph separators, lone surrogates.
_REFUSED = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# Letters and marks that show nothing, though Unicode does not call them format characters:
# the combining grapheme joiner, Hangul and Khmer fillers, the blank braille pattern, and
# variation selectors other than the two that pick an emoji's text or picture style.
_INVISIBLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0\ufe00-\ufe0d\U000e0100-\U000e01ef]"
)


class NameRefusedError(ValueError):
    """A name holding a character that cannot be seen or that changes how text runs."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position  # of the character, counted from 1 in the text as given


def is_clean_name(text: str) -> bool:
    """Whether ``text`` is already a name as :func:`clean_name` writes it, trimmed aside.

    Cheap enough for every row of a long history: two scans in C, and for a name that is not
    ASCII a quick check of its normal form.
    """
    if not text.isprintable():
        return False
    return text.isascii() or (
        unicodedata.is_normalized("NFC", text) and _INVISIBLE.search(text) is None
    )


def clean_name(text: str) -> str:
    """The name as records hold and compare it: Unicode whitespace trimmed, any other space
    (no-break, ideographic) a plain one, in Unicode's composed form (NFC).

    A control or format character or a line separator inside is refused, naming the
    character and its position: it would make a name that looks like another one.
    """
    trimmed = text.strip()
    if is_clean_name(trimmed):
        return trimmed
    start = len(text) - len(text.lstrip())
    kept = []
    for index, char in enumerate(trimmed):
        category = unicodedata.category(char)
        if category in _REFUSED or _INVISIBLE.match(char):
            raise NameRefusedError(
                f"{describe_character(char)} at character {start + index + 1} cannot be seen or "
                "changes how the text around it is shown; remove it",
                start + index + 1,
            )
        kept.append(" " if category == "Zs" else char)
    return unicodedata.normalize("NFC", "".join(kept))


def describe_character(char: str) -> str:
    """``U+200B (ZERO WIDTH SPACE)``; controls have no name, so they are called that."""
    name = unicodedata.name(char, "a control character")
    if char == "\ufeff":
        name += ", a byte order mark"
    return f"U+{ord(char):04X} ({name})"
