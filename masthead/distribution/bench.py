"""Figures for `make bench`: feeds and sitemaps at the bench corpus size, warm and cold.

"Warm" serves from the cache filled under the content version (what readers and
crawlers get between two publishes); "cold" clears the cache before each request,
as right after a publish. Peak Python memory (tracemalloc) of a cold sitemap index
and of a full articles sitemap file shows whether they stay flat as the archive grows.
"""

import tracemalloc

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from masthead.pages.corpus import ensure_corpus
from masthead.articles.models import ArticlePage
from masthead.core.benchmarking import percentiles, time_calls

TARGETS = {"feed warm": 20.0, "index cold": 1000.0}


def run(report, options):
    # The app's page cache would answer every request after the first: these are the feeds' own figures.
    with override_settings(PAGE_CACHE=False):
        _run(report, options)


def _run(report, options):
    size = 2_000 if options.get("quick") else options.get("articles", 20_000)
    ensure_corpus(size)
    total = ArticlePage.objects.published().count()
    report.add("distribution", "published articles", total)
    client = Client(HTTP_HOST="127.0.0.1")
    repeat = 30 if options.get("quick") else 200
    rubric = ArticlePage.objects.published().first().get_rubrics()[0]

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        return call

    def cold(call):
        def wrapped():
            cache.clear()
            call()
        return wrapped

    measurements = [
        ("site feed (RSS)", "/feed/", "feed warm"),
        ("rubric feed (Atom)", f"/rubric/{rubric.slug}/feed/atom/", None),
        ("Dzen full-text feed", "/feed/dzen/", None),
        ("sitemap index", "/sitemap.xml", None),
        ("news sitemap", "/sitemap-news.xml", None),
    ]
    if client.get("/sitemap-news.xml").status_code == 404:  # a corpus made days ago: no news, no file
        measurements.pop()
        report.add("news sitemap", "skipped", 0, "", "no article in the last 48 hours")
    for label, url, target in measurements:
        call = get(url)
        warm = percentiles(time_calls(call, repeat, warmup=3))
        note = f"target p50 <= {TARGETS[target]:g} ms" if target else ""
        report.add(label, "p50 warm", warm["p50"], "ms", note)
        cold_stats = percentiles(time_calls(cold(call), max(10, repeat // 10), warmup=1))
        note = f"target <= {TARGETS['index cold']:g} ms at 100,000 articles" if url == "/sitemap.xml" else ""
        report.add(label, "p50 cold", cold_stats["p50"], "ms", note)
        report.add(label, "p95 cold", cold_stats["p95"], "ms")
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            call()
        report.add(label, "queries cold", len(queries))

    for label, url in [("sitemap index", "/sitemap.xml"), ("articles sitemap, first file", "/sitemap-articles.xml")]:
        cache.clear()
        tracemalloc.start()
        get(url)()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        report.add(label, "peak Python memory, cold", round(peak / 1024), "KiB", f"{total} articles")
    cache.clear()
