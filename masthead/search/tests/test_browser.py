"""A reader searches from the header in Russian and in English, sees the matches marked, narrows by rubric."""

import pytest

from masthead.search.tests.corpus import build_corpus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_searches_from_the_header_and_filters_by_rubric(live_server, page, site_tree, screenshot_dir):
    build_corpus()

    page.goto(f"{live_server.url}/")
    box = page.locator(".site-header input[type=search]")
    box.fill("налогового кодекса")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    first = page.locator(".search-result").first
    assert "Налоговый кодекс" in first.locator("h2").inner_text()
    assert page.locator(".search-result mark").count() >= 2
    page.screenshot(path=str(screenshot_dir / "search-ru.png"), full_page=True)

    page.goto(f"{live_server.url}/en/")
    box = page.locator(".site-header input[type=search]")
    box.fill("heating")
    box.press("Enter")
    page.wait_for_url("**/en/search/?q=*")
    marks = page.locator(".search-result mark").all_inner_texts()
    assert {"Heat", "heated"} <= set(marks)
    assert "2 articles found" in page.locator("main").inner_text()

    page.fill("#search-q", "export")
    page.select_option("select[name=rubric]", "economy")
    page.click(".search-page button[type=submit]")
    page.wait_for_url("**rubric=economy**")
    titles = page.locator(".search-result h2").all_inner_texts()
    assert titles == ["Grain exports hit a record"]
    page.screenshot(path=str(screenshot_dir / "search-en-filtered.png"), full_page=True)
