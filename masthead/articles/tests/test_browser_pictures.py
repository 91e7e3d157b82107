"""In Debian's chromium: listings and the article page show their pictures, the browser picks WebP at a width
that fits, on a desktop and a 390 px phone."""

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from masthead.core.times import site_today
from masthead.testing import make_article, make_rubric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOADED = """() => [...document.querySelectorAll('picture img')].map(img => ({
  ok: img.complete && img.naturalWidth > 0, src: img.currentSrc, shown: img.getBoundingClientRect().width,
}))"""


@pytest.mark.parametrize("width", [1280, 390])
def test_listings_and_the_article_show_webp_pictures_that_fit(live_server, site_tree, browser, screenshot_dir, width):
    rubric = make_rubric(slug="politics", name="Политика")
    pictures = [
        Image.objects.create(title=f"Снимок {i}", description=f"Снимок {i}",
                             file=get_test_image_file(filename=f"p{i}.png", size=(1600, 900), colour=colour))
        for i, colour in enumerate(["#9b1c1c", "#1c4e9b", "#2f7d32"])
    ]
    story = make_article("Парламент принял бюджет", rubrics=[rubric], story_of_the_day=site_today(), lead_image=pictures[0],
                         lead_image_caption="Зал заседаний", lead_image_credit="Фото: Анна Волкова")
    make_article("Выборы назначены на сентябрь", rubrics=[rubric], lead_image=pictures[1])
    make_article("Заметка без снимка", rubrics=[rubric])
    make_article("Губернатор ушёл в отставку", rubrics=[rubric], lead_image=pictures[2])
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name, path in (("home", "/"), ("rubric", "/rubric/politics/"), ("article", story.url)):
        page.goto(live_server.url + path)
        for image in page.locator("picture img").all():  # lazy ones load once near the viewport
            image.scroll_into_view_if_needed()
        page.wait_for_function("[...document.querySelectorAll('picture img')].every(img => img.complete && img.naturalWidth > 0)")
        images = page.evaluate(LOADED)
        assert images and all(image["ok"] for image in images), (path, images)
        assert all(".webp" in image["src"] for image in images), images
        page.screenshot(path=screenshot_dir / f"pictures-{name}-{width}.png", full_page=True)
    caption = page.locator(".article__image figcaption").inner_text()
    assert caption.count("Фото:") == 1
    context.close()
