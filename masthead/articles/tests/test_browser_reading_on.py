"""A reader finishes an article and goes on to a related story, on a phone and on a desktop."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masthead.testing import make_article, make_rubric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"])
def test_a_reader_goes_on_to_a_related_story_and_to_more_from_the_rubric(browser, live_server, site_tree, screenshot_dir, viewport):
    politics = make_rubric("Политика", name_en="Politics", slug="politics")
    article = make_article("Парламент обсудил бюджет", rubrics=[politics], tags=["Бюджет"], slug="parliament-budget")
    make_article("Бюджет подписан президентом", tags=["Бюджет"], slug="budget-signed",
                 published_at=timezone.now() - dt.timedelta(hours=2))
    make_article("Выборы назначены на сентябрь", rubrics=[politics], slug="elections",
                 published_at=timezone.now() - dt.timedelta(hours=3))
    context = browser.new_context(viewport=viewport, locale="ru-RU")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/news/{article.slug}/")
        reading_on = page.get_by_role("complementary", name="Читать дальше")
        expect(reading_on.get_by_role("heading", name="По теме")).to_be_visible()
        expect(reading_on.get_by_role("heading", name="Ещё в рубрике Политика")).to_be_visible()
        reading_on.scroll_into_view_if_needed()
        reading_on.screenshot(path=screenshot_dir / f"reading-on-{viewport['width']}.png")
        reading_on.get_by_role("link", name="Бюджет подписан президентом").click()
        page.wait_for_url("**/news/budget-signed/")
        expect(page.locator("h1")).to_have_text("Бюджет подписан президентом")
        page.go_back()
        page.get_by_role("complementary", name="Читать дальше").get_by_role("link", name="Выборы назначены на сентябрь").click()
        page.wait_for_url("**/news/elections/")
    finally:
        context.close()
