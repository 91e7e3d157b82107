"""The article route's query, compiled once per process (masthead/articles/routing.py)."""

import pytest
from django.forms.models import model_to_dict

from masthead.articles.models import ArticleIndexPage, ArticlePage
from masthead.articles.routing import child_article
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def test_it_finds_the_same_article_as_the_orm_with_every_field_converted(site_tree):
    article = make_article("Бюджет", slug="byudzhet", dateline="Москва", tags=["бюджет"])
    make_article("Другая", slug="drugaya")
    index = ArticleIndexPage.objects.get()
    for _ in range(2):  # compiled on the first call, reused on the second
        found = child_article(index, "byudzhet")
        expected = ArticlePage.objects.get(pk=article.pk)
        assert type(found) is ArticlePage and found.pk == article.pk
        assert model_to_dict(found) == model_to_dict(expected)
        assert found.published_at == expected.published_at and found.published_at.tzinfo is not None
        assert list(found.body.raw_data) == list(expected.body.raw_data) != []
        assert found._state.adding is False and found._state.db == "default"  # a loaded page, savable as such


def test_a_slug_like_pattern_or_an_article_elsewhere_is_not_found(site_tree):
    make_article("Бюджет", slug="byudzhet")
    index = ArticleIndexPage.objects.get()
    assert child_article(index, "byudzh%") is None
    assert child_article(index, "byudzhe_") is None
    assert child_article(index, "QQSLUGQQ") is None
    home = index.get_parent()
    assert child_article(home, "byudzhet") is None  # not a child of the home page


def test_a_draft_is_found_and_refused_by_its_route(client, site_tree):
    draft = make_article("Черновик", slug="chernovik", live=False)
    assert child_article(ArticleIndexPage.objects.get(), "chernovik").pk == draft.pk
    assert client.get("/news/chernovik/").status_code == 404
