import datetime as dt

import pytest
from django.utils import timezone
from taggit.models import Tag

from masthead.articles.models import ArticlePage
from masthead.lib.text import transliterated_slug
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def test_russian_headline_gets_readable_latin_slug():
    assert transliterated_slug("Выборы в Казахстане: итоги") == "vybory-v-kazakhstane-itogi"


def test_article_without_slug_gets_transliterated_one(site_tree):
    _, news = site_tree
    article = ArticlePage(title="Мажилис принял бюджет", lead="Лид", published_at=timezone.now())
    news.add_child(instance=article)
    assert article.slug == "mazhilis-prinial-biudzhet"


@pytest.mark.parametrize("first,second", [("Politics", "politics"), ("Выборы", "выборы"), ("ЁЛКА", "ёлка")])
def test_tags_differing_only_by_case_are_one_tag(site_tree, first, second):
    one = make_article(tags=[first])
    two = make_article(tags=[second])
    assert Tag.objects.count() == 1
    assert list(one.tags.all()) == list(two.tags.all())


def test_published_excludes_drafts_and_future_dated(site_tree):
    visible = make_article()
    make_article(live=False)
    make_article(published_at=timezone.now() + dt.timedelta(days=1))
    assert list(ArticlePage.objects.published()) == [visible]


def test_publication_time_defaults_to_first_publication(site_tree):
    _, news = site_tree
    article = ArticlePage(title="Without a time", slug="without-time", lead="Lead")
    news.add_child(instance=article)
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.published_at == article.first_published_at


def test_story_of_the_day_is_latest_flag_not_in_future(site_tree):
    today = timezone.localdate()
    make_article(story_of_the_day=today - dt.timedelta(days=3), published_at=timezone.now() - dt.timedelta(days=4))
    current = make_article(story_of_the_day=today)
    make_article(story_of_the_day=today + dt.timedelta(days=1), published_at=timezone.now())
    assert ArticlePage.objects.published().story_of_the_day() == current


def test_editor_preview_of_a_draft_renders_its_relations(site_tree):
    draft = make_article("Черновик с тегами", live=False, tags=["Предпросмотр"])
    draft = draft.get_latest_revision_as_object()
    response = draft.make_preview_request()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Черновик с тегами" in html and "Предпросмотр" in html
