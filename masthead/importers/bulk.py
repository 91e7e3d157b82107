"""The batch path of `articles_import(bulk=True)`: new articles written a batch at a time.

Creating a Wagtail page one by one costs about forty queries (tree position,
validation, revision, log entry, child relations, indexing). A 100,000-item
archive cannot wait for that, so for records whose source key is new this
module writes a whole batch in a dozen queries: the tree paths are computed
the way treebeard computes them (under a lock on the news index row), pages
and their article rows, authors, rubrics and tags links, import records,
redirects are inserted in bulk, and the comments and view counts are handed
over once per batch (services._hand_over).

The rows go in through `masthead.core.bulk_rows.write_rows`: COPY on PostgreSQL,
the page ids taken from their sequence first (Django's bulk INSERT quotes every
value of a 1,000-page batch in Python and was a third of the database time of the
100,000-item bench), one prepared INSERT run by `executemany` on SQLite (Django's
compiler took as long as SQLite's work). Only the page rows on SQLite go through
Django's insert, for the ids it returns.

What an editor gets is the page `article_import` makes on its bulk path: live
(or a draft), no revision entry yet, in the search index (added per batch by
the caller). The batch runs inside a savepoint; if the database refuses
anything (a key imported meanwhile by another process, say) the savepoint is
rolled back and the caller imports the batch item by item instead, so each
item still ends up created whole or not at all.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from masthead.articles.models import ArticleAuthor, ArticlePage, ArticleRubric, ArticleTag
from masthead.articles.tags import tag_for
from masthead.core.bulk_rows import copy_supported, insert_rows, write_rows
from masthead.importers.models import ImportRecord
from masthead.importers.sources.records import ParsedArticle
from masthead.lib.text import transliterated_slug
from masthead.pagecache.middleware import SITE_KEY
from masthead.pagecache.purge import purge


def supported() -> bool:
    return connection.features.can_return_rows_from_bulk_insert


def create_articles(items: list[tuple[ParsedArticle, dict, str]]) -> list[ArticlePage]:
    """Create one new article per (record, prepared, digest); all or nothing (call in a savepoint)."""
    from masthead.importers import services

    news = services._news_index()
    news = Page.objects.select_for_update().get(pk=news.pk)  # as treebeard's add_child does
    articles = _page_rows(news, items)
    _write_pages(news, articles)
    _write_relations(articles, [record for record, _, _ in items], [prepared for _, prepared, _ in items])
    write_rows(ImportRecord, (
        ImportRecord(
            source_key=record.source_key,
            article_id=article.pk,
            content_hash=digest,
            source=record.source[:500],
            old_url=record.old_url[:1000],
            views=record.views,
            attachments=record.attachments,
            flags=prepared["flags"],
        )
        for article, (record, prepared, digest) in zip(articles, items)
    ))
    _redirects(articles, [record.old_url for record, _, _ in items])
    services._hand_over([(article.pk, record, prepared["language"]) for article, (record, prepared, _) in zip(articles, items)])
    purge(SITE_KEY)  # a batch lands on listings, days and home pages alike: every cached page goes
    return articles


def _page_rows(news: Page, items: list[tuple[ParsedArticle, dict, str]]) -> list[ArticlePage]:
    """Unsaved pages with their tree paths, after the index's last child, as treebeard numbers them."""
    from masthead.importers import services

    slugs = _slugs(news, [prepared["slug_hint"] for _, prepared, _ in items])
    last = (
        Page.objects.filter(path__startswith=news.path, depth=news.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    position = Page._str2int(last[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(ArticlePage)
    articles = []
    for index, ((record, prepared, _), slug) in enumerate(zip(items, slugs), 1):
        live = prepared["status"] == "published"
        article = ArticlePage(
            slug=slug,
            path=Page._get_path(news.path, news.depth + 1, position + index),
            depth=news.depth + 1,
            numchild=0,
            url_path=f"{news.url_path}{slug}/",
            locale_id=news.locale_id,
            translation_key=uuid.uuid4(),
            content_type=content_type,
            live=live,
            has_unpublished_changes=not live,
            first_published_at=prepared["published_at"] if live else None,
            last_published_at=prepared["published_at"] if live else None,
        )
        services._fill_fields(article, {**prepared, "body": services._stream(prepared["blocks"])})
        article.set_editions()  # ArticlePage.save would; the insert below skips it
        article.draft_title = article.title
        articles.append(article)
    return articles


def _write_pages(news: Page, articles: list[ArticlePage]) -> None:
    """The page rows and their article rows in two inserts; the index counts its new children."""
    from masthead.importers import services

    if copy_supported():
        ids = [(pk,) for pk in _next_ids(Page, len(articles))]
        for article, (pk,) in zip(articles, ids):
            article.pk = article.id = article.page_ptr_id = pk
        write_rows(Page, articles, list(Page._meta.local_concrete_fields))
    else:
        page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
        ids = insert_rows(Page, articles, page_fields, returning=True)
    news_path = services.public_url(news)[len(settings.SITE_URL) :]
    for article, (pk,) in zip(articles, ids):
        article.pk = article.id = article.page_ptr_id = pk
        # Every article of the batch sits under the same index: its URL is the index's plus
        # the slug, without asking Wagtail's site-root cache once per page.
        article.public_path = f"{news_path}{article.slug}/"
    write_rows(ArticlePage, articles, list(ArticlePage._meta.local_concrete_fields))
    Page.objects.filter(pk=news.pk).update(numchild=F("numchild") + len(articles))


def _write_relations(articles: list[ArticlePage], records: list[ParsedArticle], prepared: list[dict]) -> None:
    """Authors, rubrics and tags of the whole batch, three inserts."""
    from masthead.importers import services

    authors, rubrics, tags = [], [], []
    for article, record, ready in zip(articles, records, prepared):
        # The listings read the publication time and editions from these rows (ArticlePage.sync_listed_at,
        # which a bulk insert skips).
        listed = article.listing_values()
        authors += [ArticleAuthor(page_id=article.pk, author=a, sort_order=i, **listed) for i, a in enumerate(services._authors(record.authors))]
        rubrics += [ArticleRubric(page_id=article.pk, rubric=r, sort_order=i, **listed) for i, r in enumerate(services._rubrics(ready["rubrics"]))]
        tags += [ArticleTag(content_object_id=article.pk, tag=t, **listed) for t in _tag_rows(services._tags(record.tags))]
    write_rows(ArticleAuthor, authors)
    write_rows(ArticleRubric, rubrics)
    write_rows(ArticleTag, tags)


def _next_ids(model, count: int) -> list[int]:
    """`count` fresh primary keys from the table's own sequence (what an INSERT would have taken)."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
        )
        return [row[0] for row in cursor.fetchall()]


def _slugs(news, hints: list[str]) -> list[str]:
    from masthead.importers.services import SLUG_MAX

    bases = [transliterated_slug(hint, max_length=SLUG_MAX) for hint in hints]
    siblings = Page.objects.filter(path__startswith=news.path, depth=news.depth + 1)
    taken = set(siblings.filter(slug__in=bases).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug = base
        if slug in taken:
            # Rare: ask the database for every "<base>-N" once, then count up past them and this batch.
            taken |= set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
            number = 2
            while slug in taken:
                suffix = f"-{number}"
                slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
                number += 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _tag_rows(tags: list) -> list[Tag]:
    rows = []
    for tag in tags:
        if not isinstance(tag, Tag):
            tag = tag_for(tag)  # names compare as readers mean them ("Ёлка" is "елка")
        if tag is not None and all(tag.pk != row.pk for row in rows):
            rows.append(tag)
    return rows


def _redirects(articles: list[ArticlePage], urls: list[str]) -> None:
    from masthead.importers.services import REDIRECT_PATH_MAX, old_path

    wanted: dict[str, ArticlePage] = {}
    for article, url in zip(articles, urls):
        path = old_path(url) if article.live else ""
        if not path or len(path) > REDIRECT_PATH_MAX or any(ord(c) < 32 for c in path):
            continue
        if path == Redirect.normalise_path(article.public_path):
            continue
        wanted[path] = article
    existing = {r.old_path: r for r in Redirect.objects.filter(site=None, old_path__in=list(wanted))}
    for path, redirect in existing.items():
        redirect.redirect_page, redirect.redirect_link, redirect.is_permanent = wanted[path], "", True
        redirect.save()
    Redirect.objects.bulk_create(
        Redirect(old_path=path, site=None, redirect_page=article, is_permanent=True)
        for path, article in wanted.items()
        if path not in existing
    )
