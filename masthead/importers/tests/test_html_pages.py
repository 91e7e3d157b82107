import datetime as dt

import pytest

from masthead.articles.models import ArticlePage
from masthead.importers.sources import ParsedArticle, RecordError, iter_records


def parse(path, fmt="auto"):
    return list(iter_records([path], fmt))


def test_it_reads_metadata_from_json_ld_and_opengraph(fixtures):
    [record] = parse(fixtures / "article-ru.html")
    assert isinstance(record, ParsedArticle)
    assert record.title == "Парламент принял бюджет на 2022 год"
    assert record.lead == "Депутаты приняли бюджет во втором чтении."
    assert record.published_at == dt.datetime(2022, 3, 2, 20, 57, tzinfo=dt.UTC)
    assert [a.name for a in record.authors] == ["Анна Иванова"]
    assert record.rubrics == ["Политика"] and record.story_of_the_day
    assert record.tags == ["бюджет", "Госдума"]
    assert record.views == 1204
    assert record.dateline == "Москва"
    assert record.source_key == "url:https://old.example.ru/news/parlament-prinyal-byudzhet.html"


def test_the_main_text_is_extracted_and_sanitised(fixtures):
    [record] = parse(fixtures / "article-ru.html")
    kinds = [kind for kind, _ in record.body]
    assert kinds[:3] == ["paragraph", "paragraph", "subheading"] and "quote" in kinds
    html = " ".join(value for _, value in record.body)
    for bad in ("script", "iframe", "onclick", "onerror", "javascript", "evil.example", "Главная", "©", "Telegram"):
        assert bad not in html, bad
    assert '<a href="https://minfin.example/report">' in html


def test_meta_tags_alone_are_enough(tmp_path):
    page = tmp_path / "plain.html"
    page.write_text(
        "<html lang='en'><head><title>Budget passed</title><meta name='description' content='The Duma voted.'>"
        "<meta name='author' content='Jane Doe'><meta name='keywords' content='budget, duma'>"
        "<link rel='canonical' href='https://old.example/budget'></head><body><article><h1>Budget passed</h1>"
        "<p>Published 02.03.2022 23:57 (Moscow time), Moscow</p>"
        "<p>The State Duma passed the budget on Wednesday night after a long debate in the chamber.</p>"
        "<p>Views: 975</p></article></body></html>"
    )
    [record] = parse(page)
    assert record.title == "Budget passed" and record.language == "en"
    assert record.published_at == dt.datetime(2022, 3, 2, 20, 57, tzinfo=dt.UTC)
    assert record.views == 975 and record.tags == ["budget", "duma"]
    assert record.old_url == "https://old.example/budget"


def test_a_page_without_any_headline_is_an_error(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><head></head><body><div></div></body></html>")
    [record] = parse(page, "html")
    assert isinstance(record, RecordError)


def test_broken_json_ld_is_ignored(tmp_path, fixtures):
    page = tmp_path / "broken.html"
    page.write_text((fixtures / "article-ru.html").read_text().replace('"@context"', '{{{"@context"', 1))
    [record] = parse(page)
    assert record.title == "Парламент принял бюджет на 2022 год"  # from OpenGraph


@pytest.mark.django_db
def test_html_pages_import_and_redirect(import_file, fixtures, client):
    outcomes, _ = import_file(fixtures / "article-ru.html")
    assert [o.status for o in outcomes] == ["created"]
    article = ArticlePage.objects.get()
    response = client.get("/news/parlament-prinyal-byudzhet.html")
    assert response.status_code == 301 and response["Location"].endswith(article.url)
