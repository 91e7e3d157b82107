import datetime as dt
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema
from django.utils import timezone

from masthead.distribution import sitemaps
from masthead.testing import make_article, make_author, make_rubric

pytestmark = pytest.mark.django_db

STANDARDS = Path("/work/shared/standards")
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


class SitemapSchema:
    """sitemap.xsd, strictly; Google's news: and xhtml: elements (which it cannot know) are taken out
    first and checked by the tests below against Google's documented shape."""

    def __init__(self):
        self.schema = xmlschema.XMLSchema(STANDARDS / "sitemap.xsd")

    def validate(self, content: bytes):
        tree = ElementTree.fromstring(content)
        for url in tree.findall("sm:url", NS):
            for child in list(url):
                if not child.tag.startswith("{%s}" % NS["sm"]):
                    url.remove(child)
        self.schema.validate(tree)


@pytest.fixture(scope="module")
def schemas():
    return {
        "urlset": SitemapSchema(),
        "strict_urlset": xmlschema.XMLSchema(STANDARDS / "sitemap.xsd"),
        "index": xmlschema.XMLSchema(STANDARDS / "siteindex.xsd"),
    }


@pytest.fixture
def newsroom(site_tree):
    now = timezone.now()
    politics = make_rubric("Политика", slug="politics")
    anna = make_author("Анна", slug="anna")
    fresh = make_article("Свежая & <новость>", published_at=now - dt.timedelta(hours=2), rubrics=[politics], authors=[anna], tags=["Выборы"])
    edge = make_article("Почти двое суток", published_at=now - dt.timedelta(hours=47, minutes=50))
    old = make_article("Трёхдневная", published_at=now - dt.timedelta(hours=49))
    english = make_article("In English", published_at=now - dt.timedelta(hours=1), language="en")
    draft = make_article("Черновик", live=False)
    return {"fresh": fresh, "edge": edge, "old": old, "english": english, "draft": draft}


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/xml")
    return response.content


def section_urls(client, schemas):
    index = fetch(client, "/sitemap.xml")
    schemas["index"].validate(index)
    return [loc.text for loc in ElementTree.fromstring(index).findall("sm:sitemap/sm:loc", NS)]


def test_index_lists_every_section_and_every_file_is_valid(client, newsroom, schemas, settings):
    urls = section_urls(client, schemas)
    paths = [url.removeprefix(settings.SITE_URL) for url in urls]
    assert paths == [f"/sitemap-{name}.xml" for name in sitemaps.SECTIONS] + ["/sitemap-news.xml"]
    for path in paths[:-1]:
        schemas["strict_urlset"].validate(fetch(client, path))
    schemas["urlset"].validate(fetch(client, "/sitemap-news.xml"))


def test_article_sitemap_has_published_articles_with_last_publication(client, newsroom, settings):
    tree = ElementTree.fromstring(fetch(client, "/sitemap-articles.xml"))
    locs = {url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS) for url in tree.findall("sm:url", NS)}
    fresh = newsroom["fresh"]
    assert settings.SITE_URL + f"/news/{fresh.slug}/" in locs
    assert settings.SITE_URL + f"/news/{newsroom['draft'].slug}/" not in locs
    assert len(locs) == 4
    assert locs[settings.SITE_URL + f"/news/{fresh.slug}/"] == timezone.localtime(fresh.last_published_at).date().isoformat()


def test_taxonomy_and_day_sitemaps(client, newsroom, settings):
    rubrics = fetch(client, "/sitemap-rubrics.xml").decode()
    assert f"{settings.SITE_URL}/rubric/politics/" in rubrics
    assert f"{settings.SITE_URL}/author/anna/" in fetch(client, "/sitemap-authors.xml").decode()
    assert f"{settings.SITE_URL}/tag/vybory/" in fetch(client, "/sitemap-tags.xml").decode()
    days = fetch(client, "/sitemap-days.xml").decode()
    assert "/archive/" in days


def test_articles_are_split_into_files_of_the_limit(client, newsroom, schemas, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 3)
    urls = section_urls(client, schemas)
    assert any(url.endswith("/sitemap-articles.xml?p=2") for url in urls)
    page2 = ElementTree.fromstring(fetch(client, "/sitemap-articles.xml?p=2"))
    assert len(page2.findall("sm:url", NS)) == 1


def test_small_sections_are_one_file_and_large_ones_are_counted(client, newsroom, schemas, monkeypatch):
    assert sitemaps.ArchiveDaySitemap().index_pages() == 1
    assert sitemaps.TagSitemap().index_pages() == 1
    monkeypatch.setattr(sitemaps.ArchiveDaySitemap, "limit", 1)
    monkeypatch.setattr(sitemaps.TagSitemap, "limit", 1)
    days = sitemaps.ArchiveDaySitemap()
    assert days.index_pages() == days.paginator.num_pages >= 2
    assert sitemaps.TagSitemap().index_pages() == 1  # one tag in use, though the bound says more may be
    urls = section_urls(client, schemas)
    assert any(url.endswith("/sitemap-days.xml?p=2") for url in urls)


@pytest.mark.parametrize("query", ["?p=abc", "?p=-1", "?p=0", "?p=999999999", "?p=%00", "?p=1.0", "?p=" + "9" * 5000])
def test_hostile_page_numbers_are_404(client, newsroom, query):
    assert client.get("/sitemap-articles.xml" + query).status_code == 404


def test_unknown_section_is_404(client, newsroom):
    assert client.get("/sitemap-nope.xml").status_code == 404


def test_news_sitemap_holds_exactly_the_last_48_hours(client, newsroom, settings):
    tree = ElementTree.fromstring(fetch(client, "/sitemap-news.xml"))
    urls = tree.findall("sm:url", NS)
    titles = [url.findtext("news:news/news:title", namespaces=NS) for url in urls]
    assert titles == ["In English", "Свежая & <новость>", "Почти двое суток"]  # newest first; 49 h and the draft out
    for url in urls:
        news = url.find("news:news", NS)
        # Google's shape: publication(name, language), publication_date, title, in this order.
        assert [child.tag.split("}")[1] for child in news] == ["publication", "publication_date", "title"]
        publication = news.find("news:publication", NS)
        assert [child.tag.split("}")[1] for child in publication] == ["name", "language"]
        assert publication.findtext("news:name", namespaces=NS) == settings.WAGTAIL_SITE_NAME
        assert dt.datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS)).tzinfo is not None
    languages = [url.findtext("news:news/news:publication/news:language", namespaces=NS) for url in urls]
    assert languages == ["en", "ru", "ru"]


def test_news_sitemap_caps_at_1000(monkeypatch, client, newsroom):
    monkeypatch.setattr(sitemaps.NewsSitemap, "limit", 2)
    tree = ElementTree.fromstring(fetch(client, "/sitemap-news.xml"))
    assert len(tree.findall("sm:url", NS)) == 2
    assert sitemaps.NewsSitemap.__mro__[0].limit == 2 and sitemaps.NewsSitemap.window == dt.timedelta(hours=48)


def test_publication_name_comes_from_the_settings(client, newsroom):
    from wagtail.models import Site

    from masthead.distribution.models import DistributionSettings

    settings_row = DistributionSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.news_publication_name = "Вестник"
    settings_row.save()
    assert b"<news:name>\xd0\x92\xd0\xb5\xd1\x81\xd1\x82\xd0\xbd\xd0\xb8\xd0\xba</news:name>" in fetch(client, "/sitemap-news.xml")


def test_translations_become_hreflang_links(client, newsroom, schemas, settings):
    """An editor links the English version to the Russian one: both sitemap entries list both versions."""
    fresh, english = newsroom["fresh"], newsroom["english"]
    english.translation = fresh
    english.save_revision().publish()
    content = fetch(client, "/sitemap-articles.xml")
    schemas["urlset"].validate(content)
    tree = ElementTree.fromstring(content)
    by_loc = {url.findtext("sm:loc", namespaces=NS): url for url in tree.findall("sm:url", NS)}
    versions = [("alternate", "ru", fresh.canonical_url()),
                ("alternate", "en", english.canonical_url().replace(settings.SITE_URL, settings.SITE_URL + "/en"))]
    for article in (fresh, english):
        links = by_loc[article.canonical_url()].findall("xhtml:link", NS)
        assert sorted((link.get("rel"), link.get("hreflang"), link.get("href")) for link in links) == sorted(versions)
    assert not by_loc[newsroom["edge"].canonical_url()].findall("xhtml:link", NS)  # no translation, no link
    english.unpublish()
    assert b"xhtml:link" not in fetch(client, "/sitemap-articles.xml")  # a version readers cannot open is not listed


def test_without_translations_there_are_no_hreflang_links(client, newsroom):
    assert b"xhtml:link" not in fetch(client, "/sitemap-articles.xml")


def test_sitemap_repeat_gets_304(client, newsroom):
    first = client.get("/sitemap.xml")
    assert client.get("/sitemap.xml", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_robots_disallows_admin_and_accounts_and_names_the_sitemaps(client, newsroom, settings):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /accounts/" in text
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
    assert "sitemap-news.xml" not in text  # the index names it while it has news; a quiet spell makes it a 404


def test_robots_follows_the_editable_setting(client, newsroom):
    from wagtail.models import Site

    from masthead.distribution.models import DistributionSettings

    client.get("/robots.txt")
    row = DistributionSettings.for_site(Site.objects.get(is_default_site=True))
    row.robots_txt = "User-agent: *\nDisallow: /admin/\nDisallow: /private/\n"
    row.save()
    assert "Disallow: /private/" in client.get("/robots.txt").content.decode()


def test_a_site_without_articles_lists_no_empty_file(client, site_tree, schemas, settings):
    """sitemaps.org's schema wants at least one <url> per file: an empty section is left out of the index, and 404."""
    make_rubric("Политика", slug="politics")
    make_author("Анна", slug="anna")
    paths = [url.removeprefix(settings.SITE_URL) for url in section_urls(client, schemas)]
    assert paths == ["/sitemap-rubrics.xml", "/sitemap-authors.xml"]
    for path in paths:
        schemas["strict_urlset"].validate(fetch(client, path))
    for path in ["/sitemap-articles.xml", "/sitemap-tags.xml", "/sitemap-days.xml", "/sitemap-news.xml"]:
        assert client.get(path).status_code == 404, path


def test_a_site_with_nothing_at_all_has_no_index(client, site_tree):
    assert client.get("/sitemap.xml").status_code == 404


def test_without_news_in_48_hours_the_news_sitemap_is_404_and_left_out(client, site_tree, schemas, settings):
    make_article("Трёхдневная", published_at=timezone.now() - dt.timedelta(hours=49))
    paths = [url.removeprefix(settings.SITE_URL) for url in section_urls(client, schemas)]
    assert "/sitemap-news.xml" not in paths and "/sitemap-articles.xml" in paths
    assert client.get("/sitemap-news.xml").status_code == 404


def test_an_article_leaving_the_window_leaves_the_cached_news_sitemap_too(client, site_tree, schemas, settings):
    """No publish marks the moment an article turns 48 hours old; the cached copies expire at it."""
    client.get("/robots.txt")  # the first request ever creates the settings row, a content change
    make_article("Уходящая", published_at=timezone.now() - sitemaps.NewsSitemap.window + dt.timedelta(seconds=4))
    assert b"<news:title>" in fetch(client, "/sitemap-news.xml")
    assert any(url.endswith("/sitemap-news.xml") for url in section_urls(client, schemas))
    time.sleep(4.5)
    assert client.get("/sitemap-news.xml").status_code == 404
    assert not any(url.endswith("/sitemap-news.xml") for url in section_urls(client, schemas))


def test_the_page_cache_and_the_proxy_keep_the_news_sitemap_no_longer_than_its_window(client, site_tree, settings):
    """The shared copies expire with the cached one: the response says so to the proxy and the app's page cache obeys."""
    settings.PAGE_CACHE = True
    client.get("/robots.txt")  # the first request ever creates the settings row, a content change
    make_article("Уходящая", published_at=timezone.now() - sitemaps.NewsSitemap.window + dt.timedelta(seconds=4))
    first = client.get("/sitemap-news.xml")
    assert first["X-Page-Cache"] == "miss" and b"<news:title>" in first.content
    directives = dict(part.strip().partition("=")[::2] for part in first["Cache-Control"].split(","))
    assert int(directives["s-maxage"]) <= 4 and "stale-while-revalidate" not in directives
    assert client.get("/sitemap-news.xml")["X-Page-Cache"] == "hit"
    time.sleep(4.5)
    assert client.get("/sitemap-news.xml").status_code == 404


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize(
    "url_name", ["wagtailadmin_home", "readers:account", "account_login", "account_signup", "comments:account", "search:search"]
)
def test_robots_disallows_every_account_page_in_each_edition(client, newsroom, language, url_name):
    """Read from the URLconf, so an account page that moves is caught here, not by a crawler."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        path = reverse(url_name)
    disallowed = [line.split(":", 1)[1].strip() for line in client.get("/robots.txt").content.decode().splitlines()
                  if line.startswith("Disallow:")]
    assert any(path.startswith(prefix) for prefix in disallowed if prefix), (path, disallowed)


def test_a_site_on_the_old_default_gets_the_reader_account_disallowed(client, newsroom):
    from importlib import import_module

    from django.apps import apps
    from wagtail.models import Site

    from masthead.distribution.models import DistributionSettings

    migration = import_module("masthead.distribution.migrations.0002_robots_disallow_reader_account")
    row = DistributionSettings.for_site(Site.objects.get(is_default_site=True))
    DistributionSettings.objects.filter(pk=row.pk).update(robots_txt=migration.OLD_DEFAULT)
    other = "User-agent: *\nDisallow: /admin/\n"
    migration.disallow_the_reader_account_page(apps, None)
    assert DistributionSettings.objects.get(pk=row.pk).robots_txt == migration.NEW_DEFAULT == DistributionSettings._meta.get_field("robots_txt").default
    DistributionSettings.objects.filter(pk=row.pk).update(robots_txt=other)
    migration.disallow_the_reader_account_page(apps, None)
    assert DistributionSettings.objects.get(pk=row.pk).robots_txt == other  # an editor's own text is left alone
