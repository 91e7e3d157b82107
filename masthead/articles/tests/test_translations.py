"""The Russian and English versions of one story link each other, in the page and in its hreflang alternates."""

import pytest
from django.core.exceptions import ValidationError

from masthead.testing import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(site_tree, settings):
    settings.SITE_URL = "https://news.example"
    russian = make_article("Парламент принял бюджет", slug="budget-ru")
    english = make_article("Parliament passes the budget", slug="budget-en", language="en")
    english.translation = russian  # set on one side only
    english.save_revision().publish()
    return russian, english


def test_each_version_links_the_other_in_its_own_words(client, pair):
    russian, english = pair
    html = client.get("/news/budget-ru/").content.decode()
    assert '<a href="/en/news/budget-en/" hreflang="en" lang="ru">Читать на английском</a>' in html
    html = client.get("/en/news/budget-en/").content.decode()
    assert '<a href="/news/budget-ru/" hreflang="ru" lang="en">Read in Russian</a>' in html


def test_hreflang_alternates_name_the_two_versions_each_in_its_edition(client, pair):
    html = client.get("/news/budget-ru/").content.decode()
    assert '<link rel="alternate" hreflang="ru" href="https://news.example/news/budget-ru/">' in html
    assert '<link rel="alternate" hreflang="en" href="https://news.example/en/news/budget-en/">' in html
    assert 'hreflang="en" href="https://news.example/en/news/budget-ru/"' not in html  # not the interface switch


def test_an_unpublished_translation_is_no_longer_linked_and_its_partner_is_purged(client, pair):
    from masthead.articles.surrogates import keys_for_article

    russian, english = pair
    assert russian.own_page_key in keys_for_article(english) and english.own_page_key in keys_for_article(russian)
    assert english.surrogate_key in client.get("/news/budget-ru/")["xkey"].split()
    english.unpublish()
    html = client.get("/news/budget-ru/").content.decode()
    assert "Читать на английском" not in html and 'hreflang="en" href="https://news.example/en/news/budget-ru/"' in html


def test_an_article_without_translation_keeps_the_interface_alternates(client, site_tree):
    make_article("Одна версия", slug="alone")
    html = client.get("/news/alone/").content.decode()
    assert 'hreflang="en" href="http://' in html or 'hreflang="en" href="https://' in html
    assert "article__translation" not in html


@pytest.mark.parametrize("same_language", [True, False])
def test_a_translation_must_be_another_article_in_the_other_language(site_tree, same_language):
    article = make_article("Статья", slug="one")
    other = make_article("Другая статья", slug="two") if same_language else article
    article.translation = other
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "translation" in error.value.message_dict
