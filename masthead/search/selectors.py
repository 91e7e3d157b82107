"""Searching the index: filters, ranking and pages, the same on SQLite and PostgreSQL.

Ranking, on both databases:
- text relevance over the lemmatised words, headline above lead above body
  (BM25 with column weights on SQLite's FTS5; ts_rank with weights A/B/C on
  PostgreSQL, whose repeated-word credit saturates by itself);
- plus a phrase bonus: the query's adjacent words found adjacent in the article
  (the "a_b" pair lexemes of `indexing`);
- times a gentle recency factor, 1 + RECENCY_BOOST / (1 + age in days / RECENCY_DAYS):
  today's article gets up to +30 %, a month-old one +9 %, last year's nearly nothing.

Why the cost is bounded however many articles match (the bench corpus repeats
fifteen words, so a query matches most of it). Profiled at 20,000 articles on
SQLite, ranking every match was the cost: bm25 over 15,000 matches 200-700 ms,
and reading each match's publication time from the entry table another 200 ms;
counting the matches in FTS5 alone took 2-14 ms. So:

- the count stops at COUNT_CAP ("more than 300 articles found");
- by relevance, only the candidates are scored: the CANDIDATES newest matching
  articles. Those are found through the index in publication order: on SQLite
  the FTS5 rowid is the entry's `recency` key (publication second, then id), so
  "newest first" is the order FTS5 keeps its lists in and a rowid range is the
  candidate set; on PostgreSQL the GIN bitmap is first ANDed with a recent span
  of publication time (see `_PostgresSQL`), so only that span's rows are read;
- by date, the pages are the same newest-first order, exact up to the cap;
- snippets and highlighting are cut for the page shown only (the view).

What that gives up: an older article with the words in its headline is not
ranked when more than CANDIDATES newer articles match (sort by date lists it
when it is among the newest COUNT_CAP). On a news site, with hundreds of newer articles about the same thing, that
is the right loss. Below CANDIDATES matches the ranking is exact. 300: each
candidate costs PostgreSQL a detoasted tsvector (about 4 KB, 30-40 µs) per
ts_rank, and 300 is fifteen pages of results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from masthead.articles.models import ArticleAuthor, ArticlePage, ArticleRubric, Author, Rubric
from masthead.core import times
from masthead.search.models import SearchEntry, recency_key, RECENCY_SHIFT
from masthead.search.query import Query

RECENCY_BOOST = 0.3
RECENCY_DAYS = 14
# SQLite: BM25 weights of headline, lead, body, pairs.
FTS5_WEIGHTS = (10.0, 4.0, 1.0, 3.0)
# PostgreSQL: ts_rank weights {D, C, B, A}: pairs, body, lead, headline.
TS_WEIGHTS = "{1.0, 0.1, 0.4, 1.0}"
PHRASE_WEIGHT = 0.5
# Relevance ranks at most this many articles per query: the newest that match.
CANDIDATES = 300
# Counting stops here; every page the pager offers exists (COUNT_CAP <= CANDIDATES).
COUNT_CAP = CANDIDATES
# PostgreSQL looks for the candidates in the last this-many days first, then in all time.
RECENT_WINDOWS = (30, 365)


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

    The count is capped: past COUNT_CAP matches it says COUNT_CAP and `more` is
    true, so no page view counts hundreds of thousands of rows.
    """

    def __init__(self, query: Query, filters: Filters, now: dt.datetime | None = None):
        self.query = query
        self.filters = filters
        self.now = now or timezone.now()
        self._count: int | None = None
        self.more = False
        self._sql = (_PostgresSQL if connection.vendor == "postgresql" else _SQLiteSQL)(query, filters, self.now)

    def count(self) -> int:
        if self._count is None:
            found = self._sql.capped_count(COUNT_CAP + 1)
            self.more = found > COUNT_CAP
            self._count = min(found, COUNT_CAP)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def ids(self, offset: int, limit: int) -> list[int]:
        """The ids of one page, best first (or newest first)."""
        if limit <= 0:
            return []
        if self.filters.sort == "date":
            return self._sql.dated_page(offset, limit)
        if offset >= CANDIDATES:
            return []
        return self._sql.ranked_page(offset, min(limit, CANDIDATES - offset))

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("search results are read a page at a time")
        offset = index.start or 0
        limit = max((index.stop if index.stop is not None else offset + 100) - offset, 0)
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


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _filters(filters: Filters, column: str) -> tuple[list[str], list]:
    """Rubric, author and language as SQL on the entry aliased e (the dates are each vendor's own)."""
    where, params = [], []
    if filters.language:
        where.append("e.language = %s")
        params.append(filters.language)
    if filters.rubric:
        where.append(f"{column} IN (SELECT page_id FROM {ArticleRubric._meta.db_table} WHERE rubric_id = %s)")
        params.append(filters.rubric.pk)
    if filters.author:
        where.append(f"{column} IN (SELECT page_id FROM {ArticleAuthor._meta.db_table} WHERE author_id = %s)")
        params.append(filters.author.pk)
    return where, params


def _recency_factor(age_days: str) -> str:
    return f"(1.0 + {RECENCY_BOOST} / (1.0 + {age_days} / {RECENCY_DAYS}))"


class _PostgresSQL:
    """GIN over the weighted tsvector; candidates newest first, then scored with ts_rank.

    Profiled at 100,000 articles: the GIN bitmap of a common word is cheap, but
    visiting its 35,000 rows for their publication time took 160 ms, and a
    separate COUNT paid for the bitmap again. So the candidates are looked for in
    the last RECENT_WINDOWS days first (the bitmap ANDed with the publication
    index, so only that span's rows are visited), widening only when fewer than
    CANDIDATES match; their number is the (capped) count and, newest first, the
    date order; only they are scored.
    """

    def __init__(self, query: Query, filters: Filters, now: dt.datetime):
        entry = SearchEntry._meta.db_table
        self.now = now
        where, params = ["e.vector @@ %s::tsquery", "e.published_at <= %s"], [query.tsquery(), now]
        self.date_from = times.day_bounds(filters.date_from)[0] if filters.date_from else None
        if filters.date_to:
            where.append("e.published_at < %s")
            params.append(times.day_bounds(filters.date_to)[1])
        more, more_params = _filters(filters, "e.article_id")
        self.from_where = f"FROM {entry} e WHERE {' AND '.join(where + more)}"
        self.params = params + more_params
        text_score = f"ts_rank('{TS_WEIGHTS}', e.vector, %s::tsquery, 0)"
        self.score_params = [query.tsquery()]
        if query.pairs:
            text_score = f"({text_score} + {PHRASE_WEIGHT} * ts_rank('{TS_WEIGHTS}', e.vector, %s::tsquery, 0))"
            self.score_params.append(query.pairs_tsquery())
        age = "GREATEST(EXTRACT(EPOCH FROM (%s::timestamptz - e.published_at)) / 86400.0, 0.0)"
        self.score = f"({text_score} * {_recency_factor(age)})"
        self.score_params.append(now)
        self._candidates: list[int] | None = None

    def candidates(self, limit: int) -> list[int]:
        """Up to `limit` matching ids, newest first: from the recent windows, widened as needed."""
        if self._candidates is None:
            found: list[int] = []
            for days in (*RECENT_WINDOWS, None):
                since = self.now - dt.timedelta(days=days) if days is not None else None
                if self.date_from and (since is None or since < self.date_from):
                    since = self.date_from
                sql = f"SELECT e.article_id {self.from_where}"
                params = list(self.params)
                if since is not None:
                    sql += " AND e.published_at >= %s"
                    params.append(since)
                found = [row[0] for row in _rows(f"{sql} ORDER BY e.published_at DESC, e.article_id DESC LIMIT %s", [*params, limit])]
                if len(found) >= limit or since is None or since == self.date_from:
                    break
            self._candidates = found
        return self._candidates

    def capped_count(self, limit: int) -> int:
        return len(self.candidates(CANDIDATES + 1))

    def ranked_page(self, offset: int, limit: int) -> list[int]:
        ids = self.candidates(CANDIDATES + 1)[:CANDIDATES]
        if not ids:
            return []
        sql = (
            f"SELECT e.article_id, {self.score} AS score FROM {SearchEntry._meta.db_table} e"
            f" WHERE e.article_id = ANY(%s)"
            f" ORDER BY score DESC, e.published_at DESC, e.article_id DESC LIMIT %s OFFSET %s"
        )
        return [row[0] for row in _rows(sql, [*self.score_params, ids, limit, offset])]

    def dated_page(self, offset: int, limit: int) -> list[int]:
        return self.candidates(CANDIDATES + 1)[:CANDIDATES][offset : offset + limit]


class _SQLiteSQL:
    """FTS5 keyed by the recency key: a rowid range is a span of publication time.

    The entry table is joined only when a filter needs it (language, rubric,
    author); publication bounds are rowid bounds, and the age in the score is
    read from the rowid, so scoring never reads the (wide) entry rows.
    """

    def __init__(self, query: Query, filters: Filters, now: dt.datetime):
        entry = SearchEntry._meta.db_table
        self.now = now
        self.required = query.fts5_required()
        self.scored = query.fts5()
        low = recency_key(times.day_bounds(filters.date_from)[0], 0) if filters.date_from else None
        high = recency_key(now, (1 << RECENCY_SHIFT) - 1)
        if filters.date_to:
            high = min(high, recency_key(times.day_bounds(filters.date_to)[1], 0) - 1)
        self.low, self.high = low, high
        more, self.filter_params = _filters(filters, "e.article_id")
        self.join = f" JOIN {entry} e ON e.recency = masthead_search_fts.rowid" if more else ""
        self.filter_sql = "".join(f" AND {clause}" for clause in more)

    def _from_where(self, match: str, low: int | None) -> tuple[str, list]:
        sql = f"FROM masthead_search_fts{self.join} WHERE masthead_search_fts MATCH %s AND masthead_search_fts.rowid <= %s"
        params = [match, self.high]
        if low is not None:
            sql += " AND masthead_search_fts.rowid >= %s"
            params.append(low)
        return sql + self.filter_sql, params + self.filter_params

    def capped_count(self, limit: int) -> int:
        sql, params = self._from_where(self.required, self.low)
        return _rows(f"SELECT COUNT(*) FROM (SELECT 1 {sql} LIMIT %s) capped", [*params, limit])[0][0]

    def _articles(self, keys: list[int]) -> list[int]:
        """Recency keys back to article ids, in the same order."""
        by_key = dict(SearchEntry.objects.filter(recency__in=keys).values_list("recency", "article_id"))
        return [by_key[key] for key in keys if key in by_key]

    def ranked_page(self, offset: int, limit: int) -> list[int]:
        # The oldest candidate's key: from there up, FTS5 reads (and bm25 scores) CANDIDATES rows at most.
        sql, params = self._from_where(self.required, self.low)
        oldest = _rows(
            f"SELECT masthead_search_fts.rowid {sql} ORDER BY masthead_search_fts.rowid DESC LIMIT 1 OFFSET %s",
            [*params, CANDIDATES - 1],
        )
        low = oldest[0][0] if oldest else self.low
        sql, params = self._from_where(self.scored, low)
        now_seconds = int(self.now.timestamp())
        age = f"MAX((%s - (masthead_search_fts.rowid >> {RECENCY_SHIFT})) / 86400.0, 0.0)"
        text_score = f"(-bm25(masthead_search_fts, {', '.join(map(str, FTS5_WEIGHTS))}))"
        rows = _rows(
            f"SELECT masthead_search_fts.rowid, ({text_score} * {_recency_factor(age)}) AS score {sql}"
            f" ORDER BY score DESC, masthead_search_fts.rowid DESC LIMIT %s OFFSET %s",
            [now_seconds, *params, limit, offset],
        )
        return self._articles([row[0] for row in rows])

    def dated_page(self, offset: int, limit: int) -> list[int]:
        sql, params = self._from_where(self.required, self.low)
        rows = _rows(
            f"SELECT masthead_search_fts.rowid {sql} ORDER BY masthead_search_fts.rowid DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return self._articles([row[0] for row in rows])


def search_articles(query: Query, filters: Filters | None = None) -> SearchResults:
    """Published articles matching every word of `query`, best first (or newest first); read a page at a time."""
    return SearchResults(query, filters or Filters())
