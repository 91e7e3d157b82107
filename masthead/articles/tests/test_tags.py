"""Tags compare through the morphology layer's normaliser: one tag however it is spelled."""

import pytest
from taggit.models import Tag

from masthead.articles.tags import find_tag, tag_for, tag_name_key
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def test_spellings_share_one_key():
    assert tag_name_key("Ёлка") == tag_name_key("елка") == tag_name_key(" ЕЛКА ") == "елка"
    assert tag_name_key("Новый\u00a0 год") == tag_name_key("новый год")
    assert tag_name_key("ёлка") != tag_name_key("ёлки")


def test_every_spelling_of_a_tag_on_articles_is_one_tag(site_tree):
    articles = [make_article(tags=[spelling]) for spelling in ("Ёлка", "елка", " ЕЛКА ", "ёЛкА")]
    assert Tag.objects.count() == 1
    tag = Tag.objects.get()
    assert tag.name == "Ёлка"  # the first spelling names it
    assert all(list(article.tags.all()) == [tag] for article in articles)


def test_one_article_given_two_spellings_gets_the_tag_once(site_tree):
    article = make_article(tags=["Ёлка", "елка"])
    assert [t.name for t in article.tags.all()] == ["Ёлка"]


def test_tag_for_finds_or_creates_and_ignores_blank_names(site_tree):
    first = tag_for("  Новый   год ")
    assert first.name == "Новый год"
    assert tag_for("НОВЫЙ ГОД") == first and find_tag("новый год") == first
    assert tag_for("   ") is None and tag_for("\u200b") is None
    assert find_tag("Рождество") is None


def test_a_twin_from_before_is_not_duplicated_again(site_tree):
    older = Tag.objects.create(name="Ёлка", slug="iolka")
    Tag.objects.create(name="елка", slug="elka")
    assert tag_for("ЕЛКА") == older


def test_the_tag_page_answers_to_any_spelling(client, site_tree):
    make_article("Ёлку поставили на площади", tags=["Ёлка"])
    tag = Tag.objects.get()
    page = client.get(f"/tag/{tag.slug}/")
    assert page.status_code == 200 and "Ёлку поставили на площади" in page.content.decode()
    for spelling in ("елка", "ЁЛКА", "Ёлка"):
        response = client.get(f"/tag/{spelling}/")
        assert response.status_code == 301 and response["Location"] == f"/tag/{tag.slug}/"
    assert client.get("/tag/сосна/").status_code == 404
    assert client.get("/tag/%E2%80%8B/").status_code == 404
