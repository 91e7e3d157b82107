"""The index follows the articles: publish, new revision, unpublish, delete, bulk import, rebuild."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.search.indexing import Document, analyse
from masthead.search.models import SearchEntry
from masthead.search.query import parse
from masthead.search.selectors import search_articles
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def found(query):
    return [a.pk for a in search_articles(parse(query))[0:20]]


def test_a_published_article_is_found_by_any_form_of_its_words(site_tree):
    article = make_article("Выборы в Екатеринбурге")
    assert found("Екатеринбург") == [article.pk]


def test_a_draft_is_not_indexed(site_tree):
    make_article("Черновик о Екатеринбурге", live=False)
    assert found("Екатеринбург") == [] and not SearchEntry.objects.exists()


def test_a_future_dated_article_waits_for_its_time(site_tree):
    make_article("Завтрашние выборы", published_at=timezone.now() + dt.timedelta(days=1))
    assert found("выборы") == []


def test_a_new_revision_replaces_the_old_words(site_tree):
    article = make_article("Выборы в Екатеринбурге")
    article.title = "Выборы в Челябинске"
    article.save_revision().publish()
    assert found("Екатеринбург") == [] and found("Челябинск") == [article.pk]


def test_unpublishing_removes_the_article(site_tree):
    article = make_article("Выборы в Екатеринбурге")
    article.unpublish()
    assert found("Екатеринбург") == []
    assert not SearchEntry.objects.filter(article_id=article.pk).exists()


def test_deleting_removes_the_article(site_tree):
    article = make_article("Выборы в Екатеринбурге")
    ArticlePage.objects.get(pk=article.pk).delete()
    assert found("Екатеринбург") == [] and not SearchEntry.objects.exists()


def test_rebuild_command_indexes_every_live_article_and_drops_stale_rows(site_tree):
    kept = make_article("Выборы в Екатеринбурге")
    gone = make_article("Погода в Омске")
    SearchEntry.objects.all().delete()
    ArticlePage.objects.filter(pk=gone.pk).update(live=False)
    call_command("rebuild_search_index", verbosity=0)
    assert list(SearchEntry.objects.values_list("article_id", flat=True)) == [kept.pk]
    assert found("Екатеринбург") == [kept.pk] and found("Омск") == []


def test_the_bulk_import_path_feeds_the_index(site_tree, django_capture_on_commit_callbacks):
    from masthead.importers.services import articles_import
    from masthead.importers.sources.records import ParsedArticle

    records = [
        ParsedArticle(
            source_key=f"test:{n}", source="t", title=f"Налоговый кодекс, часть {n}",
            body=[("paragraph", "<p>Поправки в Екатеринбурге.</p>")],
            published_at=timezone.now() - dt.timedelta(days=1), status="published",
        )
        for n in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = list(articles_import(records=records, bulk=True))
    assert [o.status for o in outcomes] == ["created"] * 3
    assert len(found("налогового кодекса")) == 3 and len(found("Екатеринбург")) == 3


def test_the_body_is_indexed_without_markup_and_stop_words():
    document = Document(headline=analyse("Выборы в <b>Екатеринбурге</b>"), lead=[], body=[])
    assert ("в",) not in document.headline and ("b",) in document.headline  # markup in a headline is text
    assert any("екатеринбург" in word for word in document.headline)


def test_a_homonym_keeps_one_position_for_all_its_readings():
    vector = Document(headline=analyse("стали"), lead=[], body=[]).tsvector()
    assert "'сталь':1A" in vector and "'стать':1A" in vector


def test_pairs_link_adjacent_words_only_within_a_field():
    document = Document(headline=analyse("Налоговый кодекс"), lead=analyse("Экспорт зерна"), body=[])
    pairs = document.pairs()
    assert "налоговый_кодекс" in pairs and "экспорт_зерно" in pairs
    assert not any(p.startswith("кодекс_") for p in pairs)
