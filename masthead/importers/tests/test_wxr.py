import datetime as dt
import shutil

import pytest
from wagtail.contrib.redirects.models import Redirect

from masthead.articles.models import ArticlePage, Author, Rubric
from masthead.importers.models import ImportedComment, ImportRecord

pytestmark = pytest.mark.django_db


def test_it_imports_posts_with_their_metadata(import_file, fixtures):
    outcomes, errors = import_file(fixtures / "wordpress.xml")
    assert [o.status for o in outcomes] == ["created", "created", "created"]
    assert errors == []
    article = ArticlePage.objects.get(title="Парламент принял бюджет на 2022 год")
    assert article.live
    assert article.published_at == dt.datetime(2022, 3, 2, 20, 57, tzinfo=dt.UTC)
    assert article.slug == "parlament-prinial-biudzhet"
    assert article.lead == "Депутаты приняли бюджет во втором чтении."
    assert [a.name for a in article.get_authors()] == ["Анна Иванова"]
    assert [r.name for r in article.get_rubrics()] == ["Политика"]
    assert sorted(t.name for t in article.get_tags()) == ["Госдума", "бюджет"]
    assert article.language == "ru"
    assert article.latest_revision is not None


def test_it_splits_the_content_into_body_blocks(import_file, fixtures):
    import_file(fixtures / "wordpress.xml")
    article = ArticlePage.objects.get(title="Парламент принял бюджет на 2022 год")
    kinds = [block.block_type for block in article.body]
    assert kinds == ["paragraph", "subheading", "paragraph", "quote", "paragraph"]
    html = str(article.body)
    assert "<script" not in html and "onerror" not in html and "alert" not in html
    assert 'href="https://old.example.ru/wp-content/uploads/2022/03/duma.jpg"' in html
    assert "<b>312</b>" in html


def test_story_of_the_day_category_becomes_the_flag_not_a_rubric(import_file, fixtures):
    import_file(fixtures / "wordpress.xml")
    article = ArticlePage.objects.get(title="Парламент принял бюджет на 2022 год")
    assert article.story_of_the_day == dt.date(2022, 3, 2)  # 23:57 Moscow time
    assert not Rubric.objects.filter(name__iexact="Сюжет дня").exists()


def test_drafts_stay_drafts_and_uncategorized_is_no_rubric(import_file, fixtures):
    import_file(fixtures / "wordpress.xml")
    draft = ArticlePage.objects.get(title="Черновик о выборах")
    assert not draft.live
    assert draft.get_rubrics() == []
    assert not Rubric.objects.filter(name="Uncategorized").exists()
    # The draft's lead came from its only paragraph.
    assert draft.lead == "Текст ещё не готов."


def test_english_posts_are_english_and_authors_are_reused(import_file, fixtures):
    make = Author.objects.create(name="John Smith", slug="john-smith")
    import_file(fixtures / "wordpress.xml")
    english = ArticlePage.objects.get(slug="duma-passes-budget")
    assert english.language == "en"
    assert english.get_authors() == [make]
    assert Author.objects.filter(name="John Smith").count() == 1


def test_approved_comments_are_kept_aside(import_file, fixtures):
    import_file(fixtures / "wordpress.xml")
    article = ArticlePage.objects.get(title="Парламент принял бюджет на 2022 год")
    comments = list(ImportedComment.objects.filter(article=article))
    assert [(c.source_id, c.author_name, c.text) for c in comments] == [("11", "Читатель", "Наконец-то!")]
    assert comments[0].author_email == "reader@example.com"
    assert comments[0].created_at == dt.datetime(2022, 3, 3, 7, 0, tzinfo=dt.UTC)


def test_view_count_is_kept(import_file, fixtures):
    import_file(fixtures / "wordpress.xml")
    record = ImportRecord.objects.get(source_key="wxr:old.example.ru|101")
    assert record.views == 975


def test_reimport_changes_nothing(import_file, fixtures):
    import_file(fixtures / "wordpress.xml")
    outcomes, _ = import_file(fixtures / "wordpress.xml")
    assert [o.status for o in outcomes] == ["unchanged"] * 3
    assert ArticlePage.objects.count() == 3
    assert ImportedComment.objects.count() == 1
    assert Redirect.objects.count() == 2


def test_reimport_of_an_edited_export_updates_in_place(import_file, fixtures, tmp_path):
    import_file(fixtures / "wordpress.xml")
    first = ArticlePage.objects.get(slug="duma-passes-budget")
    edited = tmp_path / "edited.xml"
    edited.write_text(
        (fixtures / "wordpress.xml").read_text().replace("Defence spending rose by a fifth.", "Defence spending rose by a quarter."),
        encoding="utf-8",
    )
    outcomes, _ = import_file(edited)
    assert [o.status for o in outcomes] == ["unchanged", "unchanged", "updated"]
    article = ArticlePage.objects.get(pk=first.pk)
    assert "a quarter" in str(article.body)
    assert article.live and article.slug == first.slug
    assert ArticlePage.objects.count() == 3


def test_old_urls_redirect_permanently_to_the_article(import_file, fixtures, client):
    outcomes, _ = import_file(fixtures / "wordpress.xml")
    article = ArticlePage.objects.get(title="Парламент принял бюджет на 2022 год")
    response = client.get("/2022/03/02/parlament-prinyal-byudzhet/")
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)
    assert outcomes[0].url.endswith("/news/parlament-prinial-biudzhet/")
    assert client.get(response["Location"]).status_code == 200


def test_query_string_guids_are_not_redirected(import_file, fixtures):
    import_file(fixtures / "wordpress.xml")
    assert not Redirect.objects.filter(old_path__startswith="/?").exists()


def test_bulk_mode_gives_the_same_articles(import_file, fixtures):
    outcomes, _ = import_file(fixtures / "wordpress.xml", bulk=True)
    assert [o.status for o in outcomes] == ["created"] * 3
    article = ArticlePage.objects.get(title="Парламент принял бюджет на 2022 год")
    assert article.live and not article.has_unpublished_changes
    assert article.last_published_at == dt.datetime(2022, 3, 2, 20, 57, tzinfo=dt.UTC)
    assert not ArticlePage.objects.get(title="Черновик о выборах").live
    assert ArticlePage.objects.published().filter(pk=article.pk).exists()
    from wagtail.search.backends import get_search_backend

    assert list(get_search_backend().search("бюджет", ArticlePage))  # indexed on the way out
    again, _ = import_file(fixtures / "wordpress.xml", bulk=True)
    assert [o.status for o in again] == ["unchanged"] * 3


def test_dry_run_writes_nothing(import_file, fixtures):
    outcomes, _ = import_file(fixtures / "wordpress.xml", dry_run=True)
    assert [o.status for o in outcomes] == ["created"] * 3
    assert ArticlePage.objects.count() == 0
    assert ImportRecord.objects.count() == 0 and Author.objects.count() == 0


def test_gzipped_export_is_read(import_file, fixtures, tmp_path):
    import gzip

    target = tmp_path / "export.xml.gz"
    with open(fixtures / "wordpress.xml", "rb") as source, gzip.open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    outcomes, _ = import_file(target)
    assert [o.status for o in outcomes] == ["created"] * 3


def test_the_batch_path_writes_a_sound_page_tree(import_file, tmp_path, client, django_assert_max_num_queries):
    from wagtail.models import Page

    from masthead.importers.services import articles_import
    from masthead.importers.sources import iter_records
    from masthead.importers.tests.wxr_builder import item, wxr

    path = tmp_path / "many.xml"
    path.write_text(wxr(*(item(n, f"Статья номер {n}") for n in range(1, 41)), item(41, "Статья номер 1")))
    records = list(iter_records([path]))
    with django_assert_max_num_queries(80):  # one batch: not forty queries an article
        outcomes = list(articles_import(records=records, bulk=True))
    assert [o.status for o in outcomes] == ["created"] * 41
    assert Page.find_problems() == ([], [], [], [], [])
    articles = list(ArticlePage.objects.order_by("path"))
    assert [a.slug for a in articles][-2:] == ["statia-nomer-40", "statia-nomer-1-2"]
    assert outcomes[-1].url.endswith("/news/statia-nomer-1-2/")
    assert client.get("/news/statia-nomer-7/", HTTP_HOST="localhost").status_code == 200
    response = client.get("/7/", HTTP_HOST="localhost")
    assert response.status_code == 301 and response["Location"].endswith("/news/statia-nomer-7/")
    # An editor's later edit goes through Wagtail as usual.
    article = ArticlePage.objects.get(slug="statia-nomer-7")
    article.title = "Исправленный заголовок"
    article.save_revision().publish()
    assert ArticlePage.objects.get(pk=article.pk).title == "Исправленный заголовок"
    assert ImportRecord.objects.count() == 41


@pytest.mark.parametrize("bulk", [False, True], ids=["item-by-item", "bulk"])
def test_imported_view_counts_become_the_counter_base(import_file, fixtures, bulk):
    from masthead.pageviews.models import ArticleViews

    import_file(fixtures / "wordpress.xml", bulk=bulk)
    article = ArticlePage.objects.get(title="Парламент принял бюджет на 2022 год")
    assert ArticleViews.objects.get(article=article).base == 975
    assert ArticleViews.objects.count() == 1


def test_rows_written_in_bulk_come_back_whole_and_a_taken_key_is_refused(site_tree):
    """bulk.write_rows (COPY on PostgreSQL): defaults and auto_now filled, JSON kept, and a
    duplicate key raises Django's IntegrityError, which sends the batch down the item path."""
    from django.db import IntegrityError, transaction

    from masthead.importers.bulk import write_rows

    write_rows(ImportRecord, [
        ImportRecord(source_key=f"wxr:test:{n}", content_hash="x" * 64, attachments=[f"https://old.example/{n}.pdf"], flags=["untitled"])
        for n in range(3)
    ])
    rows = list(ImportRecord.objects.order_by("source_key"))
    assert [r.source_key for r in rows] == ["wxr:test:0", "wxr:test:1", "wxr:test:2"]
    assert rows[1].attachments == ["https://old.example/1.pdf"] and rows[1].flags == ["untitled"]
    assert all(r.imported_at and r.updated_at and r.views is None and r.article_id is None for r in rows)
    with pytest.raises(IntegrityError), transaction.atomic():
        write_rows(ImportRecord, [ImportRecord(source_key="wxr:test:1", content_hash="y" * 64)])
    assert ImportRecord.objects.count() == 3
