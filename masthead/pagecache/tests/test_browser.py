"""Readers in a real browser with the page cache on: anonymous readers share a copy, signed-in ones never do."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from masthead.pageviews.services import set_base_views
from masthead.pageviews.tests.conftest import BROWSER_UA
from masthead.testing import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_POLL = 0
    return settings


def test_anonymous_readers_share_a_copy_that_still_counts_views_and_follows_an_edit(
    browser, live_server, site_tree, page_cache, screenshot_dir
):
    article = make_article(title="Парламент принял бюджет", slug="budget")
    set_base_views(article=article, views=975)
    url = f"{live_server.url}/news/{article.slug}/"
    first, second = (browser.new_context(user_agent=BROWSER_UA, locale="ru-RU") for _ in range(2))
    try:
        page = first.new_page()
        assert page.goto(url).headers["x-page-cache"] == "miss"
        expect(page.locator("[data-pageviews-count]")).to_have_text("976", timeout=10_000)

        # Another reader gets the stored copy; the beacon still counts the view and shows the new number.
        other = second.new_page()
        response = other.goto(url)
        assert response.headers["x-page-cache"] == "hit"
        assert "s-maxage=" in response.headers["cache-control"]
        expect(other.locator("[data-pageviews-count]")).to_have_text("977", timeout=10_000)
        other.locator(".article__header").screenshot(path=screenshot_dir / "pagecache-anonymous-hit.png")

        # The editor publishes a new headline: the next reader sees it, not the stored copy.
        article.title = "Парламент принял бюджет во втором чтении"
        article.save_revision().publish()
        response = other.goto(url)
        assert response.headers["x-page-cache"] == "miss"
        expect(other.locator("h1")).to_have_text("Парламент принял бюджет во втором чтении", timeout=2_000)
    finally:
        first.close()
        second.close()


def test_a_signed_in_reader_is_never_given_the_anonymous_copy(browser, live_server, site_tree, page_cache, django_user_model, screenshot_dir):
    article = make_article(title="Комментарии открыты", slug="comments-open")
    url = f"{live_server.url}/news/{article.slug}/"
    for expected in ("miss", "hit"):  # two readers (a browser keeps its own copy for max-age)
        anonymous = browser.new_context(user_agent=BROWSER_UA)
        assert anonymous.new_page().goto(url).headers["x-page-cache"] == expected
        anonymous.close()

    reader = django_user_model.objects.create_user("anna", "anna@example.org", "a long passphrase 42")
    signer = Client()
    signer.force_login(reader)
    context = browser.new_context(user_agent=BROWSER_UA, viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": signer.cookies["sessionid"].value, "url": live_server.url}])
    try:
        page = context.new_page()
        response = page.goto(url)
        assert "x-page-cache" not in response.headers
        assert response.headers["cache-control"] == "private, no-cache"
        expect(page.locator("#comment-form")).to_be_visible()
        page.locator("#comment-form").screenshot(path=screenshot_dir / "pagecache-signed-in-fresh.png")
    finally:
        context.close()
