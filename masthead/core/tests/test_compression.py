"""Text answers are gzipped for readers who accept it, also from the page cache; pictures and 304s are left alone."""

import gzip

import pytest
from django.http import HttpResponse
from django.middleware import gzip as django_gzip
from django.utils.text import compress_string
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


def test_a_hits_compressed_copy_is_made_once_and_follows_the_page(site_tree, page_cache, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    article = make_article("Один раз")
    client = Client()
    plain = client.get(article.url).content
    made = []

    def counting(content, **options):
        made.append(len(content))
        return compress_string(content, **options)

    monkeypatch.setattr(django_gzip, "compress_string", counting)
    answers = [client.get(article.url, **GZIP) for _ in range(3)]
    assert made == [len(plain)]  # the second and third hits reuse the first one's compressed bytes
    for answer in answers:
        assert answer["X-Page-Cache"] == "hit" and answer["Content-Encoding"] == "gzip"
        assert answer["ETag"].startswith('W/"') and "Accept-Encoding" in answer["Vary"]
        assert int(answer["Content-Length"]) == len(answer.content)
        assert gzip.decompress(answer.content) == plain
    # A new version of the page is new bytes: compressed anew, never the old copy.
    article.title = "Один раз, исправлено"
    with django_capture_on_commit_callbacks(execute=True):  # the purge waits for the editor's commit
        article.save_revision().publish()
    assert client.get(article.url)["X-Page-Cache"] == "miss"  # renders and stores the new page
    fresh = client.get(article.url, **GZIP)
    assert fresh["X-Page-Cache"] == "hit" and "исправлено" in gzip.decompress(fresh.content).decode()
    assert len(made) == 2


def test_a_hit_for_a_reader_without_gzip_is_left_plain(site_tree, page_cache):
    article = make_article()
    client = Client()
    client.get(article.url, **GZIP)
    client.get(article.url, **GZIP)
    plain = client.get(article.url)
    assert plain["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
