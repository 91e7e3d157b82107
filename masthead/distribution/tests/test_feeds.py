import datetime as dt
import re
from urllib.parse import unquote

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.testing import make_article, make_author, make_rubric

pytestmark = pytest.mark.django_db

FEEDS = ["/feed/", "/en/feed/", "/feed/atom/", "/en/feed/atom/", "/feed/dzen/", "/en/feed/dzen/"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
    return response, parsed


@pytest.fixture
def newsroom(site_tree):
    politics, sport = make_rubric("Политика", name_en="Politics", slug="politics"), make_rubric("Спорт", slug="sport")
    anna, boris = make_author("Анна", name_en="Anna", slug="anna"), make_author("Борис", slug="boris")
    now = timezone.now()
    older = make_article("Старая новость", published_at=now - dt.timedelta(days=2), authors=[anna], rubrics=[sport])
    newest = make_article(
        "Выборы <прошли> & закончились",
        lead="Лид\x07 с управляющим символом",
        published_at=now - dt.timedelta(minutes=5),
        authors=[anna, boris],
        rubrics=[politics, sport],
        tags=["Выборы", "Регионы"],
        cross_posted=True,  # so the English edition's feeds carry it too
    )
    draft = make_article("Черновик", live=False, rubrics=[politics])
    future = make_article("Завтрашняя", published_at=now + dt.timedelta(days=1), rubrics=[politics])
    return {"newest": newest, "older": older, "draft": draft, "future": future, "politics": politics, "anna": anna}


@pytest.mark.parametrize("url", FEEDS + ["/rubric/politics/feed/", "/author/anna/feed/atom/", "/tag/vybory/feed/", "/en/tag/vybory/feed/atom/"])
def test_every_feed_parses_without_errors(client, newsroom, url):
    _, parsed = parse(client, url)
    assert parsed.entries


def test_site_feed_has_the_newest_published_articles_with_their_fields(client, newsroom, settings):
    response, parsed = parse(client, "/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    titles = [entry.title for entry in parsed.entries]
    assert titles == ["Выборы <прошли> & закончились", "Старая новость"]  # no draft, nothing dated ahead
    entry = parsed.entries[0]
    article = newsroom["newest"]
    assert entry.link == settings.SITE_URL + "/news/" + article.slug + "/"
    assert entry.id == f"{settings.SITE_URL}/?article={article.pk}"
    assert entry.guidislink is False
    assert entry.summary == "Лид с управляющим символом"  # the control character stripped
    assert {tag.term for tag in entry.tags} == {"Политика", "Спорт", "Выборы", "Регионы"}
    assert [a.name for a in entry.authors] == ["Анна", "Борис"]
    assert entry.published.endswith("+0300")  # the site's time with its offset
    assert parsed.feed.language == "ru"
    assert b"<dc:language>ru</dc:language>" in response.content


def test_english_edition_names_rubrics_in_english(client, newsroom):
    _, parsed = parse(client, "/en/feed/atom/")
    assert parsed.feed.language == "en"
    assert "Politics" in {tag.term for tag in parsed.entries[0].tags}
    assert parsed.entries[0].title_detail.language == "ru"  # the article keeps its own language (xml:lang)


def test_each_editions_feed_lists_its_own_language_and_the_cross_posted(client, newsroom):
    make_article("English only", language="en", rubrics=[newsroom["politics"]])
    russian = [entry.title for entry in parse(client, "/rubric/politics/feed/")[1].entries]
    english = [entry.title for entry in parse(client, "/en/rubric/politics/feed/")[1].entries]
    assert "English only" not in russian and "English only" in english
    assert "Выборы <прошли> & закончились" in russian and "Выборы <прошли> & закончились" in english
    assert "Старая новость" in [entry.title for entry in parse(client, "/feed/")[1].entries]
    assert "Старая новость" not in [entry.title for entry in parse(client, "/en/feed/")[1].entries]


def test_atom_entry_updates_when_an_article_is_corrected(client, newsroom):
    article = newsroom["newest"]  # dated five minutes ago, published then and not since
    type(article).objects.filter(pk=article.pk).update(last_published_at=article.published_at)
    _, before = parse(client, "/feed/atom/")
    assert before.entries[0].updated_parsed == before.entries[0].published_parsed
    article.refresh_from_db()
    article.lead = "Исправленный лид"
    article.save_revision().publish()
    _, after = parse(client, "/feed/atom/")
    corrected = after.entries[0]
    assert corrected.id == before.entries[0].id  # the same entry, not a new story
    assert corrected.updated_parsed > before.entries[0].updated_parsed  # the correction's time, now
    assert corrected.published == before.entries[0].published
    assert corrected.summary == "Исправленный лид"


def test_rubric_feed_has_only_that_rubric(client, newsroom):
    _, parsed = parse(client, "/rubric/politics/feed/")
    assert [entry.title for entry in parsed.entries] == ["Выборы <прошли> & закончились"]
    assert parsed.feed.title.startswith("Политика")
    assert parsed.feed.link.endswith("/rubric/politics/")


def test_author_and_tag_feeds_narrow_the_list(client, newsroom):
    _, by_anna = parse(client, "/author/anna/feed/")
    assert len(by_anna.entries) == 2
    _, tagged = parse(client, "/tag/vybory/feed/")
    assert [entry.title for entry in tagged.entries] == ["Выборы <прошли> & закончились"]


def test_a_tag_with_a_non_latin_slug_has_a_page_and_a_feed(client, newsroom):
    """Tag pages take any text as a slug; their feed's address must too, or the page's feed link cannot be built."""
    from taggit.models import Tag

    article = make_article("Итоги выборов", tags=["Выборы-2026"])
    Tag.objects.filter(name="Выборы-2026").update(slug="выборы-2026")  # as a shell or an old database may leave it
    page = client.get("/tag/выборы-2026/")
    assert page.status_code == 200
    link = re.search(r'<link rel="alternate" type="application/rss\+xml" title="[^"]*" href="(/tag/[^"]+/feed/)"', page.content.decode())
    _, feed = parse(client, unquote(link.group(1)))
    assert [entry.title for entry in feed.entries] == [article.title]


@pytest.mark.parametrize(
    "url", ["/rubric/nope/feed/", "/author/nope/feed/", "/tag/nope/feed/atom/", "/en/rubric/nope/feed/", "/tag/%00/feed/"]
)
def test_unknown_rubric_author_or_tag_is_404(client, newsroom, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["?page=abc", "?page=-1", "?page=999999999", "?q=%3Cscript%3E", "?x=" + "a" * 10_000, "?page=%00", "?%FF=%FE"],
)
def test_hostile_query_strings_do_not_break_feeds(client, newsroom, query):
    response = client.get("/feed/" + query)
    assert response.status_code == 200
    assert feedparser.parse(response.content).bozo == 0


def test_rss_redirects_to_the_feed(client, newsroom):
    response = client.get("/rss/")
    assert response.status_code == 301 and response["Location"] == "/feed/"


def test_a_repeat_gets_304_by_etag_and_by_date(client, newsroom):
    first = client.get("/feed/")
    assert first["ETag"] and first["Last-Modified"]
    assert client.get("/feed/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_publish_changes_the_etag(client, newsroom):
    first = client.get("/feed/")
    make_article("Свежая новость")
    second = client.get("/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert b"\xd0\xa1\xd0\xb2\xd0\xb5\xd0\xb6\xd0\xb0\xd1\x8f" in second.content  # "Свежая"


def test_host_header_does_not_change_links(client, newsroom, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    response = client.get("/feed/", HTTP_HOST="other.example")
    assert b"other.example" not in response.content
    assert settings.SITE_URL.encode() in response.content


def test_feed_query_count_does_not_grow_with_articles(client, newsroom, django_assert_max_num_queries):
    from django.core.cache import cache

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/feed/").status_code == 200
        return len(queries)

    count()  # the first request ever creates the site settings row
    few = count()
    for n in range(6):
        make_article(f"Ещё новость {n}", rubrics=[make_rubric()], authors=[make_author()], tags=[f"тег{n}"])
    assert count() == few
    assert few <= 11
    with django_assert_max_num_queries(1):  # warm: the content version at most
        client.get("/feed/")


def test_a_feed_holds_the_newest_feed_items_only(client, newsroom, settings):
    settings.FEED_ITEMS = 3
    now = timezone.now()
    for n in range(4):
        make_article(f"Новость {n}", published_at=now - dt.timedelta(minutes=n + 1))
    titles = [entry.title for entry in parse(client, "/feed/")[1].entries]
    assert titles == ["Новость 0", "Новость 1", "Новость 2"]  # newest first, the fourth and older left out


@pytest.mark.parametrize(
    "page, feeds",
    [
        ("/", ["/feed/"]),
        ("/en/", ["/en/feed/"]),
        ("/rubric/politics/", ["/feed/", "/rubric/politics/feed/"]),
        ("/en/rubric/politics/", ["/en/feed/", "/en/rubric/politics/feed/"]),
        ("/author/anna/", ["/feed/", "/author/anna/feed/"]),
        ("/tag/vybory/", ["/feed/", "/tag/vybory/feed/"]),
        ("/en/tag/vybory/", ["/en/feed/", "/en/tag/vybory/feed/"]),
    ],
)
def test_every_page_with_a_feed_links_it_and_the_link_opens_it(client, newsroom, page, feeds):
    from lxml import html

    response = client.get(page)
    assert response.status_code == 200
    links = html.fromstring(response.content).xpath('//head/link[@rel="alternate"][@type="application/rss+xml"]')
    assert [link.get("href") for link in links] == feeds
    assert all(link.get("title") for link in links)
    for href in feeds:
        assert parse(client, href)[1].entries
