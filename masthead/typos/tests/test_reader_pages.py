"""What the article page and the corrections log show readers."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from masthead.testing import make_article
from masthead.typos.models import Correction

pytestmark = pytest.mark.django_db


def config_of(html: str) -> dict:
    match = re.search(r'<script id="typo-config" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_the_russian_article_speaks_russian_and_carries_what_the_script_needs(client, article):
    html = client.get(article.url).content.decode()
    assert "Если вы нашли ошибку, выделите фрагмент текста и нажмите Ctrl + Enter." in html
    config = config_of(html)
    assert config["article"] == article.pk and config["revision"] == article.live_revision_id
    assert config["text"]["thanks"] == "Спасибо! Теперь редакция в курсе."
    assert config["reportUrl"] == "/typos/report/" and config["tokenUrl"] == "/typos/token/"
    assert f'data-block-id="{article.body[0].id}"' in html
    assert 'src="/static/typos/typos.js" defer' in html


def test_the_english_edition_speaks_english(client, site_tree):
    article = make_article("Decree signed", paragraphs=["The decree was signed."], language="en")
    html = client.get("/en" + article.url).content.decode()
    assert "If you find an error, please select a piece of text and press Ctrl + Enter." in html
    assert config_of(html)["text"]["thanks"] == "Thank you! Now the editors are aware."


def test_the_article_page_needs_no_token_in_the_html(client, article):
    # The page can be served from a full-page cache: the script fetches its token.
    html = client.get(article.url).content.decode()
    assert "csrfmiddlewaretoken" not in html.split("typo-config")[1][:2000]


def test_a_correction_is_shown_dated_at_the_end_of_the_article(client, article):
    Correction.objects.create(article=article, text="Исправлена дата <b>вступления</b> в силу.", language="ru")
    html = client.get(article.url).content.decode()
    assert "Исправлена дата &lt;b&gt;вступления&lt;/b&gt; в силу." in html
    assert '<section class="corrections"' in html and "Поправка" in html


def test_no_correction_no_furniture(client, article):
    assert 'class="corrections"' not in client.get(article.url).content.decode()


def test_the_corrections_log_is_newest_first_and_paginated(client, article, settings):
    settings.ARTICLES_PER_PAGE = 2
    now = timezone.now()
    for i in range(3):
        Correction.objects.create(article=article, text=f"Поправка {i}", language="ru", published_at=now - dt.timedelta(days=i))
    draft = make_article("Черновик", live=False)
    Correction.objects.create(article=draft, text="Скрытая поправка", language="ru")
    first = client.get("/corrections/").content.decode()
    assert first.index("Поправка 0") < first.index("Поправка 1") and "Поправка 2" not in first
    assert "Скрытая поправка" not in first
    assert "Поправка 2" in client.get("/corrections/?page=2").content.decode()
    assert client.get("/corrections/?page=abc").status_code == 404
    assert client.get("/corrections/?page=999999999").status_code == 404
    assert client.get("/en/corrections/").status_code == 200


def test_the_corrections_log_query_count_is_flat(client, article, django_assert_max_num_queries):
    for i in range(10):
        Correction.objects.create(article=article, text=f"Поправка {i}", language="ru")
    # Cold: everything a first view reads, the footer's information pages included (one query per content version).
    with django_assert_max_num_queries(16):
        client.get("/corrections/")


def test_corrections_cost_no_query_on_a_warm_article_page(client, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(article.url)
    assert not any("typos_correction" in query["sql"] for query in queries.captured_queries)


def test_a_new_correction_shows_at_once_despite_the_cache(
    client, editor, article, django_capture_on_commit_callbacks
):
    from masthead.typos.services import correction_publish

    client.get(article.url)
    with django_capture_on_commit_callbacks(execute=True):
        correction_publish(article=article, text="Свежая поправка.", user=editor)
    assert "Свежая поправка." in client.get(article.url).content.decode()
