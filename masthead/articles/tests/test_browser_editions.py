"""A reader of each edition sees its own language's headlines on the home page, on a desktop and on a phone."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masthead.testing import make_article, make_rubric, sign_in_to_admin

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



def test_an_editor_cross_posts_a_russian_story_to_the_english_edition(live_server, page, site_tree, screenshot_dir):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("editor", "editor@example.com", "correct horse battery")
    article = make_article("Бюджет принят: итоги голосования")
    page.goto(f"{live_server.url}/en/")
    expect(page.get_by_role("link", name="Бюджет принят: итоги голосования")).to_have_count(0)

    sign_in_to_admin(page, live_server.url, "editor", "correct horse battery")
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    box = page.locator("#id_cross_posted")
    box.scroll_into_view_if_needed()
    expect(page.locator("label[for=id_cross_posted]")).to_contain_text("Публиковать и в другой языковой версии")  # the admin speaks Russian
    box.check()
    page.screenshot(path=screenshot_dir / "editions-admin-cross-post.png")
    page.locator("footer .w-dropdown__toggle").click()  # "More actions" beside "Save draft"
    page.locator("footer button[name='action-publish']").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/**")

    page.goto(f"{live_server.url}/en/")
    expect(page.locator("main").get_by_role("link", name="Бюджет принят: итоги голосования")).to_be_visible()
