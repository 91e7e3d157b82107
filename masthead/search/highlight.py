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
# Texts are scanned this much at a time, stopping at the first chunk with a match.
_CHUNK = 4_000
_MAX_SCAN = 40_000


def _matches(text: str, words: frozenset[str], offset: int = 0) -> list[tuple[int, int]]:
    return [
        (offset + t.start, offset + t.end)
        for t in morphology.tokens(text)
        if not morphology.is_stopword(t.word) and words.intersection(morphology.lemmas(t.word, True))
    ]


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
    return mark_safe(_marked(text, _matches(text, words), 0, len(text)))


def snippet(text: str, words: frozenset[str], length: int = SNIPPET_CHARS) -> SafeString:
    """About `length` characters around the first match, escaped, matches marked; else the opening."""
    text = " ".join(text.split())
    spans: list[tuple[int, int]] = []
    for offset in range(0, min(len(text), _MAX_SCAN), _CHUNK):
        # Chunks overlap by a word's length so a word on the edge is not cut in two.
        chunk_end = min(offset + _CHUNK + morphology.MAX_WORD_CHARS, len(text))
        chunk_start = offset
        if offset:
            space = text.find(" ", offset, offset + morphology.MAX_WORD_CHARS)
            chunk_start = space + 1 if space >= 0 else offset
        spans = [s for s in _matches(text[chunk_start:chunk_end], words, chunk_start)]
        if spans:
            break
    if not spans:
        end = _word_end(text, length)
        return mark_safe(escape(text[:end]) + ("…" if end < len(text) else ""))
    first = spans[0][0]
    start = 0 if first < length // 3 else _word_start(text, first - length // 3)
    end = _word_end(text, start + length)
    body = _marked(text, spans, start, end)
    return mark_safe(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))


def _word_start(text: str, index: int) -> int:
    space = text.find(" ", index)
    return space + 1 if 0 <= space < index + 40 else index


def _word_end(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", index - 40, index)
    return space if space > 0 else index
