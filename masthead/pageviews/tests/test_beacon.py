import json

import pytest

from masthead.pageviews.models import ArticleViews, DailyViews
from masthead.pageviews.services import views_flush, views_shown
from masthead.pageviews.tests.conftest import BROWSER_UA, post_beacon
from masthead.pageviews.visitors import COOKIE_NAME
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(site_tree):
    return make_article()


def stored_total(article) -> int:
    views_flush()
    row = ArticleViews.objects.filter(article=article).first()
    return row.total if row else 0


def test_beacon_counts_a_view_and_answers_the_number(client, article, mode):
    response = post_beacon(client, article.pk)
    assert response.status_code == 200
    assert response.json() == {"views": 1}
    assert response["Cache-Control"] == "no-store"
    assert COOKIE_NAME in client.cookies
    assert stored_total(article) == 1


def test_first_beacon_without_cookie_gives_one_and_asks_again(client, article, mode):
    first = post_beacon(client, article.pk, follow=False)
    assert first.json() == {"views": 0, "again": True}
    assert first.cookies[COOKIE_NAME]["httponly"] and first.cookies[COOKIE_NAME]["samesite"] == "Lax"
    assert post_beacon(client, article.pk, follow=False).json() == {"views": 1}  # now with the cookie


def test_browser_that_keeps_no_cookie_counts_once_by_network_hash(client, article, mode):
    for _ in range(3):
        client.cookies.clear()
        post_beacon(client, article.pk, body=json.dumps({"article": article.pk, "again": True}))
    assert stored_total(article) == 1


def test_three_browsers_behind_one_address_are_three_visitors(article, mode):
    from django.test import Client

    for _ in range(3):
        post_beacon(Client(), article.pk)
    assert stored_total(article) == 3


def test_reload_with_the_issued_cookie_adds_nothing(client, article, mode):
    for _ in range(5):
        assert post_beacon(client, article.pk).json() == {"views": 1}
    assert stored_total(article) == 1


def test_clearing_cookies_in_a_loop_is_capped_per_address(client, article, mode, settings):
    settings.PAGEVIEWS_NEW_VISITOR_LIMIT = 2
    for _ in range(10):
        client.cookies.clear()
        post_beacon(client, article.pk)
    # Two new visitors are believed, then cookieless browsers count by network hash: once.
    assert stored_total(article) == 3


def test_separate_visitors_each_count(client, article, mode):
    for n in range(3):
        client.cookies.clear()
        post_beacon(client, article.pk, REMOTE_ADDR=f"192.0.2.{n + 1}")
    assert stored_total(article) == 3


def test_historical_base_and_counted_views_add_up(client, article, mode):
    from masthead.pageviews.services import set_base_views

    set_base_views(article=article, views=975)
    assert post_beacon(client, article.pk).json() == {"views": 976}
    set_base_views(article=article, views=1000)  # a re-import replaces the base, keeps what was counted
    assert stored_total(article) == 1001


def test_view_is_booked_on_the_sites_calendar_day(client, article, mode):
    from masthead.core.times import site_today

    post_beacon(client, article.pk)
    views_flush()
    assert list(DailyViews.objects.values_list("day", "views")) == [(site_today(), 1)]


@pytest.mark.parametrize(
    "user_agent",
    ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0", "python-requests/2.32", ""],
)
def test_bots_get_the_number_but_are_not_counted(client, article, mode, user_agent):
    response = post_beacon(client, article.pk, ua=user_agent)
    assert response.status_code == 200 and response.json() == {"views": 0}
    assert stored_total(article) == 0


@pytest.mark.parametrize(
    "header,value", [("HTTP_SEC_PURPOSE", "prefetch"), ("HTTP_PURPOSE", "prefetch"), ("HTTP_X_MOZ", "prefetch"), ("HTTP_SEC_PURPOSE", "prefetch;prerender")]
)
def test_prefetches_are_not_counted(client, article, mode, header, value):
    assert post_beacon(client, article.pk, **{header: value}).status_code == 200
    assert stored_total(article) == 0


@pytest.mark.parametrize("method", ["get", "head", "options", "put", "delete"])
def test_only_post_is_accepted(client, article, method):
    response = getattr(client, method)("/pageviews/beacon/")
    assert response.status_code == 405
    assert stored_total(article) == 0


def test_unknown_draft_and_future_articles_are_404(client, site_tree, mode):
    import datetime as dt

    from django.utils import timezone

    draft = make_article(live=False)
    future = make_article(published_at=timezone.now() + dt.timedelta(days=1))
    for article_id in (draft.pk, future.pk, 999_999_999, site_tree[0].pk):
        response = post_beacon(client, article_id)
        assert response.status_code == 404, article_id
    assert not ArticleViews.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "",
        "not json",
        "[]",
        "null",
        '{"article": "12"}',
        '{"article": 1.5}',
        '{"article": true}',
        '{"article": -1}',
        '{"article": 0}',
        '{"article": 99999999999999999999999}',
        b"\xff\xfe{}",
        '{"article": 1, "delta": 1000}',
        '{"article": 1, "visitor": "forged-id"}',
        '{"article": 1, "views": 5}',
        '{"article": 1, "again": 1}',
        '{"article": 1, "again": "yes"}',
        '{"again": true}',
    ],
)
def test_malformed_bodies_are_400_and_never_counted(client, article, body):
    if isinstance(body, str) and '"article": 1' in body:
        body = body.replace('"article": 1', f'"article": {article.pk}')
    response = post_beacon(client, article.pk, body=body)
    assert response.status_code == 400
    assert stored_total(article) == 0


def test_oversized_body_is_413(client, article):
    body = json.dumps({"article": article.pk, "pad": "x" * 300})
    assert post_beacon(client, article.pk, body=body).status_code == 413
    assert post_beacon(client, article.pk, body="x" * 2_000_000).status_code == 413
    assert stored_total(article) == 0


def test_body_at_the_limit_is_read(client, article):
    from masthead.pageviews.views import MAX_BODY

    body = json.dumps({"article": article.pk})
    body = body[:-1] + " " * (MAX_BODY - len(body)) + "}"
    assert len(body) == MAX_BODY
    assert post_beacon(client, article.pk, body=body).status_code == 200
    assert post_beacon(client, article.pk, body=body[:-1] + " }").status_code == 413


def test_forged_visitor_cookie_is_400_not_counted_and_replaced(client, article, mode):
    client.cookies[COOKIE_NAME] = "forged-visitor:signature"
    response = post_beacon(client, article.pk)
    assert response.status_code == 400
    assert response.cookies[COOKIE_NAME].value == ""  # deleted, so the next view is counted honestly
    assert stored_total(article) == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": None},
        {"origin": "null"},
        {"origin": None, "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"origin": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-site"},
    ],
)
def test_cross_origin_beacons_are_403(client, article, headers):
    response = post_beacon(client, article.pk, **headers)
    assert response.status_code == 403
    assert stored_total(article) == 0


def test_browser_attested_same_origin_is_accepted(client, article):
    assert post_beacon(client, article.pk, origin=None, HTTP_SEC_FETCH_SITE="same-origin").status_code == 200


def test_visitor_flooding_beacons_gets_429(client, settings, site_tree, mode):
    settings.PAGEVIEWS_VISITOR_LIMIT = 4  # the first beacon, asked to come again, uses one
    articles = [make_article() for _ in range(4)]
    post_beacon(client, articles[0].pk)  # cookieless: keyed on the network; now the browser has its cookie
    statuses = [post_beacon(client, a.pk).status_code for a in articles]
    assert statuses == [200, 200, 200, 429]
    assert int(post_beacon(client, articles[0].pk)["Retry-After"]) > 0
    assert views_shown(article_id=articles[3].pk) == 0


def test_rotating_forwarded_for_is_one_network_without_trusted_proxy(client, settings, site_tree, mode):
    settings.PAGEVIEWS_NETWORK_LIMIT = 2
    article = make_article()
    statuses = []
    for n in range(3):
        client.cookies.clear()
        body = json.dumps({"article": article.pk, "again": True})
        statuses.append(post_beacon(client, article.pk, body=body, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code)
    assert statuses == [200, 200, 429]
    assert stored_total(article) == 1  # the same network and browser without cookies: one visitor


def test_pixel_counts_only_same_origin_image_requests(client, article, mode):
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA
    url = f"/pageviews/pixel/{article.pk}.gif"
    assert client.get(url).status_code == 200  # a link or a direct fetch: a GIF, no count
    client.get(url, HTTP_SEC_FETCH_DEST="image", HTTP_SEC_FETCH_SITE="cross-site")
    client.get(url, HTTP_SEC_FETCH_DEST="document", HTTP_SEC_FETCH_SITE="same-origin")
    assert stored_total(article) == 0
    response = client.get(url, HTTP_SEC_FETCH_DEST="image", HTTP_SEC_FETCH_SITE="same-origin")
    assert response["Content-Type"] == "image/gif" and response["Cache-Control"] == "no-store"
    client.get(url, HTTP_SEC_FETCH_DEST="image", HTTP_SEC_FETCH_SITE="same-origin")
    assert stored_total(article) == 1


def test_pixel_for_unknown_article_is_404_and_post_is_405(client, site_tree):
    assert client.get("/pageviews/pixel/424242.gif", HTTP_SEC_FETCH_DEST="image", HTTP_SEC_FETCH_SITE="same-origin").status_code == 404
    assert client.post("/pageviews/pixel/424242.gif").status_code == 405


def test_the_beacon_is_answered_above_the_session_and_auth_middleware(client, article, mode):
    """LeanEndpointsMiddleware (core/middleware.py): no session is read, no language or policy header is added."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.cookies["sessionid"] = "a" * 32  # a session cookie the session middleware would look up
    with CaptureQueriesContext(connection) as queries:
        response = post_beacon(client, article.pk)
    assert response.status_code == 200 and response.json() == {"views": 1}
    assert not [q for q in queries if "django_session" in q["sql"]]
    assert "Content-Language" not in response and "Content-Security-Policy" not in response
    assert response["X-Request-Id"]  # the layers above it still apply
    page = client.get(article.url)
    assert page["Content-Language"] == "ru"  # and every other address keeps the whole stack
