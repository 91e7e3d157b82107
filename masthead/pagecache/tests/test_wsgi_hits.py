"""Hits answered before Django's request cycle (`masthead/pagecache/wsgi.py`): the same answer, and only for hits."""

import gzip

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from masthead.pagecache import store
from masthead.pagecache.models import Purge
from masthead.pagecache.wsgi import PageCacheApplication
from masthead.testing import make_article

pytestmark = pytest.mark.django_db

PER_ANSWER = {"age", "x-request-id", "date"}  # differ between any two answers


class Recording:
    """Django's WSGI application, remembering which requests reached it."""

    def __init__(self):
        self.django = WSGIHandler()
        self.paths = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        return self.django(environ, start_response)


@pytest.fixture
def app(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_POLL = 60  # the purges were just read: hits need not read them
    # As Django's test client does: the test's transaction keeps its connection between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield PageCacheApplication(Recording())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(app, path, method="GET", **headers):
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD=method, **headers)
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = {name.lower(): value for name, value in response_headers}

    body = app(environ, start_response)
    try:
        content = b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    return answer["status"], answer["headers"], content


def reached_django(app) -> list[str]:
    return app.django_application.paths


def test_a_hit_is_answered_before_django_with_the_headers_django_would_give(app, site_tree):
    article = make_article("Выборы в регионе")
    status, first_headers, first = call(app, article.url)
    assert (status, first_headers["x-page-cache"]) == ("200 OK", "miss")
    store.purges.read(now=True)
    through_django = call(app.django_application, article.url)  # the same hit through the middleware
    reached_django(app).clear()

    status, headers, content = call(app, article.url)

    assert reached_django(app) == []
    assert (status, headers["x-page-cache"], content) == ("200 OK", "hit", first)
    assert "Выборы в регионе" in content.decode()
    assert through_django[1]["x-page-cache"] == "hit"
    same = {name: value for name, value in headers.items() if name not in PER_ANSWER}
    assert same == {name: value for name, value in through_django[1].items() if name not in PER_ANSWER}
    # The middleware above the cache ran: security headers, a request id of its own, the stored policy.
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "content-security-policy" in headers
    assert headers["x-request-id"] not in (first_headers["x-request-id"], through_django[1]["x-request-id"])


def test_a_hit_before_django_answers_validators_with_304_and_gzip_when_asked(app, site_tree):
    article = make_article()
    _, first_headers, first = call(app, article.url)
    status, _headers, content = call(app, article.url, HTTP_IF_NONE_MATCH=first_headers["etag"])
    assert (status, content) == ("304 Not Modified", b"")
    status, headers, content = call(app, article.url, HTTP_ACCEPT_ENCODING="gzip")
    assert headers["content-encoding"] == "gzip" and "Accept-Encoding" in headers["vary"]
    assert gzip.decompress(content) == first
    assert reached_django(app) == [article.url]  # only the first request rendered


@pytest.mark.parametrize("headers", [
    {"HTTP_COOKIE": "sessionid=abc"},
    {"HTTP_COOKIE": "messages=notice"},
    {"HTTP_AUTHORIZATION": "Basic eDp5"},
])
def test_a_reader_with_a_session_or_credentials_always_reaches_django(app, site_tree, headers):
    article = make_article()
    call(app, article.url)
    reached_django(app).clear()
    _status, answer, _content = call(app, article.url, **headers)
    assert reached_django(app) == [article.url]
    assert "x-page-cache" not in answer


def test_a_post_and_pages_not_cached_reach_django(app, site_tree):
    article = make_article()
    call(app, article.url)
    reached_django(app).clear()
    call(app, article.url, method="POST")
    call(app, "/search/", QUERY_STRING="q=x")
    assert reached_django(app) == [article.url, "/search/"]


def test_with_the_page_cache_off_every_request_reaches_django(app, site_tree, settings):
    article = make_article()
    settings.PAGE_CACHE = False
    call(app, article.url)
    _status, headers, _content = call(app, article.url)
    assert reached_django(app) == [article.url] * 2
    assert headers["x-page-cache"] == "off"


def test_when_the_purges_are_due_django_reads_them_and_a_purged_page_is_rendered_anew(app, site_tree, settings):
    article = make_article("Первая версия")
    call(app, article.url)
    # Another process purged the article: this one learns of it at its next read of the purges.
    Purge.objects.create(keys=f"a{article.pk}")
    assert call(app, article.url)[1]["x-page-cache"] == "hit"  # within the poll interval, as before
    settings.PAGE_CACHE_POLL = 0  # the interval has passed
    reached_django(app).clear()
    _status, headers, _content = call(app, article.url)
    assert reached_django(app) == [article.url]
    assert headers["x-page-cache"] == "miss"


def test_a_host_django_refuses_gets_djangos_400_not_a_copy(app, site_tree):
    article = make_article()
    call(app, article.url)
    status, _headers, _content = call(app, article.url, HTTP_HOST="evil.example")
    assert status.startswith("400")


def test_the_ssl_redirect_stands_before_any_copy(app, site_tree, settings):
    article = make_article()
    call(app, article.url)
    settings.SECURE_SSL_REDIRECT = True
    app = PageCacheApplication(app.django_application)  # middleware read their settings when built
    status, headers, _content = call(app, article.url)
    assert status.startswith("301") and headers["location"].startswith("https://")
