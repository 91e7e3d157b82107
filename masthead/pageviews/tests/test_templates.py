import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.core.freshness import content_version
from masthead.core.times import site_today
from masthead.pageviews.models import DailyViews
from masthead.pageviews.services import set_base_views
from masthead.pageviews.templatetags import pageviews as pageviews_tags
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def pageviews_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "pageviews_" in q["sql"]]


def test_article_page_shows_its_views_in_english(client, site_tree, mode):
    article = make_article(slug="counted")
    set_base_views(article=article, views=1204)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(f"/en/news/{article.slug}/").content.decode()
    assert "Views: <span data-pageviews-count>1,204</span>" in html
    assert "pageviews_articleviews" in " ".join(pageviews_queries(captured.captured_queries))
    with CaptureQueriesContext(connection) as captured:
        again = client.get(f"/en/news/{article.slug}/").content.decode()
    assert "Views: <span data-pageviews-count>1,204</span>" in again
    assert pageviews_queries(captured.captured_queries) == []  # the number is kept a few seconds, the sidebar too
    assert 'data-beacon="/pageviews/beacon/"' in html
    assert f'<noscript><img class="pageviews-pixel" src="/pageviews/pixel/{article.pk}.gif"' in html
    assert "pageviews/pageviews.js" in html


def test_article_page_shows_views_in_russian_with_a_non_breaking_space(client, site_tree):
    article = make_article(slug="schitaem")
    set_base_views(article=article, views=1204)
    html = client.get(f"/news/{article.slug}/").content.decode()
    assert "Просмотров: <span data-pageviews-count>1\xa0204</span>" in html


def test_a_render_shows_the_new_number_once_the_kept_one_is_older_than_its_seconds(client, site_tree, monkeypatch):
    monkeypatch.setattr(pageviews_tags, "SHOWN_SECONDS", 1)
    article = make_article(slug="rastet")
    url = f"/en/news/{article.slug}/"
    set_base_views(article=article, views=10)
    assert "<span data-pageviews-count>10</span>" in client.get(url).content.decode()
    set_base_views(article=article, views=11)
    assert "<span data-pageviews-count>10</span>" in client.get(url).content.decode()  # kept (the beacon corrects it)
    time.sleep(1.2)
    assert "<span data-pageviews-count>11</span>" in client.get(url).content.decode()


def test_article_never_viewed_shows_zero(client, site_tree):
    article = make_article()
    assert "<span data-pageviews-count>0</span>" in client.get(f"/en/news/{article.slug}/").content.decode()


def test_home_page_most_read_block_lists_articles_of_the_week(client, site_tree, django_assert_max_num_queries):
    top, second = make_article(title="Top <b>story</b>"), make_article(title="Second story")
    DailyViews.objects.create(article=top, day=site_today(), views=50)
    DailyViews.objects.create(article=second, day=site_today() - dt.timedelta(days=2), views=20)
    from django.template import Context, Template
    from django.test import RequestFactory

    template = Template('{% include "pageviews/includes/most_read.html" %}')
    from wagtail.models import Site

    request = RequestFactory().get("/")
    Site.find_for_request(request), Site.get_site_root_paths()  # as any page served by Wagtail has done
    content_version()  # read once per process per second by every request
    with CaptureQueriesContext(connection) as cold:
        html = template.render(Context({"request": request}))
    assert len(cold.captured_queries) <= 2  # the ranking and the titles
    assert html.index("Top &lt;b&gt;story&lt;/b&gt;") < html.index("Second story")
    with CaptureQueriesContext(connection) as warm:
        template.render(Context({"request": request}))
    assert len(warm.captured_queries) == 0
    assert "Top &lt;b&gt;story" in client.get("/").content.decode()


def test_most_read_lists_each_editions_own_articles_and_the_cross_posted(client, site_tree):
    russian, english = make_article(title="Русский хит"), make_article(title="English hit", language="en")
    shared = make_article(title="Общий хит", cross_posted=True)
    for views, article in enumerate((russian, english, shared), start=10):
        DailyViews.objects.create(article=article, day=site_today(), views=views)

    def most_read(address):
        html = client.get(address).content.decode()
        block = html[html.index('class="most-read"') :]
        return block[: block.index("</section>")]

    russian_block, english_block = most_read("/"), most_read("/en/")
    assert "Русский хит" in russian_block and "English hit" not in russian_block
    assert "English hit" in english_block and "Русский хит" not in english_block
    assert "Общий хит" in russian_block and "Общий хит" in english_block


def test_most_read_block_is_not_rendered_when_nothing_was_read(client, site_tree):
    make_article()
    html = client.get("/en/").content.decode()
    assert "most-read" not in html
