"""Readers in real browsers: three separate browsers make three views, a reload makes none."""

import pytest
from playwright.sync_api import expect

from masthead.pageviews.services import set_base_views, views_flush
from masthead.pageviews.tests.conftest import BROWSER_UA
from masthead.testing import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_three_browsers_count_three_and_a_reload_counts_nothing(browser, live_server, site_tree, screenshot_dir, db_mode):
    article = make_article(title="Бюджет принят во втором чтении", slug="budget")
    set_base_views(article=article, views=1200)
    url = f"{live_server.url}/en/news/{article.slug}/"
    contexts = [browser.new_context(user_agent=BROWSER_UA, locale="en-GB") for _ in range(3)]
    try:
        pages = []
        for n, context in enumerate(contexts, start=1):
            page = context.new_page()
            page.goto(url)
            expect(page.locator("[data-pageviews-count]")).to_have_text(f"{1200 + n:,}", timeout=10_000)
            pages.append(page)
        pages[0].reload()
        pages[0].wait_for_load_state("networkidle")
        expect(pages[0].locator("[data-pageviews-count]")).to_have_text("1,203")
        pages[0].locator(".article__header").screenshot(path=screenshot_dir / "pageviews-article-count.png")

        # A headless browser that says so in its User-Agent is shown the number but not counted.
        headless = browser.new_context()
        page = headless.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        expect(page.locator("[data-pageviews-count]")).to_have_text("1,203")
        headless.close()
    finally:
        for context in contexts:
            context.close()
    views_flush()
    article.view_total.refresh_from_db()
    assert article.view_total.total == 1203


def test_russian_page_shows_the_number_with_a_non_breaking_space(page, live_server, site_tree, screenshot_dir, db_mode):
    article = make_article(title="Просмотры считаются честно", slug="chestno")
    set_base_views(article=article, views=975)
    page.goto(f"{live_server.url}/news/{article.slug}/")
    expect(page.locator(".article__views")).to_contain_text("Просмотров:")
    page.locator(".article__header").screenshot(path=screenshot_dir / "pageviews-article-ru.png")
