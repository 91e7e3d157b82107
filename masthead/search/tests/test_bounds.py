"""What keeps a query cheap however many articles match: the capped count, the candidate set, the recency key.

The bounds are patched small so a handful of articles crosses them; on the real
bounds the same code runs (see selectors.CANDIDATES and bench.py for the cost).
"""

import datetime as dt

import pytest
from django.utils import timezone

from masthead.search import selectors
from masthead.search.models import SearchEntry, recency_key
from masthead.search.query import parse
from masthead.search.selectors import Filters, search_articles
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_bounds(monkeypatch):
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)


def _old_headline_and_newer_bodies():
    now = timezone.now()
    old = make_article("Бюджет Омска утвержден", lead="Итоги года.", published_at=now - dt.timedelta(days=300))
    newer = [
        make_article(f"Новости дня {n}", lead="Коротко.", paragraphs=[f"Обсуждали бюджет района {n}."],
                     published_at=now - dt.timedelta(days=n + 1))
        for n in range(3)
    ]
    return old, newer


def test_below_the_bound_the_ranking_is_exact(site_tree):
    old, newer = _old_headline_and_newer_bodies()
    ids = [a.pk for a in search_articles(parse("бюджета"))[0:10]]
    assert ids[0] == old.pk and set(ids[1:]) == {a.pk for a in newer}  # the headline beats a year of recency


def test_only_the_newest_candidates_are_ranked(site_tree, small_bounds):
    old, newer = _old_headline_and_newer_bodies()
    ranked = [a.pk for a in search_articles(parse("бюджета"))[0:10]]
    assert ranked and set(ranked) == {a.pk for a in newer}
    by_date = [a.pk for a in search_articles(parse("бюджета"), Filters(sort="date"))[0:3]]
    assert by_date == [a.pk for a in newer]


def test_an_old_headline_match_is_ranked_first_once_the_newer_matches_are_narrowed_away(site_tree, small_bounds):
    import datetime as dt

    from masthead.core import times

    old, _ = _old_headline_and_newer_bodies()
    until = times.site_today() - dt.timedelta(days=100)
    assert [a.pk for a in search_articles(parse("бюджета"), Filters(date_to=until))[0:10]] == [old.pk]


def test_the_count_stops_at_the_cap_and_the_page_says_more_than(client, site_tree, small_bounds):
    _old_headline_and_newer_bodies()
    results = search_articles(parse("бюджет"))
    assert results.count() == 3 and results.more
    few = search_articles(parse("Омск"))
    assert few.count() == 1 and not few.more
    assert "Найдено больше 3 статей" in client.get("/search/", {"q": "бюджет"}).content.decode()
    assert "More than 3 articles found" in client.get("/en/search/", {"q": "бюджет"}).content.decode()


def test_pages_past_the_candidates_are_empty_not_errors(site_tree, small_bounds):
    _old_headline_and_newer_bodies()
    assert search_articles(parse("бюджет"))[3:6] == []


def test_the_recency_key_orders_by_publication_time_then_id(site_tree):
    moment = timezone.now()
    assert recency_key(moment, 5) < recency_key(moment, 6) < recency_key(moment + dt.timedelta(seconds=1), 1)
    assert recency_key(moment - dt.timedelta(days=3650), 10**6) < recency_key(moment, 0)
    article = make_article("Выборы в Омске")
    entry = SearchEntry.objects.get(article_id=article.pk)
    assert entry.recency == recency_key(entry.published_at, article.pk)


def test_a_future_article_is_not_found_until_its_time(site_tree):
    make_article("Выборы в Омске", published_at=timezone.now() + dt.timedelta(hours=2))
    assert search_articles(parse("Омск")).count() == 0
    assert selectors.SearchResults(parse("Омск"), Filters(), now=timezone.now() + dt.timedelta(hours=3)).count() == 1
