import datetime as dt
import json
import re

import pytest
from django.utils import timezone, translation

from masthead.articles.models import Rubric
from masthead.testing import make_article, make_author, make_rubric

pytestmark = pytest.mark.django_db

MSK = dt.timezone(dt.timedelta(hours=3))


def path_of(article) -> str:
    with translation.override("ru"):
        return article.url


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


@pytest.fixture
def article(site_tree):
    return make_article(
        "Бюджет принят во втором чтении",
        published_at=dt.datetime(2022, 3, 2, 23, 57, tzinfo=MSK),
        dateline="Москва",
        authors=[make_author("Анна Волкова", name_en="Anna Volkova", slug="anna-volkova")],
        rubrics=[
            make_rubric("Авторская колонка", kind=Rubric.Kind.FORMAT, name_en="Author column", slug="column"),
            make_rubric("Казахстан", kind=Rubric.Kind.REGION, name_en="Kazakhstan", slug="kazakhstan"),
        ],
        tags=["Бюджет", "Мажилис"],
    )


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_article_shows_byline_time_label_and_dateline_in_russian(client, article):
    html = client.get(article.url).content.decode()
    assert "02.03.2022 23:57 (мск), Москва" in text_of(html)
    assert 'href="/author/anna-volkova/"' in html
    assert 'href="/rubric/column/">Авторская колонка<' in html
    assert 'rel="tag"' in html and "Бюджет" in html


def test_article_in_english_interface_uses_english_labels(client, article):
    html = client.get("/en" + article.url).content.decode()
    assert "02.03.2022 23:57 (Moscow time), Москва" in text_of(html)
    assert ">Author column<" in html and ">Anna Volkova<" in html
    assert '<html lang="en">' in html and 'lang="ru"' in html  # the article keeps its own language


def test_json_ld_carries_news_article_fields(client, article):
    data = json_ld(client.get(article.url).content.decode())
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Бюджет принят во втором чтении"
    assert data["datePublished"] == "2022-03-02T20:57:00+00:00"
    assert dt.datetime.fromisoformat(data["dateModified"]) >= dt.datetime.fromisoformat(data["datePublished"])
    assert [a["name"] for a in data["author"]] == ["Анна Волкова"]
    assert data["articleSection"] == ["Авторская колонка", "Казахстан"]
    assert sorted(data["keywords"]) == ["Бюджет", "Мажилис"]
    assert data["publisher"]["name"] == "Masthead"
    assert data["mainEntityOfPage"].endswith(path_of(article))


def test_open_graph_twitter_and_canonical(client, article, settings):
    html = client.get("/en" + path_of(article)).content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}{path_of(article)}">' in html
    assert '<meta property="og:title" content="Бюджет принят во втором чтении">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_json_ld_cannot_be_closed_by_a_headline(client, site_tree):
    hostile = make_article('</script><script>alert(1)</script>')
    html = client.get(hostile.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script>"


def test_article_without_tags_has_no_tags_line(client, site_tree):
    bare = make_article(tags=[])
    assert "article__tags" not in client.get(bare.url).content.decode()


def test_drafts_and_future_articles_are_404(client, site_tree):
    draft = make_article(live=False)
    future = make_article(published_at=timezone.now() + dt.timedelta(days=2))
    assert client.get(draft.url or f"/news/{draft.slug}/").status_code == 404
    assert client.get(future.url).status_code == 404
    assert client.get("/news/no-such-article/").status_code == 404


def test_query_count_does_not_grow_with_authors_rubrics_and_tags(client, site_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    warm = make_article()
    small = make_article(tags=["один"])
    big = make_article(
        authors=[make_author() for _ in range(4)],
        rubrics=[make_rubric() for _ in range(5)],
        tags=[f"тег {i}" for i in range(8)],
    )
    for _ in range(2):  # warm the site caches; the first visit also creates the site settings row
        client.get(warm.url)
    with CaptureQueriesContext(connection) as small_queries:
        client.get(small.url)
    with CaptureQueriesContext(connection) as big_queries:
        assert client.get(big.url).status_code == 200
    # The article, its three relations, and one or two for each feature block
    # (view count, corrections, comment policy and counts).
    assert len(big_queries) == len(small_queries) <= 10
    with CaptureQueriesContext(connection) as again:
        client.get(big.url)
    assert len(again) <= len(big_queries) - 3  # the relations (and some feature blocks) come from the cache now


def test_listings_paginate_and_reject_bad_page_numbers(client, site_tree, settings):
    settings.ARTICLES_PER_PAGE = 2
    rubric = make_rubric(slug="politics")
    for i in range(3):
        make_article(f"Статья {i}", rubrics=[rubric], published_at=timezone.now() - dt.timedelta(hours=i + 1))
    first = client.get("/rubric/politics/").content.decode()
    assert "Статья 0" in first and "Статья 2" not in first
    assert "Статья 2" in client.get("/rubric/politics/?page=2", follow=True).content.decode()
    for bad in ["abc", "-1", "0", "3", "999999999", "１"]:
        assert client.get(f"/rubric/politics/?page={bad}").status_code == 404


def test_author_and_tag_pages_list_newest_first(client, site_tree):
    author = make_author(slug="columnist")
    make_article("Старая колонка", authors=[author], tags=["Выборы"], published_at=timezone.now() - dt.timedelta(days=2))
    make_article("Новая колонка", authors=[author], tags=["выборы"])
    html = client.get("/author/columnist/").content.decode()
    assert html.index("Новая колонка") < html.index("Старая колонка")
    tag_html = client.get("/tag/vybory/").content.decode()
    assert "Новая колонка" in tag_html and "Старая колонка" in tag_html
    assert client.get("/tag/no-such-tag/").status_code == 404
    assert client.get("/author/nobody/").status_code == 404


def test_renamed_author_and_republished_tags_show_at_once(client, site_tree):
    author = make_author("Старое имя", slug="renamed")
    article = make_article(authors=[author], tags=["первый"])
    assert "Старое имя" in client.get(article.url).content.decode()
    author.name = "Новое имя"
    author.save()
    assert "Новое имя" in client.get(article.url).content.decode()
    article.tags.set(["второй"])
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "второй" in html and "первый" not in html


def test_tags_of_emoji_or_punctuation_get_an_address(client, site_tree):
    article = make_article(tags=["🔥", "???"])
    response = client.get(article.url)
    assert response.status_code == 200
    for tag in article.tags.all():
        assert tag.slug
        assert client.get(f"/tag/{tag.slug}/").status_code == 200


@pytest.mark.parametrize("url", ["/tag/%00/", "/news/%00/", "/news/a%00b/", "/author/%00/", "/rubric/%00/"])
def test_nul_in_an_address_is_404(client, site_tree, url):
    assert client.get(url).status_code == 404


def test_only_a_columnists_author_page_is_headed_authors_column(client, site_tree):
    reporter = make_author("Анна Волкова")
    columnist = make_author("Олег Руднев", is_columnist=True)
    for author in (reporter, columnist):
        make_article(authors=[author])
    assert "Авторская колонка" not in client.get(reporter.get_absolute_url()).content.decode()
    assert "Авторская колонка" in client.get(columnist.get_absolute_url()).content.decode()


@pytest.mark.parametrize("edition", ["", "/en"])
def test_rubric_author_tag_and_home_pages_carry_canonical_description_and_opengraph(client, site_tree, settings, edition):
    from taggit.models import Tag

    settings.SITE_URL = "https://news.example"
    rubric = make_rubric("Политика", name_en="Politics", slug="politics")
    author = make_author("Анна Волкова", name_en="Anna Volkova", slug="anna-volkova", bio="Пишет о парламенте.",
                         bio_en="Covers parliament.")
    make_article("Бюджет принят", rubrics=[rubric], authors=[author], tags=["Бюджет"])
    tag_path = f"/tag/{Tag.objects.get(name='Бюджет').slug}/"
    english = edition == "/en"
    expected = {
        "/rubric/politics/": ("Politics" if english else "Политика",
                              "News in the rubric “Politics”" if english else "Новости рубрики «Политика»"),
        "/author/anna-volkova/": ("Anna Volkova" if english else "Анна Волкова",
                                  "Covers parliament." if english else "Пишет о парламенте."),
        tag_path: ("Бюджет", "Stories tagged “Бюджет”" if english else "Материалы с тегом «Бюджет»"),
        "/": ("Masthead", "Latest news from" if english else "Последние новости"),
    }
    for path, (title, description) in expected.items():
        response = client.get(edition + path)
        assert response.status_code == 200, path
        html = response.content.decode()
        address = f"https://news.example{edition}{path}"
        assert f'<link rel="canonical" href="{address}">' in html, path
        assert f'<meta property="og:url" content="{address}">' in html, path
        assert f'<meta name="description" content="{description}' in html, path
        assert f'<meta property="og:title" content="{title}">' in html, path
        assert '<meta property="og:locale" content="%s">' % ("en_US" if english else "ru_RU") in html, path


def test_a_listing_page_past_the_first_is_its_own_canonical_without_tracking_parameters(client, site_tree, settings):
    settings.SITE_URL = "https://news.example"
    settings.ARTICLES_PER_PAGE = 1
    rubric = make_rubric(slug="politics")
    for n in range(2):
        make_article(f"Статья {n}", rubrics=[rubric], published_at=timezone.now() - dt.timedelta(hours=n))
    first = client.get("/rubric/politics/?utm_source=x").content.decode()
    older = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert '<link rel="canonical" href="https://news.example/rubric/politics/">' in first
    html = client.get(older + "&utm_source=x").content.decode()
    cursor = older.split("before=")[1]
    assert re.search(r'<link rel="canonical" href="https://news.example/rubric/politics/\?before=([^"]+)">', html)
    assert "utm_source" not in re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1) and cursor


@pytest.mark.parametrize("edition", ["ru", "en"])
def test_the_article_page_kept_as_a_shell_is_the_page_rendered_whole(client, article, settings, monkeypatch, edition):
    """The cached shell with its fills put in (masthead.core.page_shell) reads exactly as a whole render."""
    from wagtail.models import Page

    from masthead.articles.models import ArticlePage

    settings.PAGE_CACHE = False
    with translation.override(edition):
        url = article.url
    client.get(url)
    from_shell = client.get(url)
    monkeypatch.setattr(ArticlePage, "serve", Page.serve)
    whole = client.get(url)
    assert from_shell.status_code == whole.status_code == 200
    assert 'data-pageviews' in from_shell.content.decode() and "comments" in from_shell.content.decode()
    assert from_shell.content.decode() == whole.content.decode()
