"""Where a reader's selection stands in an article: its headline, its lead or a block of its body.

The browser sends what the reader selected, the block it starts in, its offset
and a little text around it. None of that is trusted: the fragment is looked
up again in the revision the reader saw, and the context editors see is cut
from that revision, not from the request.

Matching is done on a normalised copy of the text (NBSP and other spaces,
invisible characters, quote styles and letter case are evened out, whitespace
runs collapse), with a map back to positions in the real text, so offsets and
context always refer to the article as stored.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from wagtail.rich_text import RichText

CONTEXT_CHARS = 100
MAX_CANDIDATES = 1000
BLOCK_SEPARATOR = "\n\n"

_QUOTES = {
    **dict.fromkeys("«»“”„‟″〝〞＂", '"'),
    **dict.fromkeys("‹›‘’‚‛′`´＇", "'"),
}
_WHITESPACE = re.compile(r"\s+")
_INVISIBLE = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_INVISIBLE_RE = re.compile("[" + "".join(sorted(_INVISIBLE)) + "]")
_QUOTE_TABLE = str.maketrans(_QUOTES)
_WORD = re.compile(r"\S+")
_HTML_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"}


# The headline and the lead are selectable like blocks; their ids cannot clash with a StreamField block's (a UUID).
HEADLINE = "headline"
LEAD = "lead"


@dataclass(frozen=True)
class Block:
    """One selectable part as plain text: a StreamField block (index = its position), the headline or the lead."""

    id: str
    index: int | None
    text: str


@dataclass(frozen=True)
class Location:
    block_id: str
    block_index: int | None
    offset: int
    context_before: str
    context_after: str


def normalise(text: str) -> tuple[str, list[int]]:
    """Text for matching, and for each of its characters the position it came from.

    Word by word rather than character by character: the per-character work
    happens in C (translate, lower, range), which keeps long bodies fast.
    """
    parts: list[str] = []
    positions: list[int] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        word, start = match.group(), match.start()
        if _INVISIBLE_RE.search(word):
            kept = [(i, char) for i, char in enumerate(word) if char not in _INVISIBLE]
            if not kept:
                continue
            index: range | list[int] = [start + i for i, _ in kept]
            word = "".join(char for _, char in kept)
        else:
            index = range(start, start + len(word))
        word = word.translate(_QUOTE_TABLE)
        lower = word.lower()
        # A few letters lower-case to two characters (İ): keep those as they are, so positions hold.
        word = lower if len(lower) == len(word) else "".join(c.lower() if len(c.lower()) == 1 else c for c in word)
        if parts:
            parts.append(" ")
            positions.append(previous_end)
        parts.append(word)
        positions.extend(index)
        previous_end = match.end()
    return "".join(parts), positions


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _HTML_BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HTML_BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of rich-text HTML: tags dropped, entities decoded, blocks on their own lines."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return "".join(parser.parts).strip()


def block_text(block_type: str, value) -> str:
    """The text a block shows to readers (as its template renders it), for matching."""
    if isinstance(value, RichText):
        return html_to_text(value.source)
    if block_type == "quote":
        attribution = value.get("attribution") or ""
        return value.get("text", "") + (f"\n— {attribution}" if attribution else "")
    if block_type == "image":
        return "\n".join(part for part in (value.get("caption"), value.get("credit")) if part)
    if isinstance(value, str):
        return value
    return ""


def body_blocks(body) -> list[Block]:
    """The blocks of a StreamField value, as plain text."""
    return [Block(id=child.id or "", index=index, text=block_text(child.block_type, child.value)) for index, child in enumerate(body)]


def article_blocks(article) -> list[Block]:
    """Everything a reader can report in an article (or a revision's copy of it): headline, lead, body."""
    head = [Block(id=HEADLINE, index=None, text=article.title or ""), Block(id=LEAD, index=None, text=article.lead or "")]
    return head + body_blocks(article.body)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _display(text: str) -> str:
    """Context as editors read it: whitespace runs (paragraph breaks too) as one space."""
    return _WHITESPACE.sub(" ", text)


@dataclass(frozen=True)
class _Text:
    """The blocks joined into one text, its normalised copy, and where each block starts in it."""

    joined: str
    starts: list[int]
    haystack: str
    positions: list[int]

    @classmethod
    def of(cls, blocks: list[Block]) -> _Text:
        joined = BLOCK_SEPARATOR.join(block.text for block in blocks)
        starts, position = [], 0
        for block in blocks:
            starts.append(position)
            position += len(block.text) + len(BLOCK_SEPARATOR)
        haystack, positions = normalise(joined)
        return cls(joined, starts, haystack, positions)

    def block_at(self, position: int) -> int:
        """Index of the block holding this position of the joined text."""
        return bisect.bisect_right(self.starts, position) - 1


@dataclass(frozen=True)
class _Hints:
    block: str
    offset: int | None
    before: str  # normalised, at most context_chars
    after: str
    context_chars: int


def _agreement(text: _Text, found: int, end: int, hints: _Hints) -> int:
    """How many characters of the reader's context agree with the text around one occurrence."""
    chars = hints.context_chars
    before = text.haystack[max(0, found - chars) : found].rstrip()
    after = text.haystack[end : end + chars].lstrip()
    return _common_suffix(before, hints.before.rstrip()) + _common_prefix(after, hints.after.lstrip())


def _best_occurrence(text: _Text, blocks: list[Block], needle: str, hints: _Hints) -> tuple[int, int] | None:
    """(start, end) in the normalised text of the occurrence the reader most likely meant.

    Ranked by agreement with the reader's context, then being in the hinted
    block, then nearness to the hinted offset; at most MAX_CANDIDATES looked at.
    """
    best_key, best = None, None
    found = text.haystack.find(needle)
    candidates = 0
    while found >= 0 and candidates < MAX_CANDIDATES:
        candidates += 1
        end = found + len(needle)
        start = text.positions[found]
        index = text.block_at(start)
        offset = start - text.starts[index]
        distance = abs(offset - hints.offset) if hints.offset is not None else 0
        key = (_agreement(text, found, end, hints), bool(hints.block) and blocks[index].id == hints.block, -distance)
        if best_key is None or key > best_key:
            best_key, best = key, (found, end)
        found = text.haystack.find(needle, found + 1)
    return best


def _location(text: _Text, blocks: list[Block], found: int, end_norm: int, context_chars: int) -> Location:
    """The occurrence as stored text positions, with the context editors see around it."""
    start = text.positions[found]
    end = text.positions[end_norm - 1] + 1
    index = text.block_at(start)
    # Context stays inside the block(s) the fragment touches: the next paragraph is another thought.
    last = text.block_at(end - 1)
    block_end = text.starts[last] + len(blocks[last].text)
    joined = text.joined
    return Location(
        block_id=blocks[index].id,
        block_index=blocks[index].index,
        offset=start - text.starts[index],
        context_before=_display(joined[max(text.starts[index], start - context_chars * 2) : start])[-context_chars:],
        context_after=_display(joined[end : min(block_end, end + context_chars * 2)])[:context_chars],
    )


def locate(
    blocks: list[Block],
    fragment: str,
    *,
    block_hint: str = "",
    offset_hint: int | None = None,
    before_hint: str = "",
    after_hint: str = "",
    context_chars: int = CONTEXT_CHARS,
) -> Location | None:
    """Find the occurrence of `fragment` the reader meant, or None when the body lacks it.

    When the fragment occurs several times, the one whose neighbourhood agrees
    best with the reader's context wins; then the one in the hinted block; then
    the one nearest the hinted offset. A selection may span blocks.
    """
    needle, _ = normalise(fragment)
    if not needle:
        return None
    text = _Text.of(blocks)
    hints = _Hints(
        block=block_hint,
        offset=offset_hint,
        before=normalise(before_hint)[0][-context_chars:],
        after=normalise(after_hint)[0][:context_chars],
        context_chars=context_chars,
    )
    best = _best_occurrence(text, blocks, needle, hints)
    if best is None:
        return None
    return _location(text, blocks, *best, context_chars)
