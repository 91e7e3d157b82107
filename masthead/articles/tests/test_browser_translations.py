"""A reader switches from a story to its translation and back, on a phone."""

import pytest
from playwright.sync_api import expect

from masthead.testing import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reader_goes_from_the_russian_story_to_the_english_one_and_back(browser, live_server, site_tree, screenshot_dir):
    russian = make_article("Парламент принял бюджет", slug="budget-ru")
    english = make_article("Parliament passes the budget", slug="budget-en", language="en")
    russian.translation = english
    russian.save_revision().publish()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/news/budget-ru/")
        page.screenshot(path=screenshot_dir / "translation-link-ru-phone.png")
        page.get_by_role("link", name="Читать на английском").click()
        page.wait_for_url("**/en/news/budget-en/")
        expect(page.locator("h1")).to_have_text("Parliament passes the budget")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.get_by_role("link", name="Read in Russian").click()
        page.wait_for_url(f"{live_server.url}/news/budget-ru/")
        expect(page.locator("h1")).to_have_text("Парламент принял бюджет")
    finally:
        context.close()
