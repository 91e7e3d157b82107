"""The article page is kept as a shell per revision (masthead.core.page_shell): the thread and the
comment form are still the request's own."""

import re

import pytest
from wagtail.models import Page

from masthead.articles.models import ArticlePage
from masthead.comments.tests.test_submit import post

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def test_a_signed_in_reader_gets_their_own_form_and_new_comments_from_the_kept_shell(
    client, article, reader, seasoned, settings, monkeypatch
):
    settings.PAGE_CACHE = False
    anonymous = client.get(article.url).content.decode()  # keeps the shell
    assert "csrfmiddlewaretoken" not in anonymous
    client.force_login(reader)
    assert post(client, article, "Спасибо за разбор бюджета.").status_code == 302
    after_posting = client.get(article.url).content.decode()
    assert "Спасибо за разбор бюджета." in after_posting and "csrfmiddlewaretoken" in after_posting
    assert "comments__notice--success" in after_posting  # the request's own message, shown once
    from_shell = client.get(article.url).content.decode()
    assert "comments__notice" not in from_shell
    monkeypatch.setattr(ArticlePage, "serve", Page.serve)
    whole = client.get(article.url).content.decode()
    assert CSRF.sub("", from_shell) == CSRF.sub("", whole)  # a token is masked afresh for each render
