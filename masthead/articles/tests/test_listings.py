"""Listings read by cursor: order, walking both ways, hostile cursors, what is left out, old page numbers."""

import datetime as dt
import html
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from masthead.articles.models import ArticleRubric
from masthead.core import times
from masthead.testing import make_article, make_author, make_rubric

NEXT = re.compile(r'rel="next" href="([^"]+)"')
PREV = re.compile(r'rel="prev" href="([^"]+)"')
TITLE = re.compile(r"Статья (\d+)")


def titles(response) -> list[int]:
    return [int(n) for n in TITLE.findall(response.content.decode())]


def link(pattern, response) -> str | None:
    match = pattern.search(response.content.decode())
    return html.unescape(match.group(1)) if match else None


def walk(client, url, pattern):
    """Every page from `url` following one link kind: the articles each shows, in order."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(titles(response))
        url = link(pattern, response)
    return pages


@pytest.fixture
def five_at_one_moment(site_tree, settings):
    """Five articles sharing one publication time, two to a page: ties must break by id across pages."""
    settings.ARTICLES_PER_PAGE = 2
    rubric = make_rubric(slug="ties")
    moment = timezone.now() - dt.timedelta(hours=1)
    # Cross-posted, so the English edition lists them too (test_english_listings_link_within_the_english_site).
    articles = [
        make_article(f"Статья {i}", rubrics=[rubric], published_at=moment, slug=f"s{i}", cross_posted=True) for i in range(5)
    ]
    return rubric, articles


def test_ties_on_time_are_ordered_by_id_with_none_skipped_or_repeated(client, five_at_one_moment):
    _, articles = five_at_one_moment
    newest_first = [int(a.title.split()[1]) for a in sorted(articles, key=lambda a: a.pk, reverse=True)]
    pages = walk(client, "/rubric/ties/", NEXT)
    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:5]]


def test_newer_links_walk_back_to_the_first_page(client, five_at_one_moment):
    oldest = None
    url = "/rubric/ties/"
    while url:  # to the last page
        oldest, url = url, link(NEXT, client.get(url))
    back = walk(client, oldest, PREV)
    assert back[-1] == titles(client.get("/rubric/ties/"))
    assert sorted(n for page in back for n in page) == [0, 1, 2, 3, 4]
    first = client.get("/rubric/ties/")
    assert link(PREV, first) is None


def test_newest_first_across_times_in_every_listing(client, site_tree, settings):
    settings.ARTICLES_PER_PAGE = 2
    rubric, author = make_rubric(slug="r"), make_author(slug="a")
    now = timezone.now()
    for i in range(4):
        make_article(f"Статья {i}", rubrics=[rubric], authors=[author], tags=["метка"], published_at=now - dt.timedelta(minutes=4 - i))
    for url in ["/rubric/r/", "/author/a/", "/tag/metka/", f"/archive/{times.to_site_time(now):%Y/%m}/", "/news/"]:
        found = [n for page in walk(client, url, NEXT) for n in page]
        assert found == [3, 2, 1, 0], url


@pytest.mark.parametrize(
    "query",
    [
        "before=garbage",
        "before=",
        "before=2026-01-01T00:00:00Z",  # no id
        "before=2026-01-01T00:00:00Z.99999999999",  # beyond any integer key
        "before=2026-01-01T00:00:00Z.0",
        "before=2026-01-01T00:00:00Z.-5",
        "before=-2026-01-01T00:00:00Z.5",
        "before=2026-13-01T00:00:00Z.5",
        "before=2026-02-30T00:00:00Z.5",
        "before=0000-01-01T00:00:00Z.5",
        "before=2026-01-01T25:00:00Z.5",
        "before=２０２６-01-01T00:00:00Z.5",
        "before=2026-01-01T00:00:00Z.５",
        "before=2026-01-01T00:00:00Z.5' OR 1=1 --",
        "before=2026-01-01T00:00:00Z.5%00",
        "before=" + "9" * 5000,
        "after=nonsense",
        "before=2026-01-01T00:00:00Z.5&before=2026-01-02T00:00:00Z.5",
        "before=2026-01-01T00:00:00Z.5&after=2026-01-01T00:00:00Z.5",
        "page=abc",
        "page=0",
        "page=-1",
        "page=１",
        "page=99999999999",
        "page=1001",
        "page=4",  # out of range: the rubric has five articles, two to a page
    ],
)
def test_hostile_or_impossible_pages_are_404(client, five_at_one_moment, query):
    assert client.get(f"/rubric/ties/?{query}").status_code == 404


def test_a_well_formed_cursor_past_the_oldest_article_is_404(client, five_at_one_moment):
    assert client.get("/rubric/ties/?before=1900-01-01T00:00:00Z.1").status_code == 404


def test_a_cursor_past_the_newest_article_shows_the_first_page(client, five_at_one_moment):
    response = client.get("/rubric/ties/?after=9999-12-31T23:59:59.999999Z.2147483647")
    assert response.status_code == 200
    assert titles(response) == titles(client.get("/rubric/ties/"))


def test_old_page_numbers_redirect_to_the_same_articles(client, five_at_one_moment):
    second = client.get("/rubric/ties/?page=2")
    assert second.status_code == 301 and "before=" in second.url
    assert titles(client.get(second.url)) == walk(client, "/rubric/ties/", NEXT)[1]
    assert client.get("/rubric/ties/?page=1").url == "/rubric/ties/"


def test_the_last_page_has_no_older_link_and_an_empty_rubric_says_so(client, site_tree):
    make_rubric(slug="empty")
    response = client.get("/rubric/empty/")
    assert response.status_code == 200
    assert "Здесь пока ничего не опубликовано." in response.content.decode()
    assert link(NEXT, response) is None and link(PREV, response) is None


def test_future_dated_drafts_and_unpublished_articles_are_left_out(client, site_tree):
    rubric, author = make_rubric(slug="r"), make_author(slug="a")
    common = dict(rubrics=[rubric], authors=[author], tags=["метка"])
    make_article("Статья 1", **common)
    make_article("Статья 2", published_at=timezone.now() + dt.timedelta(hours=1), **common)
    make_article("Статья 3", live=False, **common)
    unpublished = make_article("Статья 4", **common)
    Page.objects.get(pk=unpublished.pk).unpublish()  # a plain Page, as scheduled expiry saves it
    now = timezone.now()
    for url in ["/rubric/r/", "/author/a/", "/tag/metka/", f"/archive/{times.to_site_time(now):%Y/%m}/", "/news/"]:
        assert titles(client.get(url)) == [1], url


def test_republishing_with_a_new_time_moves_the_article_and_republishing_lists_it_again(client, site_tree):
    rubric = make_rubric(slug="r")
    older = make_article("Статья 1", rubrics=[rubric], published_at=timezone.now() - dt.timedelta(days=2))
    make_article("Статья 2", rubrics=[rubric], published_at=timezone.now() - dt.timedelta(days=1))
    assert titles(client.get("/rubric/r/")) == [2, 1]
    older.published_at = timezone.now() - dt.timedelta(minutes=5)
    older.save_revision().publish()
    assert titles(client.get("/rubric/r/")) == [1, 2]
    older.unpublish()
    assert titles(client.get("/rubric/r/")) == [2]
    older.save_revision().publish()
    assert titles(client.get("/rubric/r/")) == [1, 2]
    assert set(ArticleRubric.objects.filter(page=older).values_list("listed_at", flat=True)) == {older.published_at}


def test_english_listings_link_within_the_english_site(client, five_at_one_moment):
    response = client.get("/en/rubric/ties/")
    older = link(NEXT, response)
    assert older.startswith("/en/rubric/ties/?before=")
    assert link(PREV, client.get(older)).startswith("/en/rubric/ties/?after=")


def test_a_deep_page_costs_the_queries_of_the_first(client, site_tree, settings):
    settings.ARTICLES_PER_PAGE = 2
    rubric = make_rubric(slug="r")
    for i in range(7):
        make_article(f"Статья {i}", rubrics=[rubric], tags=["метка"], published_at=timezone.now() - dt.timedelta(hours=i + 1))
    last = walk(client, "/rubric/r/", NEXT)
    assert last[-1] == [6]
    deep = client.get("/rubric/r/?page=3").url
    cache.clear()  # both measured cold: the teaser list is a cached fragment
    with CaptureQueriesContext(connection) as first:
        client.get("/rubric/r/")
    cache.clear()
    with CaptureQueriesContext(connection) as deeper:
        client.get(deep)
    assert len(deeper) <= len(first) + 1  # the Newer link is known from the cursor, not counted
    assert not any("COUNT(" in q["sql"].upper() for q in first.captured_queries)


def test_every_listing_refuses_a_bad_cursor_and_redirects_an_old_page_number(client, site_tree, settings):
    settings.ARTICLES_PER_PAGE = 1
    moment = timezone.now() - dt.timedelta(hours=1)
    for i in range(2):
        make_article(f"Статья {i}", rubrics=[make_rubric(slug=f"r{i}")], authors=[make_author(slug=f"a{i}")], tags=["метка"], published_at=moment,
                     cross_posted=True)  # listed on /en/news/ too
    day = times.to_site_time(moment)
    for url in ["/tag/metka/", f"/archive/{day:%Y/%m}/", f"/archive/{day:%Y/%m/%d}/", "/news/", "/en/news/"]:
        assert client.get(f"{url}?before=x'--").status_code == 404, url
        assert client.get(f"{url}?after=2026-01-01T00:00:00Z.99999999999").status_code == 404, url
        moved = client.get(f"{url}?page=2")
        assert moved.status_code == 301 and moved.url.startswith(f"{url}?before="), url
        assert client.get(moved.url).status_code == 200, url


def test_a_cached_teaser_list_never_outlives_a_change(client, site_tree):
    rubric = make_rubric(slug="r")
    article = make_article("Статья 1", rubrics=[rubric])
    assert titles(client.get("/rubric/r/")) == [1]
    article.title = "Статья 11"
    article.save_revision().publish()
    assert titles(client.get("/rubric/r/")) == [11]
