"""In Debian's chromium: from the home page's story to the history of the story of the day, and the editors' schedule."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from masthead.core.times import site_today
from masthead.testing import make_article, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_reader_goes_from_the_home_story_to_the_history_of_stories(live_server, site_tree, browser, screenshot_dir, width):
    for n, title in enumerate(["Парламент принял бюджет", "Выборы назначены на сентябрь", "Губернатор ушёл в отставку"]):
        make_article(title, story_of_the_day=site_today() - dt.timedelta(days=n),
                     published_at=timezone.now() - dt.timedelta(days=n, hours=1))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Все сюжеты дня").click()
    page.get_by_role("heading", level=1, name="Сюжет дня").wait_for()
    titles = page.locator(".story-day .teaser__title").all_inner_texts()
    assert titles == ["Парламент принял бюджет", "Выборы назначены на сентябрь", "Губернатор ушёл в отставку"]
    page.screenshot(path=screenshot_dir / f"stories-of-the-day-{width}.png", full_page=True)
    page.locator(".story-day__date a").nth(1).click()  # the day's archive names its story
    page.locator(".archive-day__story").get_by_role("link", name="Выборы назначены на сентябрь").wait_for()
    context.close()


def test_an_editor_sees_the_coming_stories_in_the_schedule(live_server, site_tree, page, screenshot_dir):
    make_article("Сюжет на завтра", story_of_the_day=site_today() + dt.timedelta(days=1))
    make_article("Tomorrow's English story", language="en", story_of_the_day=site_today() + dt.timedelta(days=1))
    get_user_model().objects.create_superuser("chief", "chief@example.com", "secret-pass-1")
    sign_in_to_admin(page, live_server.url, "chief", "secret-pass-1")
    page.goto(live_server.url + "/admin/stories-of-the-day/")
    row = page.locator("tbody tr").nth(8)  # a week back, today, then tomorrow
    assert "Сюжет на завтра" in row.inner_text() and "Tomorrow's English story" in row.inner_text()
    page.screenshot(path=screenshot_dir / "stories-schedule-admin.png", full_page=True)
