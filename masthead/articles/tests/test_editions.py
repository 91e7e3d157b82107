"""Each language edition lists its own language's articles and the cross-posted ones (masthead/articles/editions.py)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.articles import listings
from masthead.articles.models import ArticleAuthor, ArticlePage, ArticleRubric, ArticleTag
from masthead.core import times
from masthead.testing import make_article, make_author, make_rubric

pytestmark = pytest.mark.django_db

MOMENT = timezone.now().replace(microsecond=0) - dt.timedelta(hours=2)


@pytest.fixture
def newsroom(site_tree):
    """One Russian, one English and one cross-posted Russian story, sharing a rubric, an author, a tag and a day."""
    rubric, author = make_rubric("Мир", slug="world"), make_author("Иван Петров", slug="petrov")
    shared = {"rubrics": [rubric], "authors": [author], "tags": ["саммит"]}
    return {
        "ru": make_article("Русская новость", slug="ru-story", published_at=MOMENT, **shared),
        "en": make_article("English story", slug="en-story", language="en", published_at=MOMENT - dt.timedelta(minutes=1), **shared),
        "both": make_article("Новость для всех", slug="both-story", cross_posted=True,
                             published_at=MOMENT - dt.timedelta(minutes=2), **shared),
    }


def listing_addresses() -> list[str]:
    day = times.to_site_time(MOMENT - dt.timedelta(minutes=2)).date()
    return ["/", "/news/", "/rubric/world/", "/author/petrov/", "/tag/sammit/", f"/archive/{day:%Y/%m/%d}/"]


def headlines(client, address: str) -> set[str]:
    response = client.get(address, follow=True)
    assert response.status_code == 200, address
    page = response.content.decode()
    return {title for title in ("Русская новость", "English story", "Новость для всех") if f">{title}<" in page}


@pytest.mark.parametrize("address", listing_addresses())
def test_an_english_article_is_listed_on_en_and_not_on_the_russian_site(client, newsroom, address):
    assert "English story" in headlines(client, f"/en{address}")
    assert "English story" not in headlines(client, address)


@pytest.mark.parametrize("address", listing_addresses())
def test_a_russian_article_is_listed_on_the_russian_site_and_not_on_en(client, newsroom, address):
    assert "Русская новость" in headlines(client, address)
    assert "Русская новость" not in headlines(client, f"/en{address}")


@pytest.mark.parametrize("address", listing_addresses())
def test_a_cross_posted_article_is_listed_in_both_editions(client, newsroom, address):
    assert "Новость для всех" in headlines(client, address)
    assert "Новость для всех" in headlines(client, f"/en{address}")


def test_every_article_still_opens_in_either_edition(client, newsroom):
    assert client.get("/en/news/ru-story/").status_code == 200
    assert client.get("/news/en-story/").status_code == 200


def test_cross_posting_a_published_article_lists_it_in_the_other_edition_at_once(client, newsroom):
    client.get("/en/rubric/world/")  # warm the page cache and the fragments
    article = newsroom["ru"]
    article.cross_posted = True
    article.save_revision().publish()
    assert "Русская новость" in headlines(client, "/en/rubric/world/")
    assert "Русская новость" in headlines(client, "/en/")
    article.cross_posted = False
    article.save_revision().publish()
    assert "Русская новость" not in headlines(client, "/en/rubric/world/")


def test_changing_the_language_moves_the_article_to_the_other_edition(client, newsroom):
    article = newsroom["ru"]
    article.language = "en"
    article.save_revision().publish()
    assert "Русская новость" in headlines(client, "/en/tag/sammit/")
    assert "Русская новость" not in headlines(client, "/tag/sammit/")


def test_listing_rows_carry_the_editions_the_article_is_listed_in(newsroom):
    for key, expected in (("ru", (True, False)), ("en", (False, True)), ("both", (True, True))):
        pk = newsroom[key].pk
        assert ArticlePage.objects.filter(pk=pk).values_list("edition_ru", "edition_en").get() == expected
        for model, page_field in ((ArticleAuthor, "page"), (ArticleRubric, "page"), (ArticleTag, "content_object")):
            assert set(model.objects.filter(**{page_field: pk}).values_list("edition_ru", "edition_en")) == {expected}, model


def test_an_editions_rubric_page_is_a_range_of_its_own_index(newsroom):
    """The read filters the rubric and the edition's flag by equality and orders by listed_at: the index's shape."""
    with CaptureQueriesContext(connection) as queries:
        keys = list(listings.in_rubric(newsroom["ru"].get_rubrics()[0], "en").newest_first()[:21])
    assert [pk for _, pk in keys] == [newsroom["en"].pk, newsroom["both"].pk]
    sql = queries.captured_queries[-1]["sql"]
    assert '"edition_en"' in sql and "JOIN" not in sql.upper() and "OFFSET" not in sql.upper()


def test_the_archive_calendar_links_only_days_of_the_editions_articles(client, site_tree):
    day = timezone.now() - dt.timedelta(days=40)
    make_article("Only in English", language="en", published_at=day)
    local = times.to_site_time(day).date()
    month = f"/archive/{local:%Y/%m}/"
    day_link = f'href="/en/archive/{local:%Y/%m/%d}/"'
    assert day_link in client.get(f"/en{month}").content.decode()
    assert f'href="/archive/{local:%Y/%m/%d}/"' not in client.get(month, follow=True).content.decode()
