"""Articles into the search index: their words as lexemes, written in bulk.

Every word goes through `masthead.lib.morphology`, the same path a query takes,
so "Екатеринбурге" in an article and "Екатеринбург" in the search box meet at
the same lexeme. Each field keeps the lexemes of its words in order; `pairs`
holds every adjacent pair of words as "lemma_lemma" lexemes (all readings of
both), which is how a phrase typed by the reader outranks the same words
scattered, on both databases alike.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from wagtail.rich_text import get_text_for_indexing

from masthead.articles.models import ArticlePage
from masthead.core.bulk_rows import write_rows
from masthead.lib import morphology
from masthead.search.models import SearchEntry, recency_key
from masthead.search.query import quote_lexeme

# Beyond this a body is not read further: a long text has said what it is about by then.
MAX_BODY_CHARS = 100_000
# Adjacent pairs (the phrase bonus) are kept for the headline, the lead and this many body words:
# pairs are the bulk of the index, and a phrase that matters is near the top of a news text.
PAIRS_BODY_WORDS = 300
# tsvector limits: positions up to 16383, at most 256 positions kept per lexeme.
_MAX_POSITION = 16383
_MAX_POSITIONS_PER_LEXEME = 255
WEIGHTS = {"headline": "A", "lead": "B", "body": "C", "pairs": "D"}
BATCH = 500


analyse = morphology.analyse


def pair_lexemes(words: list[tuple[str, ...]]) -> list[str]:
    """Every reading of every two adjacent words, as one "a_b" lexeme each."""
    return [f"{a}_{b}" for first, second in itertools.pairwise(words) for a in first for b in second]


def body_text(article: ArticlePage) -> str:
    """The body as readers read it: paragraphs, subheadings, quotes and captions; no markup."""
    parts = []
    for block in article.body:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(get_text_for_indexing(value.source))
        elif block.block_type == "subheading":
            parts.append(str(value))
        elif block.block_type == "quote":
            parts += [value.get("text") or "", value.get("attribution") or ""]
        elif block.block_type == "image":
            parts.append(value.get("caption") or "")
    return "\n".join(part for part in parts if part)[:MAX_BODY_CHARS]


@dataclass
class Document:
    """One article's fields, as lexeme lists per field."""

    headline: list[tuple[str, ...]]
    lead: list[tuple[str, ...]]
    body: list[tuple[str, ...]]

    def pairs(self) -> list[str]:
        return pair_lexemes(self.headline) + pair_lexemes(self.lead) + pair_lexemes(self.body[:PAIRS_BODY_WORDS])

    def tsvector(self) -> str:
        """The PostgreSQL tsvector literal: a word's readings share its position, fields their weight."""
        positions: dict[str, list[str]] = {}
        position = 0
        for field in ("headline", "lead", "body"):
            weight = WEIGHTS[field]
            for word in getattr(self, field):
                position = min(position + 1, _MAX_POSITION)
                for lexeme in word:
                    entry = positions.setdefault(lexeme, [])
                    if len(entry) < _MAX_POSITIONS_PER_LEXEME:
                        entry.append(f"{position}{weight}")
            position += 1  # no pair spans two fields
        for lexeme in self.pairs():
            entry = positions.setdefault(lexeme, [])
            if not entry or (len(entry) < _MAX_POSITIONS_PER_LEXEME and entry[-1][-1] != "D"):
                entry.append("1D")  # a pair counts once: its presence is the bonus
        return " ".join(f"{quote_lexeme(lexeme)}:{','.join(p)}" for lexeme, p in positions.items())


def _flat(words: list[tuple[str, ...]]) -> str:
    return " ".join(lexeme for word in words for lexeme in word)


def entry_for(article: ArticlePage, postgres: bool) -> SearchEntry:
    body = body_text(article)
    document = Document(headline=analyse(article.title), lead=analyse(article.lead or ""), body=analyse(body))
    published_at = article.published_at or article.first_published_at or timezone.now()
    entry = SearchEntry(
        article_id=article.pk,
        language=article.language,
        published_at=published_at,
        recency=recency_key(published_at, article.pk),
        text=f"{article.lead or ''}\n{body}",
    )
    if postgres:
        entry.vector = document.tsvector()  # the lexeme columns would only repeat it
    else:
        entry.headline, entry.lead, entry.body = _flat(document.headline), _flat(document.lead), _flat(document.body)
        entry.pairs = " ".join(dict.fromkeys(document.pairs()))
    return entry


def index_articles(ids: Iterable[int], articles: Iterable[ArticlePage] | None = None) -> int:
    """(Re)index the articles with these ids: live ones written, others removed. Returns rows written.

    `articles`, when the caller has just read or written these pages (the importer's bulk
    path), are indexed as they are instead of being read again; they must carry the
    pages' saved values."""
    ids = list(ids)
    given = {article.pk: article for article in articles or ()}
    written = 0
    postgres = connection.vendor == "postgresql"
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        if given:
            chosen = [given[pk] for pk in batch if pk in given and given[pk].live]
            missing = [pk for pk in batch if pk not in given]
        else:
            chosen, missing = [], batch
        if missing:
            chosen += ArticlePage.objects.filter(pk__in=missing, live=True).only(
                "pk", "title", "lead", "body", "language", "published_at", "first_published_at"
            )
        entries = [entry_for(article, postgres) for article in chosen]
        with transaction.atomic():
            # Delete then insert: one statement each, and the FTS5 triggers see plain rows.
            SearchEntry.objects.filter(article_id__in=batch).delete()
            write_rows(SearchEntry, entries)  # COPY on PostgreSQL: the tsvector literals are long
        written += len(entries)
    return written


def index_article(article: ArticlePage) -> None:
    """Bring one article's entry up to date (published: written; otherwise removed)."""
    index_articles([article.pk])


def remove_articles(ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(article_id__in=list(ids)).delete()


def rebuild(*, progress=None) -> int:
    """Index every live article from scratch; returns how many are indexed."""
    ids = list(ArticlePage.objects.filter(live=True).order_by("pk").values_list("pk", flat=True))
    SearchEntry.objects.exclude(article__live=True).delete()
    written = 0
    for start in range(0, len(ids), BATCH * 4):
        written += index_articles(ids[start : start + BATCH * 4])
        if progress:
            progress(written, len(ids))
    return written
