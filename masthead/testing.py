"""Builders for test data, shared by every app's tests."""

import datetime as dt
import itertools
from contextlib import contextmanager

from django.utils import timezone
from wagtail.rich_text import RichText

from masthead.articles.models import ArticleAuthor, ArticleIndexPage, ArticlePage, ArticleRubric, Author, Rubric
from masthead.pages.setup import build_site

__all__ = ["build_site", "make_author", "make_rubric", "make_article", "wagtail_group"]

_counter = itertools.count(1)


# Wagtail's default groups, renamed in Russian by core's migration 0005 when LANGUAGE_CODE is ru.
_GROUP_NAMES = {"Editors": "Редакторы", "Moderators": "Модераторы"}


def wagtail_group(name: str):
    """Wagtail's default group by its English name ("Editors"), whichever language it is named in."""
    from django.contrib.auth.models import Group

    return Group.objects.get(name__in=[name, _GROUP_NAMES[name]])


def make_author(name: str | None = None, **fields) -> Author:
    n = next(_counter)
    return Author.objects.create(name=name or f"Автор {n}", slug=fields.pop("slug", f"author-{n}"), **fields)


def make_rubric(name: str | None = None, kind: str = Rubric.Kind.SECTION, **fields) -> Rubric:
    n = next(_counter)
    return Rubric.objects.create(name=name or f"Рубрика {n}", slug=fields.pop("slug", f"rubric-{n}"), kind=kind, **fields)


def make_article(
    title: str | None = None,
    *,
    published_at: dt.datetime | None = None,
    authors: list[Author] | None = None,
    rubrics: list[Rubric] | None = None,
    tags: list[str] = (),
    paragraphs: list[str] | None = None,
    live: bool = True,
    **fields,
) -> ArticlePage:
    """A published article (or a draft with live=False) under the news index."""
    _, news = build_site()
    n = next(_counter)
    title = title or f"Статья номер {n}"
    article = ArticlePage(
        title=title,
        slug=fields.pop("slug", f"article-{n}"),
        lead=fields.pop("lead", f"Лид статьи {n}."),
        published_at=published_at or timezone.now() - dt.timedelta(hours=1),
        body=[("paragraph", RichText(f"<p>{text}</p>")) for text in (paragraphs or [f"Текст статьи {n}."])],
        live=live,
        **fields,
    )
    article.article_authors = [ArticleAuthor(author=a, sort_order=i) for i, a in enumerate(authors or [make_author()])]
    article.article_rubrics = [ArticleRubric(rubric=r, sort_order=i) for i, r in enumerate(rubrics or [make_rubric()])]
    news.add_child(instance=article)
    if tags:
        article.tags.set(list(tags))
    if live:
        article.save_revision().publish()
    else:
        article.save_revision()
    return ArticlePage.objects.get(pk=article.pk)


@contextmanager
def smtp_server(settings, handler):
    """A real SMTP server (aiosmtpd) on loopback that Django's mail goes to for the test; `handler` keeps it."""
    from aiosmtpd.controller import Controller

    from masthead.core.servers import free_port

    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield handler
    finally:
        controller.stop()


def sign_in_to_admin(page, base_url: str, username: str, password: str) -> None:
    """A Playwright page signs in through Wagtail's login form and lands on the dashboard."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
