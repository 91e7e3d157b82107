import datetime as dt

import pytest
from django.core.management import call_command
from taggit.models import Tag

from masthead.articles.models import ArticlePage, Author, Rubric
from masthead.core import times

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo")


def test_demo_newsroom_has_the_promised_shape(demo):
    articles = list(ArticlePage.objects.published())
    assert len(articles) >= 30
    assert Author.objects.count() >= 5
    assert Rubric.objects.count() >= 8
    assert set(Rubric.objects.values_list("kind", flat=True)) == {"section", "region", "topic", "format"}
    assert {a.language for a in articles} == {"ru", "en"}
    months = {times.to_site_time(a.published_at).strftime("%Y-%m") for a in articles}
    assert len(months) >= 3
    assert Tag.objects.exists()
    assert ArticlePage.objects.published().story_of_the_day(dt.date(2026, 11, 27)) is not None


def test_demo_tags_differing_in_case_became_one(demo):
    names = [name.casefold() for name in Tag.objects.values_list("name", flat=True)]
    assert len(names) == len(set(names))


def test_demo_is_loaded_only_into_an_empty_database(demo, capsys):
    count = ArticlePage.objects.count()
    call_command("load_demo")
    assert ArticlePage.objects.count() == count
    assert "not loaded" in capsys.readouterr().out


def test_every_demo_page_answers(demo, client):
    urls = ["/", "/en/", "/archive/2026/", "/archive/2026/11/", "/news/"]
    urls += [a.url for a in ArticlePage.objects.published()]
    urls += [r.get_absolute_url() for r in Rubric.objects.all()]
    urls += [a.get_absolute_url() for a in Author.objects.all()]
    urls += [f"/tag/{t.slug}/" for t in Tag.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_each_demo_edition_leads_with_its_own_story_and_lists_its_own_news(demo, client):
    """The English edition is not empty: English stories of its own, a story of the day, cross-posts both ways."""
    english = ArticlePage.objects.published().in_edition("en")
    assert english.filter(language="en").count() >= 10
    assert english.story_of_the_day(dt.date(2026, 11, 27)).language == "en"
    assert ArticlePage.objects.published().in_edition("ru").story_of_the_day(dt.date(2026, 11, 27)).language == "ru"
    assert english.filter(language="ru", cross_posted=True).exists()
    assert ArticlePage.objects.published().in_edition("ru").filter(language="en", cross_posted=True).exists()
    assert "Mazhilis deputies push" in client.get("/en/").content.decode()
