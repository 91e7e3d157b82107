"""The subscribe form on the article and home pages: present, and nothing per reader in the shared copy."""

import pytest

from masthead.testing import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_POLL = 0


def test_the_article_page_carries_the_form_without_a_token_or_a_cookie(client, site_tree, page_cache):
    article = make_article("Выборы в регионе")
    first = client.get(article.url)
    second = client.get(article.url)
    assert second["X-Page-Cache"] == "hit"  # still shareable with the form on it
    html = first.content.decode()
    assert 'action="/newsletter/subscribe/"' in html and 'name="email"' in html
    assert "csrfmiddlewaretoken" not in html
    assert not first.cookies and not second.cookies


def test_the_home_page_carries_the_form_in_its_aside_and_stays_shareable(client, site_tree, page_cache):
    make_article()
    first = client.get("/en/")
    assert client.get("/en/")["X-Page-Cache"] == "hit"
    html = first.content.decode()
    assert 'action="/en/newsletter/subscribe/"' in html and 'name="language" value="en"' in html
    assert "csrfmiddlewaretoken" not in html and not first.cookies


def test_the_form_adds_no_query_to_the_article_page(client, site_tree, django_assert_max_num_queries):
    article = make_article()
    client.get(article.url)  # warm the furniture
    with django_assert_max_num_queries(12) as captured:
        client.get(article.url)
    assert not [q for q in captured.captured_queries if "newsletter" in q["sql"]]
