"""An imported article with an 85-character unbroken headline, a long address in its text and
a long rubric name in the menu: the page keeps the window's width, on a desktop and a phone."""

import datetime as dt

import pytest

from masthead.testing import make_article, make_rubric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = "Антиконституционнейшиеантиконституционнейшиеантиконституционнейшиеантиконституционн"  # 85 letters
LONG_URL = "https://old.example.ru/wp-content/uploads/2022/03/" + "a" * 120 + ".pdf"


@pytest.fixture
def long_words(site_tree):
    section = make_rubric("Рубрикасоченьдлиннымназваниембезединогопробеланикакогопереноса", slug="long-section")
    return make_article(
        LONG_WORD,
        lead=f"Лид со ссылкой {LONG_URL} без пробелов.",
        published_at=dt.datetime(2022, 3, 2, 20, 57, tzinfo=dt.UTC),
        rubrics=[section],
        paragraphs=[f"Текст со ссылкой {LONG_URL} и словом {LONG_WORD}."],
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_long_words_wrap_instead_of_widening_the_page(live_server, browser, long_words, screenshot_dir, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path, name in ((long_words.url, "article"), ("/", "home")):
        page.goto(live_server.url + path)
        page.wait_for_selector("body")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(screenshot_dir / f"importers-long-words-{name}-{width}.png"), full_page=True)
        assert scroll_width <= width, (path, scroll_width)
    context.close()
