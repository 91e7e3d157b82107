import time

import pytest

from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def test_search_finds_published_articles_by_words(client, site_tree):
    make_article("Мажилис утвердил бюджет", paragraphs=["Депутаты обсуждали расходы на регионы."])
    make_article("Черновик про бюджет", live=False)
    make_article("Погода в Алматы")
    html = client.get("/search/", {"q": "бюджет"}).content.decode()
    assert "Мажилис утвердил бюджет" in html
    assert "Черновик про бюджет" not in html and "Погода в Алматы" not in html
    assert "1 статья" in html or "1 article" in html


def test_empty_query_shows_the_form_only(client, site_tree):
    html = client.get("/en/search/").content.decode()
    assert 'type="search"' in html and "article-list" not in html


@pytest.mark.parametrize(
    "query",
    ["а" * 10_000, "\" & | ! : * ( ) % _ \\", "<script>alert(1)</script>", "NEAR(a b)", "a OR b AND NOT c", "\x00\x01", "' OR 1=1 --", "*"],
)
def test_hostile_queries_get_a_quick_answer(client, site_tree, query):
    make_article("Бюджет")
    started = time.perf_counter()
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert time.perf_counter() - started < 5
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_bad_page_numbers_are_404(client, site_tree):
    make_article("Бюджет")
    assert client.get("/search/", {"q": "Бюджет", "page": "abc"}).status_code == 404
    assert client.get("/search/", {"q": "Бюджет", "page": "999999999"}).status_code == 404
