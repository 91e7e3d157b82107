"""The shipped Varnish recipe (deploy/varnish/masthead.vcl) in front of an app that keeps the contract.

A real varnishd runs the VCL exactly as `make proxy` renders it, in front of `ContractBackend`
(tests/proxy.py): a small app answering with the page-cache contract's headers and counting
its renders, so "a hit" means the app was not asked.

The editorial tests at the end put the real site (gunicorn, over a database shared with the
test) behind it. The editor's side runs as a separate process on that database, as an
editor's request to another worker would, publishing and unpublishing through Wagtail's API;
its purges go to this Varnish through `PROXY_PURGE_URLS`, as under `make proxy`. A change must
show through the proxy within 2 seconds, and an article it does not touch must stay a hit.
"""

import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from masthead.pagecache.tests.proxy import ContractBackend, VarnishServer, require_varnish
from masthead.core import servers
from masthead.testing import make_article, make_author, make_rubric

pytestmark = pytest.mark.proxy


@pytest.fixture
def backend():
    with ContractBackend() as app:
        yield app


@pytest.fixture
def varnish(backend, tmp_path):
    with VarnishServer(tmp_path / "varnish", backend.port) as proxy:
        yield proxy


def renders(response) -> int:
    return int(response.headers["x-render"])


def test_a_second_anonymous_get_is_a_hit_and_hides_the_surrogate_keys(varnish):
    first = varnish.get("/page/article?keys=a1+home")
    second = varnish.get("/page/article?keys=a1+home")

    assert (first.status, first.cache) == (200, "MISS")
    assert (second.status, second.cache) == (200, "HIT")
    assert renders(second) == 1
    assert "age" in second.headers
    assert "xkey" not in first.headers and "xkey" not in second.headers
    assert "x-varnish" not in second.headers and "via" not in second.headers


def test_anonymous_readers_cookies_are_dropped_so_they_share_one_copy(varnish):
    varnish.get("/page/home?keys=home", headers={"Cookie": "csrftoken=abc; _ga=GA1.2"})
    again = varnish.get("/page/home?keys=home", headers={"Cookie": "csrftoken=other"})

    assert again.cache == "HIT"
    assert again.headers["x-seen-cookie"] == ""


def test_readers_with_different_browser_languages_share_one_copy(varnish):
    """The language is in the URL; a Vary: Accept-Language from Django must not split the cache."""
    path = "/en/page/story?keys=a7&vary=Accept-Language"
    first = varnish.get(path, headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    other = varnish.get(path, headers={"Accept-Language": "de-DE,en;q=0.5"})

    assert (first.headers["x-seen-accept-language"], other.cache, renders(other)) == ("", "HIT", 1)


def test_links_shared_with_tracking_parameters_share_one_copy(varnish):
    varnish.get("/page/viral?keys=a8&page=2")
    answers = [varnish.get(path) for path in ("/page/viral?utm_source=tg&keys=a8&page=2&utm_medium=social",
                                               "/page/viral?keys=a8&page=2&fbclid=IwAR0x")]
    other_page = varnish.get("/page/viral?keys=a8&page=3&gclid=1")

    assert [(a.cache, renders(a)) for a in answers] == [("HIT", 1), ("HIT", 1)]
    assert (other_page.cache, renders(other_page)) == ("MISS", 2)


def test_a_head_request_is_served_from_the_same_copy(varnish):
    varnish.get("/page/head?keys=a9")
    head = varnish.get("/page/head?keys=a9", method="HEAD")

    assert (head.status, head.cache, head.body) == (200, "HIT", b"")


def test_a_response_that_sets_a_cookie_is_never_cached(varnish):
    answers = [varnish.get("/cookie/visitor") for _ in range(3)]

    assert [renders(a) for a in answers] == [1, 2, 3]
    assert [a.headers["set-cookie"].split(";")[0] for a in answers] == [
        "mh_vid=visitor1", "mh_vid=visitor2", "mh_vid=visitor3"]
    assert "HIT" not in {a.cache for a in answers}


@pytest.mark.parametrize("headers", [
    {"Cookie": "csrftoken=abc; sessionid=s3cr3t"},
    {"Cookie": "sessionid=s3cr3t"},
    {"Authorization": "Basic ZWQ6cGFzc3dvcmQ="},
    {"Cookie": "csrftoken=abc; messages=W1siX19qc29uX21lc3NhZ2UiXV0:1s"},
], ids=["session-among-cookies", "session-cookie", "authorization", "pending-message"])
def test_a_signed_in_reader_or_one_with_a_notice_waiting_always_reaches_the_app(varnish, headers):
    varnish.get("/page/article?keys=a1")
    assert varnish.get("/page/article?keys=a1").cache == "HIT"

    answers = [varnish.get("/page/article?keys=a1", headers=headers) for _ in range(2)]

    assert [a.cache for a in answers] == ["PASS", "PASS"]
    assert [renders(a) for a in answers] == [2, 3]
    assert answers[0].headers["x-seen-cookie"] == headers.get("Cookie", "")
    assert varnish.get("/page/article?keys=a1").cache == "HIT"  # the anonymous copy is untouched


def test_a_signed_in_readers_page_is_not_served_to_the_next_anonymous_reader(varnish):
    signed_in = varnish.get("/page/profile?keys=a2", headers={"Cookie": "sessionid=s3cr3t"})
    anonymous = varnish.get("/page/profile?keys=a2")

    assert signed_in.headers["cache-control"] == "private, no-cache"
    assert (anonymous.cache, renders(anonymous), anonymous.headers["x-seen-cookie"]) == ("MISS", 2, "")


@pytest.mark.parametrize("path", ["/admin/pages/", "/en/accounts/login/", "/accounts/login/", "/account/",
                                  "/pageviews/pixel/3.gif", "/typos/token/", "/comments/7/edit/"])
def test_endpoints_that_read_their_own_cookies_get_them_and_are_never_looked_up(varnish, path):
    answers = [varnish.get(path, headers={"Cookie": "csrftoken=abc; mh_vid=v1"}) for _ in range(2)]

    assert [a.cache for a in answers] == ["PASS", "PASS"]
    assert answers[1].headers["x-seen-cookie"] == "csrftoken=abc; mh_vid=v1"


def test_a_post_always_reaches_the_app(varnish):
    varnish.get("/page/form?keys=a3")
    posted = varnish.get("/page/form?keys=a3", method="POST", headers={"Content-Length": "0"})

    assert (posted.cache, renders(posted)) == ("PASS", 2)


def test_purge_removes_exactly_the_pages_tagged_with_its_keys(varnish):
    pages = {"one": "a1+home", "two": "a2", "three": "a3+home"}
    for name, keys in pages.items():
        varnish.get(f"/page/{name}?keys={keys}")

    purged = varnish.purge("a1")
    after_one = {name: varnish.get(f"/page/{name}?keys={keys}").cache for name, keys in pages.items()}
    purged_home = varnish.purge("home r5")
    after_home = {name: varnish.get(f"/page/{name}?keys={keys}").cache for name, keys in pages.items()}

    assert (purged.status, purged.body) == (200, b"purged 1\n")
    assert after_one == {"one": "MISS", "two": "HIT", "three": "HIT"}
    assert (purged_home.status, purged_home.body) == (200, b"purged 2\n")
    assert after_home == {"one": "MISS", "two": "HIT", "three": "MISS"}


def test_a_purged_page_is_not_served_stale_even_while_the_app_is_down(varnish, backend):
    varnish.get("/page/unpublished?keys=a4")
    assert varnish.purge("a4").status == 200
    backend.stop()

    answer = varnish.get("/page/unpublished?keys=a4")

    assert answer.status == 503


def test_purge_from_an_address_outside_the_acl_is_refused(varnish):
    varnish.get("/page/article?keys=a1")

    refused = varnish.purge("a1", source="127.0.0.2")

    assert refused.status == 403
    assert varnish.get("/page/article?keys=a1").cache == "HIT"


def test_purge_relayed_by_another_proxy_on_an_acl_address_is_refused(varnish):
    varnish.get("/page/article?keys=a1")

    relayed = varnish.get("/", method="PURGE", headers={"xkey-purge": "a1", "X-Forwarded-For": "203.0.113.9"})

    assert relayed.status == 403
    assert varnish.get("/page/article?keys=a1").cache == "HIT"


def test_purge_without_keys_is_refused(varnish):
    answer = varnish.get("/", method="PURGE")

    assert answer.status == 400


def test_a_stale_page_is_served_while_the_app_is_down(varnish, backend):
    varnish.get("/page/viral?keys=a5&ttl=1")
    backend.stop()
    time.sleep(1.5)  # past its s-maxage

    answers = [varnish.get("/page/viral?keys=a5&ttl=1") for _ in range(2)]

    assert [(a.status, a.cache, renders(a)) for a in answers] == [(200, "HIT-STALE", 1)] * 2


def test_a_page_long_stale_is_served_when_the_app_is_down(backend, tmp_path):
    """Past the serve-while-healthy window (shrunk to 1 s here), a failed fetch falls back to grace."""
    with VarnishServer(tmp_path / "varnish", backend.port, healthy_grace="1s") as varnish:
        varnish.get("/page/viral?keys=a5&ttl=1")
        backend.stop()
        time.sleep(2.5)  # past s-maxage + the healthy window, before the probe calls the app sick

        answer = varnish.get("/page/viral?keys=a5&ttl=1")

    assert (answer.status, answer.cache, renders(answer)) == (200, "HIT-STALE", 1)


def test_a_stale_page_is_served_while_the_app_answers_with_errors(backend, tmp_path):
    with VarnishServer(tmp_path / "varnish", backend.port, healthy_grace="1s") as varnish:
        varnish.get("/page/viral?keys=a5&ttl=1")
        backend.failing = True
        time.sleep(2.5)

        answer = varnish.get("/page/viral?keys=a5&ttl=1")
        never_cached = varnish.get("/page/new?keys=a6")

    assert (answer.status, answer.cache, renders(answer)) == (200, "HIT-STALE", 1)
    assert (never_cached.status, never_cached.body) == (503, b"database down")


def test_the_page_is_fresh_again_within_seconds_once_the_app_is_back(varnish, backend):
    varnish.get("/page/viral?keys=a5&ttl=1")
    backend.stop()
    time.sleep(1.5)
    assert varnish.get("/page/viral?keys=a5&ttl=1").cache == "HIT-STALE"
    backend.start()

    # Stale copies keep coming (each asks for a refresh in the background) until the health
    # probe has seen the app up twice (2 s apart) and a refresh lands.
    deadline = time.monotonic() + 10
    while renders(answer := varnish.get("/page/viral?keys=a5&ttl=1")) == 1 and time.monotonic() < deadline:
        assert answer.status == 200
        time.sleep(0.2)

    assert renders(answer) == 2


def test_requests_are_spread_over_the_app_nodes(tmp_path):
    with ContractBackend() as one, ContractBackend() as two, \
            VarnishServer(tmp_path / "varnish", [one.port, two.port]) as varnish:
        answers = [varnish.get(f"/page/story-{n}") for n in range(6)]

    assert [a.status for a in answers] == [200] * 6
    assert (sum(one.renders.values()), sum(two.renders.values())) == (3, 3)


def test_a_node_that_dies_is_skipped_without_an_error(tmp_path):
    """A node killed under load: its share of GETs is retried on the other node, at once,
    before the health probe has noticed (readers see no error, only the surviving node renders)."""
    with ContractBackend() as one, ContractBackend() as two, \
            VarnishServer(tmp_path / "varnish", [one.port, two.port]) as varnish:
        one.stop()
        answers = [varnish.get(f"/page/story-{n}") for n in range(8)]

    assert [a.status for a in answers] == [200] * 8
    assert (sum(one.renders.values()), sum(two.renders.values())) == (0, 8)


# The real site behind the proxy.

VISIBLE_WITHIN = 2.0
editorial = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Newsroom:
    """The site under gunicorn behind Varnish, over a database shared with the test, and an editor.

    The site's processes and the editor's share one environment: the database, the proxy
    to purge, and a cache namespace of their own (with REDIS_URL, pages an earlier run
    cached must not answer for this one).
    """

    def __init__(self, tmp_path):
        require_varnish()
        self.tmp_path = tmp_path
        self.database = servers.SharedDatabase(tmp_path, "proxy")
        # Below the outgoing range: gunicorn's port, picked later by bind(0), can never be this one.
        self.varnish_port = servers.reusable_port()
        self.env = servers.server_env(
            DATABASE_URL=self.database.url, PROXY_PURGE_URLS=f"http://127.0.0.1:{self.varnish_port}",
            CACHE_KEY_PREFIX=f"proxy-test-{uuid.uuid4().hex[:8]}", LOG_LEVEL="CRITICAL")

    @contextmanager
    def running(self, *, workers: int = 2):
        with servers.gunicorn(self.env, workers=workers, threads=4) as url:
            with VarnishServer(self.tmp_path / "varnish", urlsplit(url).port, port=self.varnish_port) as varnish:
                self.varnish = varnish
                yield varnish

    def edit(self, page_id: int, action: str) -> None:
        """Run `action` on the live page `page` in another process, as an editor's request would."""
        code = f"from wagtail.models import Page\npage = Page.objects.get(pk={page_id}).specific\n{action}\n"
        subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=settings.BASE_DIR,
                       env=self.env, check=True, capture_output=True, timeout=120)

    def until(self, path: str, condition, timeout: float = VISIBLE_WITHIN):
        """The first answer through the proxy meeting `condition` (or the last one), and how long it took."""
        started = time.monotonic()
        while True:
            answer = self.varnish.get(path)
            waited = time.monotonic() - started
            if condition(answer) or waited > timeout:
                return answer, waited
            time.sleep(0.05)

    def warm(self, *pages) -> None:
        for page in pages:
            self.varnish.get(path_of(page))
            again = self.varnish.get(path_of(page))
            assert again.cache == "HIT", f"{path_of(page)} is not cached: {again!r}"


def path_of(page) -> str:
    return urlsplit(page.url).path


@pytest.fixture
def articles(site_tree):
    first = make_article("Первая статья о бюджете", authors=[make_author()], rubrics=[make_rubric()],
                         paragraphs=["Старый текст."])
    second = make_article("Вторая статья о погоде", authors=[make_author()], rubrics=[make_rubric()])
    # The first page ever rendered creates the site's settings rows, which purges every page;
    # done here, before the site starts, so that purge does not land in the middle of a test.
    assert Client().get(path_of(first), HTTP_HOST="127.0.0.1").status_code == 200
    return first, second


@pytest.fixture
def newsroom(articles, tmp_path):
    newsroom = Newsroom(tmp_path)
    with newsroom.running():
        yield newsroom


@editorial
def test_a_published_change_shows_through_the_proxy_within_two_seconds(newsroom, articles):
    first, second = articles
    newsroom.warm(first, second)

    newsroom.edit(first.pk, "page.title = 'Первая статья: бюджет принят'\npage.save_revision().publish()")
    answer, waited = newsroom.until(path_of(first), lambda a: "бюджет принят".encode() in a.body)
    print(f"published change visible after {waited:.2f} s")

    assert answer.status == 200 and "бюджет принят".encode() in answer.body, f"still old after {waited:.1f} s"
    assert newsroom.varnish.get(path_of(second)).cache == "HIT"


@editorial
def test_an_unpublished_article_is_gone_from_the_proxy_within_two_seconds_and_stays_gone(newsroom, articles):
    first, second = articles
    newsroom.warm(first, second)

    newsroom.edit(first.pk, "page.unpublish()")
    answer, waited = newsroom.until(path_of(first), lambda a: a.status == 404)
    print(f"unpublished article gone after {waited:.2f} s")
    later = [newsroom.varnish.get(path_of(first)) for _ in range(3)]

    assert answer.status == 404, f"still served after {waited:.1f} s"
    assert {a.status for a in later} == {404}
    assert "Первая статья".encode() not in later[-1].body
    assert newsroom.varnish.get(path_of(second)).cache == "HIT"


@pytest.fixture
def session_cookie(site_tree):
    client = Client()
    client.force_login(get_user_model().objects.create_user(username="reader", password="correct horse battery"))
    return client.cookies["sessionid"].value


@editorial
def test_a_signed_in_reader_never_gets_a_cached_page_nor_leaves_a_cookie_in_the_cache(
        articles, session_cookie, tmp_path):
    first, _ = articles
    newsroom = Newsroom(tmp_path)  # after the session exists: the shared copy must hold it
    with newsroom.running(workers=1) as varnish:
        newsroom.warm(first)
        signed_in = [varnish.get(path_of(first), headers={"Cookie": f"sessionid={session_cookie}"})
                     for _ in range(2)]
        anonymous = varnish.get(path_of(first))

    assert [a.cache for a in signed_in] == ["PASS", "PASS"]
    assert all(a.status == 200 and "xkey" not in a.headers for a in signed_in)
    assert (anonymous.cache, "set-cookie" in anonymous.headers) == ("HIT", False)
