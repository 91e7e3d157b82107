"""Lead images on every listing and the article page: responsive renditions (WebP with a JPEG fallback), sizes set,
the editor's alt text, one "Фото:" prefix; and no query per picture."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from masthead.core.times import site_today, to_site_time
from masthead.lib.text import credit_without_prefix
from masthead.testing import make_article, make_rubric

pytestmark = pytest.mark.django_db


def picture(name: str, description: str = "") -> Image:
    return Image.objects.create(
        title=f"Снимок {name}", description=description, file=get_test_image_file(filename=f"{name}.png", size=(1600, 900))
    )


def pictures_in(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def test_a_rubric_listing_shows_each_lead_image_as_webp_with_a_jpeg_fallback(client, site_tree):
    rubric = make_rubric(slug="politics")
    make_article("С картинкой", rubrics=[rubric], lead_image=picture("vote", "Избиратели у урны"))
    make_article("Без картинки", rubrics=[rubric])
    html = client.get("/rubric/politics/").content.decode()
    [shown] = pictures_in(html)
    source = re.search(r"<source [^>]+>", shown).group()
    assert 'type="image/webp"' in source and re.search(r'srcset="[^"]+\.webp 240w, [^"]+\.webp 480w"', source)
    assert 'sizes="(min-width: 40rem) 12rem, 100vw"' in source
    img = re.search(r"<img [^>]+>", shown).group()
    assert ".jpg" in img or ".jpeg" in img or ".png" in img  # the fallback is not WebP
    assert 'alt="Избиратели у урны"' in img and 'loading="lazy"' in img
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)  # no layout shift
    assert html.count('class="teaser teaser--pictured"') == 1


def test_the_alt_text_is_the_editors_never_the_headline_or_the_file_title(client, site_tree):
    rubric = make_rubric(slug="economy")
    make_article("Заголовок статьи", rubrics=[rubric], lead_image=picture("IMG_0001"))
    img = re.search(r"<img [^>]+>", pictures_in(client.get("/rubric/economy/").content.decode())[0]).group()
    assert 'alt=""' in img and "Снимок" not in img and "Заголовок статьи" not in img


def test_every_listing_and_the_home_page_show_the_pictures(client, site_tree):
    rubric = make_rubric(slug="society")
    story = make_article("История дня", rubrics=[rubric], tags=["выборы"], story_of_the_day=site_today(), lead_image=picture("story"))
    make_article("Другая", rubrics=[rubric], tags=["выборы"], lead_image=picture("other"))
    make_article("English story", rubrics=[rubric], language="en", lead_image=picture("english"))
    author = story.article_authors.first().author
    day = to_site_time(story.published_at).date()  # an hour ago: yesterday, in the first hour of a day
    for path in ("/", "/news/", "/rubric/society/", f"/author/{author.slug}/", "/tag/vybory/",
                 f"/archive/{day:%Y}/{day:%m}/{day:%d}/", "/en/"):
        assert pictures_in(client.get(path, follow=True).content.decode()), path
    home = client.get("/").content.decode()
    big = re.search(r'<article class="teaser teaser--big teaser--pictured".*?</article>', home, re.S).group()
    assert 'fetchpriority="high"' in big and "1200w" in big  # the story of the day is the page's largest picture


def test_search_results_show_the_pictures(client, site_tree):
    make_article("Бюджет на будущий год", lead_image=picture("budget"))
    assert pictures_in(client.get("/search/?q=бюджет").content.decode())


def test_the_article_page_serves_its_lead_image_in_three_widths_with_one_photo_prefix(client, site_tree):
    article = make_article("Фоторепортаж", lead_image=picture("lead", "Площадь"), lead_image_caption="Площадь вечером",
                           lead_image_credit="Фото: Анна Волкова")
    html = client.get(article.url).content.decode()
    [lead] = pictures_in(html)
    assert "480w" in lead and "800w" in lead and "1200w" in lead and 'fetchpriority="high"' in lead
    caption = re.search(r"<figcaption>.*?</figcaption>", html, re.S).group()
    assert caption.count("Фото:") == 1 and "Анна Волкова" in caption


@pytest.mark.parametrize("credit, expected", [
    ("Фото: Анна Волкова", "Анна Волкова"), ("фото — РИА Новости", "РИА Новости"), ("Photo: Reuters", "Reuters"),
    ("Photo by Jane Doe", "Jane Doe"), ("Фотография: архив", "архив"), ("Анна Волкова", "Анна Волкова"),
    ("Фотоархив редакции", "Фотоархив редакции"), ("", ""),
])
def test_a_credit_loses_its_own_photo_prefix_and_nothing_else(credit, expected):
    assert credit_without_prefix(credit) == expected


def test_pictures_add_no_query_per_picture(client, site_tree):
    rubric = make_rubric(slug="many")
    make_article("Одна", rubrics=[rubric], lead_image=picture("p0"))
    client.get("/rubric/many/")  # makes the renditions once
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        client.get("/rubric/many/")
    for i in range(1, 6):
        make_article(f"Ещё {i}", rubrics=[rubric], lead_image=picture(f"p{i}"))
    client.get("/rubric/many/")
    cache.clear()
    with CaptureQueriesContext(connection) as six:
        client.get("/rubric/many/")
    assert len(six) == len(one)
    cache.clear()
    client.get("/rubric/many/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/rubric/many/")
    assert len(warm) <= 2  # the cached fragment: no rendition is looked up
