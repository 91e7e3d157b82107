"""One morphology layer for Russian and English text: normalise, tokenise, lemmatise.

Search indexes and queries through it, and the comments policy engine folds
text with the same `fold_char`, so a word is "the same word" in one way across
the site. Plain Python, no Django: the layer contracts keep `masthead.lib` so.

What it promises:

- `normalize(text)`: NFKC, case-folded, ё -> е, format and combining characters
  (zero-width joiners, soft hyphens, bidi marks, accents) dropped.
- `tokens(text)`: the words of a text with their spans in it. Hyphenated words
  and apostrophes split ("Санкт-Петербурге" -> санкт, петербурге), so a part
  finds the whole and a whole finds its parts, on both sides alike.
- `lemmas(word)`: what a word is "the same as". Russian through pymorphy3,
  keeping the dictionary form of every reading of a homonym (стали -> сталь,
  стать), and the surface form too when pymorphy3 does not know the word or the
  word is a name (it reads "Токаев" as a form of "токай" but "Токаева" as
  "токаев": the surface form joins them). English through the Snowball stemmer
  (heated, heating -> heat). Numbers and mixed tokens stay as they are.

Lemmatising is the hot path of indexing and of every query: it is cached.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "Token",
    "fold_char",
    "folds_in_place",
    "normalize",
    "tokens",
    "iter_tokens",
    "lemmas",
    "is_stopword",
    "analyse",
    "script",
    "analyzer",
]

_fold_cache: dict[str, str] = {}
_INVISIBLE = ("Cf", "Mn", "Me", "Cc")


def fold_char(char: str) -> str:
    """What one character becomes for matching ("" for invisible ones; newline and tab kept)."""
    folded = _fold_cache.get(char)
    if folded is None:
        if unicodedata.category(char) in _INVISIBLE and char not in "\n\t":
            folded = ""
        else:
            folded = unicodedata.normalize("NFKC", char).casefold().replace("ё", "е")
            folded = "".join(c for c in folded if unicodedata.category(c) not in ("Mn", "Me"))
        if len(_fold_cache) < 100_000:
            _fold_cache[char] = folded
    return folded


# Text made only of these folds by lower() alone, one character for one: the fast path.
_NEEDS_CHAR_FOLD = re.compile("[^\x00-\x7f\u0400-\u045f«»—–…“”„‘’№\u00a0]")


def folds_in_place(text: str) -> bool:
    """True when `normalize` keeps every character where it is (lower() alone does it)."""
    return not _NEEDS_CHAR_FOLD.search(text)


def normalize(text: str) -> str:
    """The text folded for matching (see the module docstring); lengths may change."""
    if folds_in_place(text):
        return text.lower().replace("ё", "е").replace("\u00a0", " ")
    return "".join(fold_char(char) for char in text)


class Token(NamedTuple):
    """A word of the original text: `start`/`end` index the text as given, `word` is normalised."""

    word: str
    start: int
    end: int
    capitalised: bool


# Longer "words" are identifiers, hashes or junk: never indexed (and PostgreSQL caps a lexeme's size).
MAX_WORD_CHARS = 64
# A run of letters and digits; invisible characters inside a word do not split it.
_WORD = re.compile(r"(?:[^\W_]|[\u00ad\u200b-\u200d\u2060\ufeff\u0300-\u036f])+")
_PLAIN_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[Token]:
    """The words of `text` in order, with their spans in `text` (for highlighting)."""
    return list(iter_tokens(text))


def iter_tokens(text: str) -> Iterator[Token]:
    """`tokens`, lazily: for a caller that stops at the first word it wants."""
    if folds_in_place(text):
        # The common case, Russian and English text: fold once, and spans stay where they were.
        folded = normalize(text)
        for m in _PLAIN_WORD.finditer(folded):
            start, end = m.span()
            if end - start <= MAX_WORD_CHARS:
                yield Token(m.group(), start, end, text[start].isupper())
        return
    for match in _WORD.finditer(text):
        word = normalize(match.group())
        # NFKC may turn one character into a phrase ("㍱" -> "hpa"): keep letters and digits only.
        if word and not word.isalnum():
            word = "".join(c for c in word if c.isalnum())
        if word and len(word) <= MAX_WORD_CHARS:
            yield Token(word, match.start(), match.end(), match.group()[0].isupper())


def script(word: str) -> str:
    """"ru" for Cyrillic letters only, "en" for Latin letters only, else "" (numbers, mixtures)."""
    if word.isascii():
        return "en" if word.isalpha() else ""
    if all(("\u0400" <= c <= "\u04ff") for c in word):
        return "ru"
    return ""


@lru_cache(maxsize=1)
def analyzer():
    """The pymorphy3 analyzer, loaded once (its dictionaries take ~0.1 s and ~15 MB)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def lemmas(word: str, keep_surface: bool = False) -> tuple[str, ...]:
    """The lemmas (stems for English) of one normalised word, sorted; `keep_surface` adds the word itself.

    Russian words pymorphy3 does not know keep the surface form besides its guess.
    """
    kind = script(word)
    if kind == "ru":
        morph = analyzer()
        found = {parse.normal_form.replace("ё", "е") for parse in morph.parse(word)}
        if keep_surface or not morph.word_is_known(word):
            found.add(word)
        return tuple(sorted(found))
    if kind == "en":
        return (_stemmer().stemWord(word.replace("'", "")),)
    return (word,)


# Words too common to say anything about an article. Matched on the normalised surface form.
STOPWORDS = frozenset(
    """
    а и в во на с со к ко о об обо от по за из изо у для до при над под про без через же ли бы ни не но
    или либо то это что как так да нет уже еще ещё вот его ее её их мы вы он она оно они я ты
    the a an and or of to in on at by for with from as is are was were be been it its this that
    these those not but into than then so s t
    """.split()
)


def is_stopword(word: str) -> bool:
    return word in STOPWORDS


@lru_cache(maxsize=200_000)
def _surface_lemmas(surface: str) -> tuple[str, ...] | None:
    """Lemmas of a word as written (case and all); None for stop words and overlong words."""
    word = normalize(surface)
    if len(word) > MAX_WORD_CHARS or word in STOPWORDS:
        return None
    return lemmas(word, surface[0].isupper())


def analyse(text: str) -> list[tuple[str, ...]]:
    """The lemma sets of the meaningful words of `text`, in order: what an index stores.

    Stop words are dropped; names (capitalised) and unknown words keep their surface form.
    The hot path of indexing: plain text is split once and each distinct spelling analysed once.
    """
    if folds_in_place(text):
        found = [_surface_lemmas(surface) for surface in _PLAIN_WORD.findall(text)]
        return [x for x in found if x is not None]
    return [lemmas(t.word, t.capitalised) for t in tokens(text) if t.word not in STOPWORDS]
