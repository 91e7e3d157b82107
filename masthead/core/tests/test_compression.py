"""Text answers are gzipped for readers who accept it, also from the page cache; pictures and 304s are left alone."""

import gzip

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from masthead.core.compression import TextGZipMiddleware
from masthead.testing import make_article

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_POLL = 0


def test_an_article_is_gzipped_for_a_reader_who_accepts_it_and_the_same_page_unpacked(site_tree, page_cache):
    article = make_article("Сжатая страница")
    plain = Client().get(article.url)
    assert "Content-Encoding" not in plain
    for expected_cache in ("hit", "hit"):
        packed = Client().get(article.url, **GZIP)
        assert packed["Content-Encoding"] == "gzip" and packed["X-Page-Cache"] == expected_cache
        assert "Accept-Encoding" in packed["Vary"]
        html = gzip.decompress(packed.content)
        assert html == plain.content and len(packed.content) < len(html) / 2


def test_a_repeat_with_the_compressed_copys_etag_is_a_304(site_tree, page_cache):
    article = make_article("Проверка версии")
    first = Client().get(article.url, **GZIP)
    assert first["ETag"].startswith('W/"')  # weakened: the bytes differ from the plain copy's
    again = Client().get(article.url, HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert again.status_code == 304 and not again.content


@pytest.mark.parametrize("path", ["/feed/", "/sitemap.xml", "/robots.txt"])
def test_feeds_and_sitemaps_are_gzipped_too(site_tree, path):
    make_article("Для ленты")
    response = Client().get(path, **GZIP)
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip", path
    assert gzip.decompress(response.content)


def test_an_image_is_not_gzipped_again():
    picture = HttpResponse(b"\xff\xd8" + b"\x00" * 5000, content_type="image/jpeg")
    request = RequestFactory().get("/media/x.jpg", **GZIP)
    answer = TextGZipMiddleware(lambda r: picture)(request)
    assert "Content-Encoding" not in answer and len(answer.content) == 5002
