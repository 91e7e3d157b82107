"""Searching the index: filters, ranking and pages, the same on SQLite and PostgreSQL.

Ranking, on both databases:
- text relevance over the lemmatised words, headline above lead above body
  (BM25 with column weights on SQLite's FTS5; ts_rank with weights A/B/C on
  PostgreSQL, whose repeated-word credit saturates by itself);
- plus a phrase bonus: the query's adjacent words found adjacent in the article
  (the "a_b" pair lexemes of `indexing`);
- times a gentle recency factor, 1 + RECENCY_BOOST / (1 + age in days / RECENCY_DAYS):
  today's article gets up to +30 %, a month-old one +9 %, last year's nearly nothing.

Each page of results costs a count and one ranked page of ids; the articles
are then read once through the listing queryset.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from masthead.articles.models import ArticleAuthor, ArticlePage, ArticleRubric, Author, Rubric
from masthead.core import times
from masthead.search.models import SearchEntry
from masthead.search.query import Query

RECENCY_BOOST = 0.3
RECENCY_DAYS = 14
# SQLite: BM25 weights of headline, lead, body, pairs.
FTS5_WEIGHTS = (10.0, 4.0, 1.0, 3.0)
# PostgreSQL: ts_rank weights {D, C, B, A}: pairs, body, lead, headline.
TS_WEIGHTS = "{1.0, 0.1, 0.4, 1.0}"
PHRASE_WEIGHT = 0.5


@dataclass(frozen=True)
class Filters:
    rubric: Rubric | None = None
    author: Author | None = None
    language: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"  # or "date"


class SearchResults:
    """A lazy, sliceable sequence of ranked articles for Django's Paginator.

    Given the `window` (offset, limit) the page will ask for, the count comes with
    that page's ids in one statement (a window COUNT), so the full-text match runs
    once per page view, not twice.
    """

    def __init__(self, query: Query, filters: Filters, now: dt.datetime | None = None, window: tuple[int, int] | None = None):
        self.query = query
        self.filters = filters
        self.now = now or timezone.now()
        self.window = window
        self._count: int | None = None
        self._prefetched: tuple[int, list[int]] | None = None
        self._sql = _sql_for(query, filters, self.now)

    def count(self) -> int:
        if self._count is None and self.window:
            self._prefetched = (self.window[0], self.ids(*self.window))
        if self._count is None:
            sql, params = self._sql.count()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def ids(self, offset: int, limit: int) -> list[int]:
        """The ids of one page, best first; learns the total on the way when the page is not empty."""
        sql, params = self._sql.page(offset, limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if rows:
            self._count = rows[0][2]
        return [row[0] for row in rows]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("search results are read a page at a time")
        offset = index.start or 0
        limit = max((index.stop if index.stop is not None else offset + 100) - offset, 0)
        if self._prefetched and self._prefetched[0] == offset and len(self._prefetched[1]) >= min(limit, self.count() - offset):
            ids = self._prefetched[1][:limit]
        else:
            ids = self.ids(offset, limit)
        by_id = ArticlePage.objects.filter(pk__in=ids).for_listing().in_bulk()
        texts = dict(SearchEntry.objects.filter(article_id__in=ids).values_list("article_id", "text"))
        articles = []
        for pk in ids:
            if pk in by_id:
                article = by_id[pk]
                article.search_text = texts.get(pk, "")
                articles.append(article)
        return articles


@dataclass
class _SQL:
    select_from: str
    where: list[str]
    params: list
    score: str
    score_params: list
    order: str

    def count(self) -> tuple[str, list]:
        return f"SELECT COUNT(*) {self.select_from} WHERE {' AND '.join(self.where)}", _adapt(self.params)

    def page(self, offset: int, limit: int) -> tuple[str, list]:
        # FTS5's bm25() cannot sit beside a window function: rank inside, count and page outside.
        sql = (
            f"SELECT id, score, COUNT(*) OVER () FROM ("
            f"SELECT e.article_id AS id, {self.score} AS score, e.published_at AS published_at "
            f"{self.select_from} WHERE {' AND '.join(self.where)}"
            f") ranked ORDER BY {self.order} LIMIT %s OFFSET %s"
        )
        return sql, _adapt([*self.score_params, *self.params, limit, offset])


def _adapt(params: list) -> list:
    """Datetimes as the backend stores them (SQLite compares them as text)."""
    return [
        connection.ops.adapt_datetimefield_value(p) if isinstance(p, dt.datetime) and connection.vendor == "sqlite" else p
        for p in params
    ]


def _sql_for(query: Query, filters: Filters, now: dt.datetime) -> _SQL:
    entry = SearchEntry._meta.db_table
    where, params = ["e.published_at <= %s"], [now]
    if filters.language:
        where.append("e.language = %s")
        params.append(filters.language)
    if filters.date_from:
        where.append("e.published_at >= %s")
        params.append(times.day_bounds(filters.date_from)[0])
    if filters.date_to:
        where.append("e.published_at < %s")
        params.append(times.day_bounds(filters.date_to)[1])
    if filters.rubric:
        where.append(f"e.article_id IN (SELECT page_id FROM {ArticleRubric._meta.db_table} WHERE rubric_id = %s)")
        params.append(filters.rubric.pk)
    if filters.author:
        where.append(f"e.article_id IN (SELECT page_id FROM {ArticleAuthor._meta.db_table} WHERE author_id = %s)")
        params.append(filters.author.pk)

    if connection.vendor == "postgresql":
        select_from = f"FROM {entry} e"
        where.insert(0, "e.vector @@ %s::tsquery")
        params.insert(0, query.tsquery())
        age = "(EXTRACT(EPOCH FROM (%s::timestamptz - e.published_at)) / 86400.0)"
        text_score = f"ts_rank('{TS_WEIGHTS}', e.vector, %s::tsquery, 0)"
        score_params = [query.tsquery()]
        if query.pairs:
            text_score = f"({text_score} + {PHRASE_WEIGHT} * ts_rank('{TS_WEIGHTS}', e.vector, %s::tsquery, 0))"
            score_params.append(query.pairs_tsquery())
    else:
        select_from = f"FROM masthead_search_fts JOIN {entry} e ON e.article_id = masthead_search_fts.rowid"
        where.insert(0, "masthead_search_fts MATCH %s")
        params.insert(0, query.fts5())
        age = "(julianday(%s) - julianday(e.published_at))"
        text_score = f"(-bm25(masthead_search_fts, {', '.join(map(str, FTS5_WEIGHTS))}))"
        score_params = []
    score = f"({text_score} * (1.0 + {RECENCY_BOOST} / (1.0 + MAX({age}, 0.0) / {RECENCY_DAYS})))"
    if connection.vendor == "postgresql":
        score = score.replace("MAX(", "GREATEST(")
    score_params.append(now)
    if filters.sort == "date":
        order = "published_at DESC, id DESC"
    else:
        order = "score DESC, published_at DESC, id DESC"
    return _SQL(select_from, where, params, score, score_params, order)


def search_articles(query: Query, filters: Filters | None = None, window: tuple[int, int] | None = None) -> SearchResults:
    """Published articles matching every word of `query`, best first (or newest first).

    `window`: the (offset, limit) that will be read first, fetched with the count.
    """
    return SearchResults(query, filters or Filters(), window=window)
