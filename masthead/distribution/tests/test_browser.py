"""End to end in Debian's chromium: a reader finds a rubric's RSS feed from its page and the feed opens."""

import feedparser
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_finds_the_rubric_feed_from_the_rubric_page(live_server, page, screenshot_dir):
    from masthead.testing import make_article, make_rubric

    economy = make_rubric("Экономика", name_en="Economy", slug="economy")
    other = make_rubric("Спорт", name_en="Sport", slug="sport")
    make_article("Бюджет принят", rubrics=[economy], lead="Депутаты приняли бюджет.", cross_posted=True)  # in /en/ too
    make_article("Матч отменён", rubrics=[other])

    page.goto(f"{live_server.url}/en/rubric/economy/")
    alternates = page.locator('head link[rel="alternate"][type="application/rss+xml"]')
    assert alternates.count() == 2  # the whole site and this rubric
    assert alternates.nth(1).get_attribute("title") == "Economy — Masthead"
    assert alternates.nth(1).get_attribute("href") == "/en/rubric/economy/feed/"

    link = page.get_by_role("link", name="RSS")
    link.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "distribution-rubric-rss.png"), full_page=True)
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.body())
    assert feed.bozo == 0
    assert feed.feed.title == "Economy — Masthead"
    assert [entry.title for entry in feed.entries] == ["Бюджет принят"]

    # The reader's feed app comes back later: nothing new, so 304 and no body.
    again = page.request.get(live_server.url + link.get_attribute("href"), headers={"If-None-Match": response.headers["etag"]})
    assert again.status == 304
