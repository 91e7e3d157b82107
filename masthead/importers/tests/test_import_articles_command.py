import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from masthead.articles.models import ArticlePage

pytestmark = pytest.mark.django_db


def run(*args):
    import io

    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *[str(a) for a in args], stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_it_prints_one_json_line_per_article_and_a_summary_on_stderr(site_tree, fixtures):
    lines, err = run(fixtures / "wordpress.xml")
    assert [line["status"] for line in lines] == ["created"] * 3
    assert set(lines[0]) == {"status", "source", "url", "title", "error", "flags"}
    assert lines[0]["url"].endswith("/news/parlament-prinial-biudzhet/")
    assert "3 created" in err and "2 skipped" in err


def test_a_directory_mixes_formats_and_bad_records_are_reported(site_tree, fixtures, tmp_path):
    shutil.copy(fixtures / "wordpress.xml", tmp_path / "export.xml")
    shutil.copy(fixtures / "article-ru.html", tmp_path / "page.html")
    shutil.copytree(fixtures / "captures", tmp_path / "captures")
    (tmp_path / "empty.txt").write_bytes(b"")
    lines, err = run(tmp_path)
    statuses = [line["status"] for line in lines]
    assert statuses.count("error") == 2  # the empty file and the impossible date
    assert statuses.count("created") == 3 + 1 + 14
    errors = [line for line in lines if line["status"] == "error"]
    assert any("empty" in e["error"] and e["source"].endswith("empty.txt") for e in errors)
    assert any("line 2" in e["error"] for e in errors)


def test_dry_run_writes_nothing(site_tree, fixtures):
    lines, err = run(fixtures / "wordpress.xml", "--dry-run")
    assert [line["status"] for line in lines] == ["created"] * 3
    assert "dry run" in err
    assert not ArticlePage.objects.exists()


def test_bulk_flag_imports_the_same(site_tree, fixtures, client):
    lines, _ = run(fixtures / "wordpress.xml", "--bulk")
    assert [line["status"] for line in lines] == ["created"] * 3
    # The bulk insert fills the listings' copy of the publication time: the articles are on their rubric pages.
    from django.utils import translation

    from masthead.articles.models import ArticleRubric

    for link in ArticleRubric.objects.select_related("page", "rubric").filter(page__live=True):
        assert link.listed_at == link.page.published_at
        # And the editions: an imported article is listed in its own language's (masthead/articles/editions.py).
        own = (link.page.language == "ru", link.page.language == "en")
        assert (link.edition_ru, link.edition_en) == (link.page.edition_ru, link.page.edition_en) == own
        with translation.override(link.page.language):  # the rubric page of the article's own edition
            rubric_page = link.rubric.get_absolute_url()
        assert link.page.title in client.get(rubric_page).content.decode()


def test_nothing_importable_exits_non_zero(site_tree, tmp_path):
    (tmp_path / "garbage.bin").write_bytes(bytes(range(256)) * 10)
    with pytest.raises(CommandError) as error:
        run(tmp_path / "garbage.bin")
    assert error.value.returncode == 1


def test_a_missing_path_is_a_usage_error(site_tree, tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path / "nope.xml")


def test_forcing_a_format(site_tree, fixtures):
    lines, _ = run(fixtures / "captures" / "01-ru-classic.txt", "--format", "text")
    assert [line["status"] for line in lines] == ["created"]


@pytest.mark.parametrize("mode", [(), ("--bulk",)])
def test_imported_tags_join_the_existing_tag_however_it_is_spelt(site_tree, fixtures, mode):
    """The export says "бюджет" and "Госдума"; the site has "Бюджет" and "ГОСДУМА ": no twins, either path."""
    from taggit.models import Tag

    existing = {Tag.objects.create(name="Бюджет").pk, Tag.objects.create(name="ГОСДУМА ").pk}
    run(fixtures / "wordpress.xml", *mode)
    assert {tag.pk for tag in Tag.objects.all()} >= existing
    assert Tag.objects.filter(name__iexact="бюджет").count() == 1 and Tag.objects.filter(name__icontains="госдума").count() == 1
    article = ArticlePage.objects.filter(tags__pk__in=existing).first()
    assert article is not None and {t.pk for t in article.tags.all()} >= existing
