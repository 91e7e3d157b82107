"""The bulk path indexes a batch at once, and search finds what the item-by-item path would.

Each test imports the same exports both ways (item by item, then `--bulk` after the
first import's articles are removed) and compares what each search and each index
row says, on whichever database the suite runs on.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from masthead.articles.models import ArticlePage
from masthead.importers.bench import discard_imported, generate_wxr
from masthead.search.models import SearchEntry
from masthead.search.query import parse
from masthead.search.selectors import search_articles

pytestmark = pytest.mark.django_db

QUERIES = ["бюджет", "выборах", "парламента губернатор", "Парламент принял бюджет", "budget", "elections", "court governor", "economy law"]


def site_search(query):
    """Our search (masthead.search): headlines in the order the reader sees them."""
    return [article.title for article in search_articles(parse(query))[0:50]]


def wagtail_search(query):
    """The admin's search (Wagtail's index): the headlines found."""
    return sorted(page.title for page in get_search_backend().search(query, ArticlePage))


def index_rows():
    """Every index row of both indexes, keyed by the article's headline instead of its id."""
    titles = dict(ArticlePage.objects.values_list("pk", "title"))
    content_type = ContentType.objects.get_for_model(ArticlePage)
    wagtail = {
        titles[int(row["object_id"])]: {key: str(value) for key, value in row.items() if key not in {"id", "object_id", "title_norm"}}
        for row in IndexEntry.objects.filter(content_type=content_type).values()
    }
    ours = {
        titles[row["article_id"]]: {key: str(value) for key, value in row.items() if key not in {"article_id", "recency"}}
        for row in SearchEntry.objects.values()
    }
    return wagtail, ours


@pytest.fixture
def exports(fixtures, tmp_path):
    return [fixtures / "wordpress.xml", generate_wxr(tmp_path / "generated.xml", 40)]


def import_both_ways(import_file, exports, commit_callbacks):
    one_by_one, _ = import_file(*exports)
    assert {o.status for o in one_by_one} == {"created"}
    before = {q: (site_search(q), wagtail_search(q)) for q in QUERIES}, index_rows()
    discard_imported()
    assert not ArticlePage.objects.exists() and not SearchEntry.objects.exists()
    with commit_callbacks(execute=True):  # our index is written once a batch is committed
        in_bulk, _ = import_file(*exports, bulk=True)
    assert [o.status for o in in_bulk] == [o.status for o in one_by_one]
    after = {q: (site_search(q), wagtail_search(q)) for q in QUERIES}, index_rows()
    return before, after


def test_bulk_imported_articles_are_found_as_item_by_item_ones(import_file, exports, django_capture_on_commit_callbacks):
    (results_before, _), (results_after, _) = import_both_ways(import_file, exports, django_capture_on_commit_callbacks)
    # Each query finds something in our search; Wagtail's (which stems English at most) the exact forms.
    assert [q for q, (site, _) in results_before.items() if not site] == []
    assert {q for q, (_, wagtail) in results_before.items() if not wagtail} <= {"парламента губернатор", "elections"}
    assert results_after == results_before


def test_bulk_index_rows_are_the_ones_the_per_object_indexers_write(import_file, exports, django_capture_on_commit_callbacks):
    (_, (wagtail_before, ours_before)), (_, (wagtail_after, ours_after)) = import_both_ways(import_file, exports, django_capture_on_commit_callbacks)
    live = set(ArticlePage.objects.filter(live=True).values_list("title", flat=True))
    assert set(ours_after) == live and len(live) > 30
    assert ours_after == ours_before
    assert set(wagtail_after) == set(wagtail_before)
    assert wagtail_after == wagtail_before
