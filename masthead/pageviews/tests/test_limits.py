"""The beacon's limits: per visitor, per address, new visitor cookies per address; behind a proxy; stores down.

Each test with `mode` runs with the limits counted in the database (no Redis)
and in Redis.
"""

import json

import pytest
from django.test import Client

from masthead.core import ratelimit
from masthead.pageviews.models import ArticleViews
from masthead.pageviews.services import views_flush, views_total
from masthead.pageviews.tests.conftest import BROWSER_UA, free_port, post_beacon
from masthead.pageviews.visitors import COOKIE_NAME
from masthead.testing import make_article

pytestmark = pytest.mark.django_db

PROXY = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def article(site_tree):
    return make_article()


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]


def stored_total(article) -> int:
    views_flush()
    row = ArticleViews.objects.filter(article=article).first()
    return row.total if row else 0


def cookieless_beacon(article, **headers):
    """A browser that keeps no cookie: every beacon is keyed on its address."""
    return post_beacon(Client(), article.pk, body=json.dumps({"article": article.pk, "again": True}), **headers)


def harvest_cookies(article, count: int, **headers) -> list[str]:
    """What a script collects by sending cookieless first beacons and keeping every cookie it is given."""
    cookies = []
    for _ in range(count):
        response = post_beacon(Client(), article.pk, follow=False, **headers)
        if COOKIE_NAME in response.cookies:
            cookies.append(response.cookies[COOKIE_NAME].value)
    return cookies


def replay(cookies: list[str], article, **headers) -> None:
    for value in cookies:
        client = Client()
        client.cookies[COOKIE_NAME] = value
        post_beacon(client, article.pk, **headers)


def test_harvested_cookies_past_the_new_visitor_cap_do_not_count_as_new_views(site_tree, mode, settings):
    settings.PAGEVIEWS_NEW_VISITOR_LIMIT = 3
    articles = [make_article() for _ in range(3)]
    cookies = harvest_cookies(articles[0], 50, REMOTE_ADDR="203.0.113.9")
    assert len(cookies) == 3  # the cap, not fifty
    for target in articles:
        replay(cookies, target, REMOTE_ADDR="203.0.113.9")
        # The three cookies within the cap, and (on the first) the address's cookieless network hash once.
        assert stored_total(target) <= 4


@pytest.mark.parametrize(
    "headers",
    [
        {"ua": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"ua": "curl/8.5.0"},
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_PURPOSE": "prefetch"},
    ],
)
def test_crawlers_and_prefetches_are_handed_no_visitor_cookie(article, mode, headers):
    response = post_beacon(Client(), article.pk, follow=False, **headers)
    assert response.status_code == 200 and COOKIE_NAME not in response.cookies


def test_unknown_and_draft_articles_hand_out_no_visitor_cookie(site_tree, mode):
    draft = make_article(live=False)
    for article_id in (draft.pk, 999_999_999):
        response = post_beacon(Client(), article_id, follow=False)
        assert response.status_code == 404 and COOKIE_NAME not in response.cookies


def test_pixel_hands_out_a_cookie_only_within_the_new_visitor_cap(article, mode, settings):
    settings.PAGEVIEWS_NEW_VISITOR_LIMIT = 1
    image = {"HTTP_SEC_FETCH_DEST": "image", "HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_USER_AGENT": BROWSER_UA}
    first = Client().get(f"/pageviews/pixel/{article.pk}.gif", **image)
    second = Client().get(f"/pageviews/pixel/{article.pk}.gif", **image)
    assert COOKIE_NAME in first.cookies and COOKIE_NAME not in second.cookies
    assert stored_total(article) == 1  # both counted, as one network hash and the cookie it was marked for


def test_address_over_the_network_limit_gets_429_with_retry_after(article, mode, settings):
    settings.PAGEVIEWS_NETWORK_LIMIT = 3
    statuses = [cookieless_beacon(article).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert int(cookieless_beacon(article)["Retry-After"]) > 0


def test_readers_behind_a_trusted_proxy_are_limited_apart(article, mode, settings, behind_proxy):
    settings.PAGEVIEWS_NETWORK_LIMIT = 2
    one = [cookieless_beacon(article, HTTP_X_FORWARDED_FOR="198.51.100.1", **PROXY).status_code for _ in range(3)]
    two = [cookieless_beacon(article, HTTP_X_FORWARDED_FOR="198.51.100.2", **PROXY).status_code for _ in range(2)]
    assert one == [200, 200, 429]
    assert two == [200, 200]  # the proxy's own address is not what is limited
    assert stored_total(article) == 2


def test_reader_behind_a_trusted_proxy_rotating_cookies_and_user_agent_is_limited(article, mode, settings, behind_proxy):
    settings.PAGEVIEWS_NETWORK_LIMIT = 3
    statuses = [
        cookieless_beacon(article, ua=f"{BROWSER_UA} r{n}", HTTP_X_FORWARDED_FOR="198.51.100.7", **PROXY).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_forwarded_for_from_an_untrusted_sender_cannot_escape_its_limit(article, mode, settings, behind_proxy):
    settings.PAGEVIEWS_NETWORK_LIMIT = 2
    statuses = [
        cookieless_beacon(article, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]


def test_limits_hold_in_the_database_while_redis_is_unreachable(article, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # configured, but nothing listens there
    settings.PAGEVIEWS_NETWORK_LIMIT = 2
    statuses = [cookieless_beacon(article).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert views_total(article_id=article.pk) == 1  # taken by the database, to be replayed into Redis


def test_beacon_fails_closed_with_503_when_no_store_can_count_its_limits(article, mode, monkeypatch):
    down = ratelimit.Decision(False, 30, store_down=True)
    monkeypatch.setattr("masthead.pageviews.views.ratelimit.hit_all", lambda pairs, **kwargs: down)
    response = post_beacon(Client(), article.pk)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json() == {"error": "counting is unavailable"}
    assert COOKIE_NAME not in response.cookies
    monkeypatch.undo()
    assert stored_total(article) == 0
    assert Client().get(f"/en/news/{article.slug}/").status_code == 200  # the page itself is unaffected
