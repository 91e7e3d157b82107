"""A reader of each edition sees its own language's headlines on the home page, on a desktop and on a phone."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masthead.testing import make_article, make_rubric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("device", VIEWPORTS)
def test_each_edition_home_shows_its_own_headlines_and_the_cross_posted(browser, live_server, site_tree, screenshot_dir, device):
    politics = make_rubric("Политика", name_en="Politics", slug="politics", on_home_page=True)
    now = timezone.now()
    make_article("Сюжет дня: парламент принял бюджет", story_of_the_day=timezone.localdate(), rubrics=[politics],
                 published_at=now - dt.timedelta(hours=1))
    make_article("Story of the day: parliament passes the budget", language="en", rubrics=[politics],
                 story_of_the_day=timezone.localdate(), published_at=now - dt.timedelta(hours=2))
    make_article("Регионы просят больше денег", published_at=now - dt.timedelta(hours=3))
    make_article("Regions ask for more money", language="en", published_at=now - dt.timedelta(hours=4))
    make_article("Колонка: цена зимы", cross_posted=True, published_at=now - dt.timedelta(hours=5))
    context = browser.new_context(viewport=VIEWPORTS[device])
    try:
        page = context.new_page()
        for edition, address, own, other in (
            ("ru", "/", ("Сюжет дня: парламент принял бюджет", "Регионы просят больше денег"),
             ("Story of the day: parliament passes the budget", "Regions ask for more money")),
            ("en", "/en/", ("Story of the day: parliament passes the budget", "Regions ask for more money"),
             ("Сюжет дня: парламент принял бюджет", "Регионы просят больше денег")),
        ):
            page.goto(f"{live_server.url}{address}")
            expect(page.locator("html")).to_have_attribute("lang", edition)
            expect(page.locator(".story-of-the-day")).to_contain_text(own[0])
            main = page.locator("main")
            for title in own:
                expect(main.get_by_role("link", name=title)).to_be_visible()
            for title in other:
                expect(main.get_by_role("link", name=title)).to_have_count(0)
            expect(main.get_by_role("link", name="Колонка: цена зимы")).to_be_visible()
            page.screenshot(path=screenshot_dir / f"editions-home-{edition}-{device}.png", full_page=True)
    finally:
        context.close()

