"""Under an article: "Related" (shared tags) and "More in the rubric" (its section), newest first, never itself."""

import datetime as dt

import pytest
from django.utils import timezone

from masthead.testing import make_article, make_rubric

pytestmark = pytest.mark.django_db


def ago(hours: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=hours)


def block(html: str, title: str) -> str:
    """The text of one reading-on section, from its heading to its end."""
    start = html.index(f'id="{title}"')
    return html[start: html.index("</section>", start)]


@pytest.fixture
def coverage(site_tree):
    politics = make_rubric("Политика", slug="politics")
    economy = make_rubric("Экономика", slug="economy")
    article = make_article("Парламент обсудил бюджет", rubrics=[politics], tags=["Бюджет"], published_at=ago(1))
    return {
        "article": article,
        "older_on_budget": make_article("Первое чтение бюджета", rubrics=[economy], tags=["Бюджет"], published_at=ago(30)),
        "newer_on_budget": make_article("Бюджет подписан", rubrics=[economy], tags=["бюджет"], published_at=ago(0)),
        "draft_on_budget": make_article("Черновик о бюджете", tags=["Бюджет"], live=False),
        "in_politics": make_article("Выборы назначены", rubrics=[politics], published_at=ago(5)),
        "budget_in_politics": make_article("Бюджет и партии", rubrics=[politics], tags=["Бюджет"], published_at=ago(8)),
        "elsewhere": make_article("Погода на выходные", rubrics=[economy], published_at=ago(2)),
    }


def test_related_are_the_stories_sharing_a_tag_newest_first_and_the_rubric_block_does_not_repeat_them(client, coverage):
    html = client.get(coverage["article"].url).content.decode()
    related = block(html, "related-title")
    assert [title for title in ("Бюджет подписан", "Бюджет и партии", "Первое чтение бюджета") if title in related] == [
        "Бюджет подписан", "Бюджет и партии", "Первое чтение бюджета"]
    assert related.index("Бюджет подписан") < related.index("Бюджет и партии") < related.index("Первое чтение бюджета")
    for absent in ("Парламент обсудил бюджет", "Черновик о бюджете", "Погода на выходные"):
        assert absent not in related
    more = block(html, "more-in-rubric-title")
    assert 'href="/rubric/politics/">Политика</a>' in more
    assert "Выборы назначены" in more and "Бюджет и партии" not in more and "Парламент обсудил бюджет" not in more


def test_an_article_alone_in_its_rubric_without_tags_has_no_reading_on_block(client, site_tree):
    lonely = make_article("Одинокая заметка", rubrics=[make_rubric()])
    assert 'class="reading-on"' not in client.get(lonely.url).content.decode()


def test_the_block_names_its_stories_for_the_caches_and_follows_an_unpublish(client, coverage):
    article, newer = coverage["article"], coverage["newer_on_budget"]
    response = client.get(article.url)
    assert newer.surrogate_key in response["xkey"].split()
    newer.unpublish()
    assert "Бюджет подписан" not in client.get(article.url).content.decode()


def test_the_english_edition_shows_the_block_in_english(client, coverage):
    for article in (coverage["newer_on_budget"], coverage["in_politics"]):  # the English edition lists only these
        article.cross_posted = True
        article.save_revision().publish()
    html = client.get("/en" + coverage["article"].url).content.decode()
    assert ">Related</h2>" in html and "More in the rubric" in html and 'href="/en/rubric/politics/"' in html
    assert "Бюджет подписан" in html and "Выборы назначены" in html and "Бюджет и партии" not in html
