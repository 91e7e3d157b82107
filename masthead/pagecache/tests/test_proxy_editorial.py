"""Editorial changes reach readers through the real proxy: the site under gunicorn behind the shipped VCL.

The editor's side runs as a separate process on the shared database (as an editor's request
to another gunicorn worker would), publishing and unpublishing through Wagtail's API; its
purges go to this Varnish through `PROXY_PURGE_URLS`, as they do under `make proxy`. A change
must show through the proxy within 2 seconds, and an article it does not touch must stay a hit.
"""

import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from masthead.pagecache.tests.proxy import VarnishServer, varnish_missing
from masthead.pageviews import servers
from masthead.testing import make_article, make_author, make_rubric

pytestmark = [pytest.mark.proxy, pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.skipif(bool(varnish_missing()), reason=varnish_missing() or "-")]

VISIBLE_WITHIN = 2.0


class Newsroom:
    """The site behind Varnish over a database shared with the test, and an editor acting on it."""

    def __init__(self, database: servers.SharedDatabase, varnish: VarnishServer):
        self.database = database
        self.varnish = varnish

    def env(self) -> dict[str, str]:
        return servers.server_env(DATABASE_URL=self.database.url, PROXY_PURGE_URLS=self.varnish.url,
                                  LOG_LEVEL="CRITICAL")

    def edit(self, page_id: int, action: str) -> None:
        """Run `action` on the live page `page` in another process, as an editor's request would."""
        code = f"from wagtail.models import Page\npage = Page.objects.get(pk={page_id}).specific\n{action}\n"
        subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=settings.BASE_DIR,
                       env=self.env(), check=True, capture_output=True, timeout=120)

    def until(self, path: str, condition, timeout: float = VISIBLE_WITHIN):
        """The first answer through the proxy meeting `condition`, and how long it took to come."""
        started = time.monotonic()
        while True:
            answer = self.varnish.get(path)
            waited = time.monotonic() - started
            if condition(answer) or waited > timeout:
                return answer, waited
            time.sleep(0.05)


@pytest.fixture
def articles(site_tree):
    first = make_article("Первая статья о бюджете", authors=[make_author()], rubrics=[make_rubric()],
                         paragraphs=["Старый текст."])
    second = make_article("Вторая статья о погоде", authors=[make_author()], rubrics=[make_rubric()])
    return first, second


@pytest.fixture
def newsroom(articles, tmp_path):
    database = servers.SharedDatabase(tmp_path, "proxy")
    varnish_port = servers.free_port()
    env = servers.server_env(DATABASE_URL=database.url, PROXY_PURGE_URLS=f"http://127.0.0.1:{varnish_port}",
                             LOG_LEVEL="CRITICAL")
    with servers.gunicorn(env, workers=2, threads=4) as url:
        with VarnishServer(tmp_path / "varnish", urlsplit(url).port, port=varnish_port) as varnish:
            yield Newsroom(database, varnish)


def path_of(page) -> str:
    return urlsplit(page.url).path


def warm(newsroom, *pages) -> None:
    for page in pages:
        newsroom.varnish.get(path_of(page))
        assert newsroom.varnish.get(path_of(page)).cache == "HIT", f"{path_of(page)} is not cached"


def test_a_published_change_shows_through_the_proxy_within_two_seconds(newsroom, articles):
    first, second = articles
    warm(newsroom, first, second)

    newsroom.edit(first.pk, "page.title = 'Первая статья: бюджет принят'\npage.save_revision().publish()")
    answer, waited = newsroom.until(path_of(first), lambda a: "бюджет принят".encode() in a.body)
    print(f"published change visible after {waited:.2f} s")

    assert answer.status == 200 and "бюджет принят".encode() in answer.body, f"still old after {waited:.1f} s"
    assert newsroom.varnish.get(path_of(second)).cache == "HIT"


def test_an_unpublished_article_is_gone_from_the_proxy_within_two_seconds_and_stays_gone(newsroom, articles):
    first, second = articles
    warm(newsroom, first, second)

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


def test_a_signed_in_reader_never_gets_a_cached_page_nor_leaves_a_cookie_in_the_cache(
        articles, session_cookie, tmp_path):
    first, _ = articles
    database = servers.SharedDatabase(tmp_path, "proxy")
    with servers.gunicorn(servers.server_env(DATABASE_URL=database.url, LOG_LEVEL="CRITICAL"),
                          workers=1, threads=4) as url:
        with VarnishServer(tmp_path / "varnish", urlsplit(url).port) as varnish:
            warm(Newsroom(database, varnish), first)
            signed_in = [varnish.get(path_of(first), headers={"Cookie": f"sessionid={session_cookie}"})
                         for _ in range(2)]
            anonymous = varnish.get(path_of(first))

    assert [a.cache for a in signed_in] == ["PASS", "PASS"]
    assert all(a.status == 200 and "xkey" not in a.headers for a in signed_in)
    assert (anonymous.cache, "set-cookie" in anonymous.headers) == ("HIT", False)
