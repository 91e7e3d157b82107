"""Text normalisation for matching: one folded copy of the comment, with a map back.

Matching runs on a folded copy (NFKC, case-folded, invisible characters and
combining marks removed, ё -> е: `masthead.lib.morphology.normalize`, the
site's one normaliser, applied character by character) so that full-width letters, zero-width joiners
and capitals cannot hide a word. `Folded.origin` maps every folded character
back to the comment as stored, so a moderator sees the span the reader typed.
"""

import re
import unicodedata
from dataclasses import dataclass

from masthead.lib.morphology import fold_char, folds_in_place, normalize

_C0 = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Look-alikes. Applied per token, only where a token mixes scripts or digits
# with letters, so ordinary words in either language are left as they are.
TO_CYRILLIC = str.maketrans(
    {
        "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м", "n": "п", "o": "о",
        "p": "р", "r": "г", "t": "т", "u": "и", "x": "х", "y": "у",
        "0": "о", "3": "з", "4": "ч", "6": "б", "@": "а",
        # By sound rather than by shape, as readers type them inside a Russian
        # word ("пиzдец", "ид1от", "иdиот"); only tokens that mix scripts get them.
        "1": "и", "i": "и", "z": "з", "d": "д", "l": "л", "g": "г", "s": "с", "v": "в", "f": "ф", "w": "ш",
    }
)
TO_LATIN = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ь": "b",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "m", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
        "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
    }
)
# Letters only: for domains, where digits are digits ("10.30" is a time, not "io.eo").
TO_LATIN_LETTERS = str.maketrans({k: v for k, v in TO_LATIN.items() if not chr(k).isdigit() and chr(k) not in "@$"})
LATIN_LOOKALIKES_OF_CYRILLIC = frozenset("abcehkmnoprtuxy")


def _latin_without_marks() -> dict[int, str]:
    # Latin letters with diacritics read as their base letter ("fück" -> "fuck").
    # Folding keeps them (NFKC composes), and Cyrillic й and ё must keep theirs,
    # so the table covers the Latin blocks only.
    table = {}
    for code in range(0x00C0, 0x0250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base.lower()
    return table


WITHOUT_MARKS = _latin_without_marks()


def clean_text(text: str) -> str:
    """The text as it is stored: NFC, CRLF -> LF, C0 controls (but tab and newline) removed.

    NUL is refused before this by the form: it is never silently dropped.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _C0.sub("", text).strip()


@dataclass(frozen=True)
class Folded:
    original: str
    text: str
    # origin[i]: index in `original` of folded char i, one extra at the end;
    # None when folding kept every character in place.
    origin: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The (start, end) in the original text of folded text[start:end]."""
        if self.origin is None:
            return start, end
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    """Fold `text` (already cleaned) for matching, keeping the map back to it."""
    if folds_in_place(text):
        return Folded(text, normalize(text))
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii() and not char.isupper():
            pieces.append(char)
            origin.append(index)
            continue
        folded = fold_char(char)
        if folded:
            pieces.append(folded)
            origin.extend([index] * len(folded))
    origin.append(len(text))
    return Folded(original=text, text="".join(pieces), origin=tuple(origin))


def has_cyrillic(token: str) -> bool:
    return any("а" <= c <= "я" or c in "ёіїєґў" for c in token)


def has_latin(token: str) -> bool:
    return any("a" <= c <= "z" for c in token)


_REPEATED = re.compile(r"(.)\1+")


def squeeze(token: str) -> str:
    """Letters repeated to stretch a word collapse to one: "хуууй" -> "хуй"."""
    return _REPEATED.sub(r"\1", token)
