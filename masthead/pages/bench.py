"""Server-side render times of the reader's hottest pages and listings on a 20,000-article corpus.

Measured in-process with Django's test client (the full middleware stack and
template rendering, no network), so the figures are the server's own time.
"Warm" is the steady state: site furniture and fragments cached, every
article's own content rendered. "Cold" clears the cache before each request.
These are renders, so the page cache is off for them (a signed-in reader, the
first view after a change); a page-cache hit is measured on its own line.
"""

import datetime as dt
import random
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation
from taggit.models import Tag

from masthead.articles import listings
from masthead.articles.models import ArticleAuthor, ArticlePage, ArticleRubric, ArticleTag, Author, Rubric
from masthead.core import times
from masthead.core.benchmarking import percentiles, time_calls
from masthead.pages.corpus import ensure_corpus

TARGETS = {"article": 5.0, "home": 15.0, "listing": 15.0}  # article: the uncached render, issue 13


def run(report, options):
    with override_settings(PAGE_CACHE=False):
        _renders(report, options)
    _page_cache_hit(report, options)


def _page_cache_hit(report, options):
    """An anonymous reader's article from the app's page cache (the whole stack in-process, no render)."""
    client = Client(HTTP_HOST="127.0.0.1")
    with translation.override("ru"):
        url = ArticlePage.objects.published().order_by("-published_at").first().url
    with override_settings(PAGE_CACHE=True):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
        stats = percentiles(time_calls(lambda: client.get(url), 300 if not options.get("quick") else 60, warmup=5))
        report.add("article page (page cache hit)", "p50", stats["p50"], "ms")
        report.add("article page (page cache hit)", "p95", stats["p95"], "ms")


def _renders(report, options):
    size = 2_000 if options.get("quick") else options.get("articles", 20_000)
    added = ensure_corpus(size)
    total = ArticlePage.objects.count()
    report.add("corpus", "articles", total, "", f"{added} generated this run")
    client = Client(HTTP_HOST="127.0.0.1")
    rng = random.Random(1)
    with translation.override("ru"):
        urls = [page.url for page in rng.sample(list(ArticlePage.objects.published().only("url_path", "path", "depth")), 320)]
    repeat = 60 if options.get("quick") else 300

    unvisited = iter(urls[:300])

    def article_first_view():
        """An article nobody has opened since the last change: its relations are read too."""
        response = client.get(next(unvisited))
        assert response.status_code == 200, response.status_code

    hot = urls[300:]

    def article_revisit():
        """One of the day's read articles, as most traffic is."""
        response = client.get(rng.choice(hot))
        assert response.status_code == 200, response.status_code

    page_call = page_caller(client)

    newest = ArticlePage.objects.published().order_by("-published_at").first()
    day = times.to_site_time(newest.published_at).date()
    day_url = f"/archive/{day:%Y/%m/%d}/"
    measurements = [
        ("article page (read before)", article_revisit, "article"),
        ("article page (first view)", article_first_view, None),
        ("home page", page_call("/"), "home"),
        ("archive day page", page_call(day_url), None),
        ("rubric page", page_call(ArticlePage.objects.published().first().get_rubrics()[0].get_absolute_url()), None),
    ]
    for label, call, target in measurements:
        count = min(repeat, 290) if call is article_first_view else repeat
        stats = percentiles(time_calls(call, count, warmup=5))
        note = f"target p50 <= {TARGETS[target]:g} ms" if target else ""
        report.add(label, "p50", stats["p50"], "ms", note)
        report.add(label, "p95", stats["p95"], "ms")
        with CaptureQueriesContext(connection) as queries:
            call()
        report.add(label, "queries", len(queries))

        def cold():
            cache.clear()
            call()

        if call is not article_first_view:
            cold_stats = percentiles(time_calls(cold, max(20, repeat // 5), warmup=1))
            report.add(label, "p50 cold cache", cold_stats["p50"], "ms")

    reset_queries()
    measure_listings(report, client, repeat)


def page_caller(client):
    def page_call(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        return call

    return page_call


def biggest(link_model, owner: str) -> int:
    """The id of the rubric, author or tag with the most articles."""
    return link_model.objects.values(owner).annotate(n=Count("pk")).order_by("-n").values_list(owner, flat=True).first()


def measure_listings(report, client, repeat: int) -> None:
    """The biggest rubric, author and tag and a full archive month at their first, middle and last page.

    The middle and last pages are reached as a reader reaches them, by the
    cursor of the page before; finding those cursors is not timed.
    """
    page_call = page_caller(client)
    per_page = settings.ARTICLES_PER_PAGE
    rubric = Rubric.objects.get(pk=biggest(ArticleRubric, "rubric"))
    author = Author.objects.get(pk=biggest(ArticleAuthor, "author"))
    tag = Tag.objects.get(pk=biggest(ArticleTag, "tag"))
    newest = times.to_site_time(ArticlePage.objects.published().order_by("-published_at").first().published_at)
    month = (newest.replace(day=1) - dt.timedelta(days=1)).date()  # the last whole month
    cases = [
        ("rubric", rubric.get_absolute_url(), listings.in_rubric(rubric)),
        ("author", author.get_absolute_url(), listings.by_author(author)),
        ("tag", f"/tag/{tag.slug}/", listings.tagged(tag)),
        ("archive month", f"/archive/{month:%Y/%m}/", listings.published_between(*times.month_bounds(month.year, month.month))),
    ]
    for name, url, listing in cases:
        keys = list(listing.newest_first())
        pages = (len(keys) + per_page - 1) // per_page
        report.add(f"listing: {name}", "articles", len(keys), "", f"{pages} pages of {per_page}")
        for label, number in (("first", 1), ("middle", (pages + 1) // 2), ("last", pages)):
            address = url if number == 1 else f"{url}?{urlencode({'before': str(listings.Cursor(*keys[(number - 1) * per_page - 1]))})}"
            stats = percentiles(time_calls(page_call(address), repeat))
            note = f"page {number}; target p50 <= {TARGETS['listing']:g} ms"
            report.add(f"listing: {name}", f"{label} page p50", stats["p50"], "ms", note)
            report.add(f"listing: {name}", f"{label} page p95", stats["p95"], "ms")
            if label == "last":  # the first view after a publish: no fragment, the articles are loaded
                cold = page_call(address)
                cold_stats = percentiles(time_calls(lambda: (cache.clear(), cold()), max(20, repeat // 5), warmup=1))
                report.add(f"listing: {name}", "last page p50 cold cache", cold_stats["p50"], "ms")
