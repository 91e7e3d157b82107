"""A reader opens the home page, follows a headline and sees the article's metadata."""

import datetime as dt

import pytest

from masthead.articles.models import Rubric
from masthead.testing import make_article, make_author, make_rubric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MSK = dt.timezone(dt.timedelta(hours=3))


@pytest.fixture
def newsroom(site_tree):
    author = make_author("Анна Волкова", name_en="Anna Volkova", slug="anna-volkova")
    section = make_rubric("Политика", name_en="Politics", slug="politics", on_home_page=True)
    region = make_rubric("Казахстан", name_en="Kazakhstan", slug="kazakhstan", kind=Rubric.Kind.REGION)
    return make_article(
        "Мажилис принял бюджет на три года",
        lead="Депутаты одобрили главный финансовый документ страны.",
        published_at=dt.datetime(2026, 3, 2, 23, 57, tzinfo=MSK),
        dateline="Москва",
        authors=[author],
        rubrics=[section, region],
        tags=["Бюджет"],
        paragraphs=["Первый абзац текста.", "Второй абзац текста."],
        cross_posted=True,  # the English edition lists it too: readers of /en/ follow it from there
    )


def test_reader_follows_a_headline_to_the_article(live_server, page, newsroom, screenshot_dir):
    page.goto(live_server.url + "/en/")
    page.get_by_role("link", name="Мажилис принял бюджет на три года").first.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Мажилис принял бюджет на три года"
    assert page.locator(".article__byline").inner_text() == "Anna Volkova"
    assert page.locator(".article__time").inner_text() == "02.03.2026 23:57 (Moscow time), Москва"
    assert page.locator(".article__rubrics li").all_inner_texts() == ["POLITICS", "KAZAKHSTAN"]
    assert page.locator(".article__tags a").all_inner_texts() == ["Бюджет"]
    page.screenshot(path=str(screenshot_dir / "reader-article-en.png"), full_page=True)

    page.get_by_role("link", name="Русский").click()
    assert page.locator(".article__time").inner_text() == "02.03.2026 23:57 (мск), Москва"


def test_calendar_day_link_opens_that_days_archive(live_server, page, newsroom):
    page.goto(live_server.url + "/archive/2026/03/")
    page.locator(".calendar__grid a", has_text="2").first.click()
    page.wait_for_url("**/archive/2026/03/02/")
    assert "Мажилис принял бюджет на три года" in page.content()


def test_reader_walks_the_archive_day_by_day_with_the_day_marked(live_server, page, newsroom, screenshot_dir):
    make_article("Вторая новость марта", published_at=dt.datetime(2026, 3, 5, 10, 0, tzinfo=MSK))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/archive/2026/3/2/")  # a link written without zeros
    page.wait_for_url("**/archive/2026/03/02/")
    assert page.locator(".calendar__grid [aria-current=date]").inner_text() == "2"
    page.get_by_role("link", name="5 марта 2026 →").click()
    page.wait_for_url("**/archive/2026/03/05/")
    assert "Вторая новость марта" in page.content()
    assert page.locator(".calendar__grid [aria-current=date]").inner_text() == "5"
    page.screenshot(path=str(screenshot_dir / "archive-day-phone.png"), full_page=True)
    page.get_by_role("link", name="← 2 марта 2026").click()
    page.wait_for_url("**/archive/2026/03/02/")


def test_reader_goes_from_the_home_page_to_all_news(live_server, page, newsroom, screenshot_dir):
    page.goto(live_server.url + "/en/")
    page.get_by_role("link", name="All news →").click()
    page.wait_for_url("**/en/news/")
    assert page.locator("h1").inner_text() == "All news"
    assert "Мажилис принял бюджет на три года" in page.content()
    page.screenshot(path=str(screenshot_dir / "all-news-en.png"))


def test_mobile_reader_sees_headline_byline_and_time_without_scrolling(live_server, browser, newsroom, screenshot_dir):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, color_scheme="dark")
    mobile = context.new_page()
    mobile.goto(live_server.url + newsroom.url)
    for selector in ["h1", ".article__byline", ".article__time"]:
        box = mobile.locator(selector).bounding_box()
        assert box and box["y"] + box["height"] <= 740, selector
    mobile.screenshot(path=str(screenshot_dir / "reader-article-mobile.png"))
    context.close()


def test_keyboard_skip_link_reaches_the_content(live_server, page, newsroom):
    page.goto(live_server.url + newsroom.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
