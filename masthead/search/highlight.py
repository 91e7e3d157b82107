"""Snippets for the results page: the passage around the first match, matched word forms marked.

Works on the text as readers see it, word by word through the same morphology
as the index, so "Екатеринбурге" is marked for a search for "Екатеринбург".
Everything is escaped; only our own `<mark>` is markup.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from masthead.lib import morphology

SNIPPET_CHARS = 260
# A match further into the text than this is not looked for: the snippet is then the opening.
_MAX_SCAN = 16_000


class _Matcher:
    """Does a word of the text match the query? Remembered per word, as texts repeat their words."""

    def __init__(self, words: frozenset[str]):
        self.words = words
        self.seen: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        hit = self.seen.get(word)
        if hit is None:
            hit = self.seen[word] = not morphology.is_stopword(word) and not self.words.isdisjoint(
                morphology.lemmas(word, True)
            )
        return hit

    def spans(self, text: str, offset: int = 0) -> list[tuple[int, int]]:
        return [(offset + t.start, offset + t.end) for t in morphology.iter_tokens(text) if self(t.word)]

    def first(self, text: str, limit: int) -> int | None:
        """Where the first matching word of text[:limit] starts."""
        for t in morphology.iter_tokens(text[:limit]):
            if self(t.word):
                return t.start
        return None


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, cursor = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out += [escape(text[cursor:a]), "<mark>", escape(text[a:b]), "</mark>"]
        cursor = b
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlight(text: str, words: frozenset[str]) -> SafeString:
    """The whole (short) text, escaped, with matched words marked: for headlines."""
    return mark_safe(_marked(text, _Matcher(words).spans(text), 0, len(text)))


def snippet(text: str, words: frozenset[str], length: int = SNIPPET_CHARS) -> SafeString:
    """About `length` characters around the first match, escaped, matches marked; else the opening."""
    text = " ".join(text[: _MAX_SCAN + length].split())
    matcher = _Matcher(words)
    first = matcher.first(text, _MAX_SCAN)
    if first is None:
        end = _word_end(text, length)
        return mark_safe(escape(text[:end]) + ("…" if end < len(text) else ""))
    start = 0 if first < length // 3 else _word_start(text, first - length // 3)
    end = _word_end(text, start + length)
    body = _marked(text, matcher.spans(text[start:end], start), start, end)
    return mark_safe(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))


def _word_start(text: str, index: int) -> int:
    space = text.find(" ", index)
    return space + 1 if 0 <= space < index + 40 else index


def _word_end(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", index - 40, index)
    return space if space > 0 else index
