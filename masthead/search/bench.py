"""`make bench` for site search: query times, index build time and index size.

On the bench corpus (20,000 generated articles by default, 2,000 with --quick;
more if another app's bench added some before this one ran), the index is
built from scratch when it is incomplete (the generated corpus is written
without page signals) and timed; otherwise a sample of 2,000 articles is
re-indexed. Then a fixed mix of reader queries, Russian and English, single
words, inflected forms and phrases, is timed twice: the ranked selector
alone (a count and one page of ids) and the whole results page through the
test client (snippets, template). The generated corpus repeats fifteen words
per language, so every query matches a large share of the articles: the worst
case for the count and the ranking, which the selectors bound (a capped count,
only the newest CANDIDATES matches scored).
"""

import random
import time

from django.db import connection
from django.test import Client

from masthead.pages.corpus import ensure_corpus
from masthead.articles.models import ArticlePage
from masthead.core.benchmarking import percentiles, time_calls
from masthead.search import indexing
from masthead.search.models import SearchEntry
from masthead.search.query import parse
from masthead.search.selectors import Filters, search_articles

TARGETS = {"postgresql": 50.0, "sqlite": 100.0}
QUERIES = [
    "выборы", "выборов", "бюджета", "налоговый закон", "депутатов региона", "губернатор суда",
    "экспорт зерна", "реформы министра тарифы", "энергетика", "Москва",
    "elections", "budget", "tax law", "governor's court", "exported grain", "energy reform tariffs",
    "parliament deputies", "бюджет budget", "несуществующееслово", "minister",
]


def run(report, options):
    size = 2_000 if options.get("quick") else options.get("articles", 20_000)
    ensure_corpus(size)
    live = ArticlePage.objects.filter(live=True).count()
    report.add("search", "corpus", live, "articles")
    indexed = SearchEntry.objects.count()
    if indexed < live:
        started = time.perf_counter()
        count = indexing.rebuild()
        elapsed = time.perf_counter() - started
        report.add("search index build", "full rebuild", round(elapsed, 1), "s", f"{count} articles")
        report.add("search index build", "per 1,000 articles", round(elapsed / count * 1000, 2), "s")
    else:
        sample = random.Random(3).sample(list(SearchEntry.objects.values_list("article_id", flat=True)), min(2_000, indexed))
        started = time.perf_counter()
        indexing.index_articles(sample)
        elapsed = time.perf_counter() - started
        report.add("search index build", "per 1,000 articles", round(elapsed / len(sample) * 1000, 2), "s", f"re-indexing {len(sample)}")
    size_mb = index_size_mb()
    if size_mb is not None:
        report.add("search index", "size", round(size_mb, 1), "MB", "PostgreSQL: table with TOAST and indexes; SQLite: bytes of the rows and of FTS5")

    repeat = 40 if options.get("quick") else 200
    rng = random.Random(5)
    parsed = [parse(q) for q in QUERIES]

    def selector_call():
        """What a results page asks the database: the capped count, then the first page's ids, ranked."""
        results = search_articles(rng.choice(parsed), Filters())
        if results.count():
            results.ids(0, 20)

    client = Client(HTTP_HOST="127.0.0.1")

    def page_call():
        response = client.get("/search/", {"q": rng.choice(QUERIES)})
        assert response.status_code == 200, response.status_code

    target = TARGETS.get(connection.vendor)
    for label, call, note in [
        ("search query (capped count and the ranked first page of ids)", selector_call, f"target p50 <= {target:g} ms" if target else ""),
        ("search results page", page_call, ""),
    ]:
        stats = percentiles(time_calls(call, repeat, warmup=5))
        report.add(label, "p50", stats["p50"], "ms", note)
        report.add(label, "p95", stats["p95"], "ms")


def index_size_mb() -> float | None:
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            return cursor.fetchone()[0] / 1e6
        # SQLite: the bytes stored (dbstat, which would give pages, is an optional module).
        cursor.execute(
            f"SELECT SUM(LENGTH(CAST(headline || lead || body || pairs || text AS BLOB)) + 40) FROM {table}"
        )
        rows = cursor.fetchone()[0] or 0
        cursor.execute(
            "SELECT (SELECT SUM(LENGTH(block)) FROM masthead_search_fts_data)"
            " + (SELECT SUM(LENGTH(sz)) FROM masthead_search_fts_docsize)"
            " + (SELECT COUNT(*) * 16 FROM masthead_search_fts_idx)"
        )
        fts = cursor.fetchone()[0] or 0
        return (rows + fts) / 1e6
