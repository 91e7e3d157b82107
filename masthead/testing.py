"""Builders for test data, shared by every app's tests."""

import datetime as dt
import itertools

from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from masthead.articles.models import ArticleAuthor, ArticleIndexPage, ArticlePage, ArticleRubric, Author, Rubric
from masthead.pages.models import HomePage

_counter = itertools.count(1)


def build_site() -> tuple[HomePage, ArticleIndexPage]:
    """The page tree the site needs: root -> home -> news; the default Site points at home."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or _make_root()
        for page in root.get_children():
            page.delete()
        home = root.add_child(instance=HomePage(title="Masthead", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    news = ArticleIndexPage.objects.first() or home.add_child(instance=ArticleIndexPage(title="News", slug="news"))
    return home, news


def _make_root() -> Page:
    """Transactional tests truncate every table, Wagtail's root page and locale included."""
    from django.conf import settings
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return Page.add_root(instance=Page(title="Root", slug="root"))


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
