"""Banned words: whole words in every inflected form, after look-alikes are undone.

A list is compiled once into sets of word forms, so matching a comment is a
handful of set look-ups per word, however long the list:

- Russian entries expand to every form of their lexeme with pymorphy3
  ("идиот" -> идиота, идиотами...), so "рубля" never matches "бля": words are
  compared whole, never as substrings (the Scunthorpe problem).
- English entries match with regular inflections stripped (idiots, fucking).
- "stem*" matches any word that begins with the stem; "two words" is a phrase.
- A word's look-alike readings are tried too: Latin letters and digits standing
  for Cyrillic ("xyй", "6ля", "3аебал") and the reverse ("fuсk" with a Cyrillic с),
  letters stretched ("хуууй") or spelled apart ("х у й", "f.u.c.k").
- A word cut by a hyphen, dot or apostrophe is read joined too ("ид-иот",
  "14/88"), and a word with letters masked by asterisks ("х*й", "f*ck") is
  read against the list with a run of k asterisks standing for k or k + 1 letters.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from masthead.lib.morphology import analyzer

from .default_words import ORDINARY_HOMONYMS, SURNAME_HOMONYMS

from .normalize import (
    LATIN_LOOKALIKES_OF_CYRILLIC,
    TO_CYRILLIC,
    TO_LATIN,
    WITHOUT_MARKS,
    Folded,
    fold,
    has_cyrillic,
    has_latin,
    squeeze,
)

TOKEN = re.compile(r"(?:[^\W_]|[@$])+")
_PLAIN_RUSSIAN = re.compile(r"[а-я]+")
_PLAIN_LATIN = re.compile(r"[a-z]+")
_HAS_REPEAT = re.compile(r"(.)\1")
# What may separate the letters of a word spelled apart: "х у й", "х.у.й", "f-u-c-k".
_SPELLED_GAP = re.compile(r"[\s.\-_*·•,/|+~]{1,3}")
_EN_SUFFIXES = ("'s", "s", "es", "ed", "ing", "in", "er", "ers", "y")


def morph():
    """The site's one pymorphy3 analyzer (masthead.lib.morphology loads it once)."""
    return analyzer()


@lru_cache(maxsize=50_000)
def russian_forms(word: str) -> frozenset[str]:
    """Every form of the lexemes whose dictionary form is `word` (ё read as е)."""
    forms = {word}
    for parse in morph().parse(word):
        if parse.normal_form.replace("ё", "е") == word:
            forms.update(form.word.replace("ё", "е") for form in parse.lexeme)
    return frozenset(forms)


@lru_cache(maxsize=50_000)
def is_known_russian(word: str) -> bool:
    return morph().word_is_known(word)


def english_stems(word: str) -> list[str]:
    """The word and what it is once a regular inflection is taken off."""
    stems = [word]
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            stems.append(stem)
            stems.append(stem + "e")
            if len(stem) > 3 and stem[-1] == stem[-2]:
                stems.append(stem[:-1])
    return stems


@dataclass(frozen=True)
class WordMatch:
    start: int  # in the folded text
    end: int
    entry: str
    language: str


@dataclass
class WordMatcher:
    """A compiled banned-word list; build with `compile_word_lists`."""

    ru_forms: dict[str, str] = field(default_factory=dict)  # form -> entry
    en_words: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # head -> (stem, entry, language)
    phrases: dict[str, list[tuple[tuple[frozenset[str], ...], str, str]]] = field(default_factory=dict)

    _clean: set[str] = field(default_factory=set)  # tokens known to match nothing
    _phrase_words: set[str] = field(default_factory=set)  # may start or continue a phrase: never skipped

    def __len__(self) -> int:
        return len(self.ru_forms) + len(self.en_words) + len(self.prefixes) + len(self.phrases)

    # Compiling
    def add(self, language: str, entry: str) -> None:
        entry_text = " ".join(fold(entry.strip()).text.split())
        if not entry_text:
            return
        words = entry_text.split(" ")
        if len(words) > 1:
            forms = tuple(self._forms(language, w) for w in words)
            for first in forms[0]:
                self.phrases.setdefault(first, []).append((forms[1:], entry, language))
            for word_forms in forms:
                self._phrase_words.update(word_forms)
            return
        if entry_text.endswith("*"):
            stem = entry_text[:-1]
            if len(stem) >= 3:
                self.prefixes.setdefault(stem[:3], []).append((stem, entry, language))
            return
        if language == "ru":
            for form in russian_forms(entry_text):
                self.ru_forms.setdefault(form, entry)
        else:
            self.en_words.setdefault(entry_text, entry)

    def _forms(self, language: str, word: str) -> frozenset[str]:
        if language == "ru":
            return russian_forms(word)
        return frozenset({word, word + "s", word + "es", word + "ed", word + "ing", word + "er", word + "ers"})

    # Matching
    def variants(self, token: str) -> tuple[str, ...]:
        """The readings of one token: as typed, look-alikes undone, stretching undone."""
        if (
            not _HAS_REPEAT.search(token)
            and (_PLAIN_RUSSIAN.fullmatch(token) or _PLAIN_LATIN.fullmatch(token))
            and "v" not in token
        ):
            # The common case: one script, no stretching. A Latin word made only
            # of letters that look Cyrillic ("cyka") still gets its other reading.
            if token[0] < "z" and set(token) <= LATIN_LOOKALIKES_OF_CYRILLIC:
                return (token, token.translate(TO_CYRILLIC))
            return (token,)
        readings = {token}
        unmarked = token.translate(WITHOUT_MARKS)
        if unmarked != token:
            readings.add(unmarked)
            token = unmarked
        cyrillic, latin = has_cyrillic(token), has_latin(token)
        if cyrillic or (latin and set(token) <= LATIN_LOOKALIKES_OF_CYRILLIC | set("0346@")):
            readings.add(token.translate(TO_CYRILLIC))
        if latin or not cyrillic:
            readings.add(token.translate(TO_LATIN))
        if latin and "v" in token and not cyrillic:
            readings.add(token.translate(TO_LATIN).replace("v", "u"))  # "fvck"
        for reading in list(readings):
            squeezed = squeeze(reading)
            if squeezed != reading:
                readings.add(squeezed)
        return tuple(readings)

    def match_word(self, reading: str, token: str) -> tuple[str, str] | None:
        if reading.isdigit():
            entry = self.en_words.get(reading) or self.ru_forms.get(reading)
            return (entry, "en") if entry else None
        entry = self.ru_forms.get(reading)
        if entry is not None:
            # A stretched reading must not turn a real word into a banned one.
            if reading != token and squeeze(token) == reading and is_known_russian(token):
                return None
            return entry, "ru"
        if self.en_words and reading.isascii():
            for stem in english_stems(reading):
                entry = self.en_words.get(stem)
                if entry is not None:
                    return entry, "en"
        for stem, entry, language in self.prefixes.get(reading[:3], ()):
            if reading.startswith(stem):
                return entry, language
        return None

    def find(self, folded: Folded) -> list[WordMatch]:
        text = folded.text
        clean = self._clean
        # Words already known to match nothing are dropped here, unless a phrase
        # may need them (phrase words are never marked clean).
        tokens = [(m.start(), m.end(), token) for m in TOKEN.finditer(text) if (token := m.group()) not in clean]
        tokens += _spelled_apart(text)
        tokens += _joined(text)
        found: list[WordMatch] = []
        readings: dict[int, tuple[str, ...]] = {}

        def readings_of(index: int) -> tuple[str, ...]:
            if index not in readings:
                readings[index] = self.variants(tokens[index][2])
            return readings[index]

        for index, (start, end, token) in enumerate(tokens):
            hit_before = len(found)
            for reading in readings_of(index):
                hit = self.match_word(reading, token)
                if hit and token.isdigit() and _YEAR_AFTER.match(text, end):
                    hit_before = -1  # "в 1488 году": a year, not the numerals; but never a clean word
                    break
                if hit and reading in ORDINARY_HOMONYMS:
                    hit = None
                if hit and reading in SURNAME_HOMONYMS and _is_a_name(folded, start, end):
                    hit_before = -1  # a surname here; the same word may be the slur elsewhere
                    hit = None
                if hit:
                    found.append(WordMatch(start, end, hit[0], hit[1]))
                    break
                for rest, entry, language in self.phrases.get(reading, ()):
                    if index + len(rest) < len(tokens) and all(
                        # Joined and spelled-apart tokens are appended after the rest:
                        # a phrase continues only with a token further on in the text.
                        tokens[index + 1 + offset][0] >= tokens[index + offset][1]
                        and not forms.isdisjoint(readings_of(index + 1 + offset))
                        and not _LETTER.search(text, tokens[index + offset][1], tokens[index + 1 + offset][0])
                        for offset, forms in enumerate(rest)
                    ):
                        found.append(WordMatch(start, tokens[index + len(rest)][1], entry, language))
                        break
            if len(found) == hit_before and token not in self._phrase_words and len(self._clean) < 200_000:
                # A word that matched nothing never will with this list: skip it next time.
                self._clean.add(token)
        if "*" in text:
            found += self._masked(text)
        # "п.и.з.д.е.ц" is both spelled apart and cut inside: one finding per span.
        found = list({(match.start, match.end): match for match in found}.values())
        found.sort(key=lambda match: match.start)
        return found

    def _masked(self, text: str) -> list[WordMatch]:
        """Words with letters hidden by asterisks, read against every form on the list.

        A scan of the list per masked word; masks are rare and capped per comment.
        """
        found = []
        for match in list(_MASKED.finditer(text))[:20]:
            token = match.group()
            visible = len(token) - token.count("*")
            for reading in dict.fromkeys((token, token.translate(TO_CYRILLIC), token.translate(TO_LATIN))):
                hit = self._masked_entry(_mask_pattern(reading), reading[0], longest=2 * visible - 1)
                if hit:
                    found.append(WordMatch(match.start(), match.end(), hit[0], hit[1]))
                    break
        return found

    def _masked_entry(self, pattern: re.Pattern, first: str, longest: int) -> tuple[str, str] | None:
        # Fewer letters hidden than shown: "x*y" must not read as "херу".
        for form, entry in self.ru_forms.items():
            if form[:1] == first and len(form) <= longest and pattern.fullmatch(form):
                return entry, "ru"
        for word, entry in self.en_words.items():
            if word[:1] == first and any(
                len(word + suffix) <= longest and pattern.fullmatch(word + suffix) for suffix in ("", *_EN_SUFFIXES)
            ):
                return entry, "en"
        return None


# A word cut inside by a hyphen, dot, apostrophe, slash or colon, no spaces: "ид-иот", "бл.ядь", "14/88".
_JOINED_RUN = re.compile(r"(?<![^\W_])[^\W_]+(?:[-‐‑'’./:|_~+][^\W_]+)+(?![^\W_])")
_JOINED_GAP = re.compile(r"[-‐‑'’./:|_~+]")
# Letters hidden by asterisks inside a word: "х*й", "п**дец", "f*ck".
_MASKED = re.compile(r"(?<![^\W_*])[^\W_]+(?:\*{1,4}[^\W_]+)+(?![^\W_*])")
_MASK_PARTS = re.compile(r"\*+|[^*]+")
# A number followed by "год"/"г." is a year ("в 1488 году"), not the numerals of a slogan.
_YEAR_AFTER = re.compile(r"[ \t\u00a0]*(?:год[а-я]*|г\.|г(?![^\W_])|гг\.?|ad\b)")
_SPELLED_RUN = re.compile(r"(?<![^\W_])[^\W_](?:[\s.\-_*·•,/|+~]{1,3}[^\W_]){2,}(?![^\W_])")
_LETTER = re.compile(r"[^\W_]")


def _spelled_apart(text: str) -> list[tuple[int, int, str]]:
    """Runs of three or more single letters with small gaps, joined: "х у й" -> "хуй"."""
    return [(m.start(), m.end(), "".join(_LETTER.findall(m.group()))) for m in _SPELLED_RUN.finditer(text)]


def _is_a_name(folded: Folded, start: int, end: int) -> bool:
    """Capitalised inside a sentence, not shouted: "министр Хохлов", not "Хохлов." nor "ХОХЛОВ"."""
    start, end = folded.span(start, end)
    word = folded.original[start:end]
    if not word[:1].isupper() or word.isupper():
        return False
    before = folded.original[:start].rstrip(" \t\u00a0«\"'(—–-")
    return bool(before) and before[-1] not in ".!?…\n:"


def _joined(text: str) -> list[tuple[int, int, str]]:
    """Words cut inside, read joined; digits cut by a dot or comma stay apart ("1.5", "14.88" are numbers)."""
    joined = []
    for match in _JOINED_RUN.finditer(text):
        run = match.group()
        parts = _JOINED_GAP.split(run)
        if all(part.isdigit() for part in parts) and "." in run:
            continue
        joined.append((match.start(), match.end(), "".join(parts)))
    return joined


def _mask_pattern(token: str) -> re.Pattern:
    """"х*й" -> х, one or two letters, й: a run of k asterisks hides k or k + 1 letters."""
    return re.compile(
        "".join(
            "[^\\W_]{%d,%d}" % (len(part), len(part) + 1) if part.startswith("*") else re.escape(part)
            for part in _MASK_PARTS.findall(token)
        )
    )


def compile_word_lists(entries: Iterable[tuple[str, str]]) -> WordMatcher:
    """A matcher for (language, entry) pairs; language is "ru" or "en"."""
    matcher = WordMatcher()
    for language, entry in entries:
        matcher.add(language, entry)
    return matcher
