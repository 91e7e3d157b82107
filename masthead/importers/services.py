"""The one write path of the importer: a parsed record in, an article out.

`article_import` validates a record first, then creates or updates its article
inside ONE transaction (page, authors, rubrics, tags, revision, redirect,
comments kept aside, import record), so a failure leaves nothing half-made.
The ImportRecord row is inserted before the page, so a second process importing
the same item waits on its unique key and then finds the first one's work.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import itertools
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.rich_text import RichText

from masthead.articles.models import ArticleAuthor, ArticleIndexPage, ArticlePage, ArticleRubric, Author, Rubric
from masthead.core import times
from masthead.core.blocks import BodyBlock
from masthead.importers.body import clean_text, html_to_text
from masthead.importers.models import ImportedComment, ImportRecord
from masthead.importers.sources.common import source_key
from masthead.importers.sources.records import ParsedArticle, ParsedAuthor
from masthead.lib.text import transliterated_slug

try:  # the pageviews app (issue 3) owns the counter; until it lands the count waits on ImportRecord
    from masthead.pageviews.services import set_base_views
except ImportError:  # pragma: no cover - depends on which apps are merged
    set_base_views = None

TITLE_MAX = 255
LEAD_MAX = 1000
SLUG_MAX = 80
REDIRECT_PATH_MAX = 255


class ImportRefused(Exception):
    """The record cannot become an article; the message says why."""


@dataclass
class Outcome:
    status: str  # "created" | "updated" | "unchanged" | "error"
    source: str
    url: str = ""
    title: str = ""
    error: str = ""
    article_id: int | None = None

    def as_json(self) -> dict:
        return {"status": self.status, "source": self.source, "url": self.url, "title": self.title, "error": self.error}


def article_import(*, record: ParsedArticle, dry_run: bool = False) -> Outcome:
    """Create or update the article for `record`, in one transaction; nothing is written when `dry_run`.

    Inside `bulk_import_mode()` the page is written live without a revision
    entry (editors see the same content; its history starts at their first edit).
    """
    record = _bounded_key(record)
    try:
        prepared = _prepare(record)
    except ImportRefused as error:
        return Outcome("error", record.source, title=record.title[:200], error=str(error))
    digest = record_hash(record)
    for attempt in range(2):
        try:
            with transaction.atomic():
                outcome = _upsert(record, prepared, digest)
                if dry_run:
                    transaction.set_rollback(True)
            return outcome
        except IntegrityError as error:
            # Another process inserted the same source key first: its work is now
            # visible, so the second attempt updates (or finds it unchanged).
            if attempt:
                return Outcome("error", record.source, title=prepared["title"], error=f"database refused the article: {error}")
        except ImportRefused as error:
            return Outcome("error", record.source, title=prepared["title"], error=str(error))
        except (ValidationError, DatabaseError, ValueError) as error:
            return Outcome("error", record.source, title=prepared["title"], error=f"the article is not valid: {_message(error)}")
    raise AssertionError("unreachable")


def articles_import(
    *, records: Iterable[ParsedArticle], dry_run: bool = False, bulk: bool = False, batch_size: int = 200
) -> Iterator[Outcome]:
    """`article_import` over many records. With `bulk`, indexing is deferred (see
    bulk_import_mode) and `batch_size` items share one commit, each still in its
    own savepoint, so a bad item is rolled back alone."""
    if not bulk:
        for record in records:
            yield article_import(record=record, dry_run=dry_run)
        return
    with bulk_import_mode():
        iterator = iter(records)
        while True:
            batch = list(itertools.islice(iterator, batch_size))
            if not batch:
                break
            with transaction.atomic():
                outcomes = _import_batch(batch) if not dry_run else [article_import(record=r, dry_run=True) for r in batch]
            if not dry_run:
                _index_articles([o.article_id for o in outcomes if o.status in {"created", "updated"}])
            yield from outcomes


def _import_batch(batch: list[ParsedArticle]) -> list[Outcome]:
    """New source keys through bulk.create_articles in one go, the rest (updates,
    duplicates within the batch, invalid records) item by item."""
    from masthead.importers import bulk

    batch = [_bounded_key(record) for record in batch]
    known = set(ImportRecord.objects.filter(source_key__in=[r.source_key for r in batch]).values_list("source_key", flat=True))
    fresh, seen = {}, set()
    for index, record in enumerate(batch):
        if record.source_key in known or record.source_key in seen:
            continue
        seen.add(record.source_key)
        try:
            fresh[index] = (record, _prepare(record), record_hash(record))
        except ImportRefused:
            continue  # reported by the item-by-item pass below
    outcomes: dict[int, Outcome] = {}
    if fresh and bulk.supported():
        try:
            with transaction.atomic():
                articles = bulk.create_articles(list(fresh.values()))
        except (IntegrityError, DatabaseError, ValidationError, ValueError, ImportRefused):
            articles = None  # each item gets its own transaction below, and its own verdict
        if articles is not None:
            for index, article in zip(fresh, articles):
                url = settings.SITE_URL + article.public_path
                outcomes[index] = Outcome("created", batch[index].source, url, article.title, article_id=article.pk)
    return [outcomes.get(index) or article_import(record=record) for index, record in enumerate(batch)]


def _index_articles(ids: list[int]) -> None:
    """Add articles to the search indexes in one batch (what bulk mode deferred): Wagtail's
    here, and any app's own through `articles_bulk_saved` (the site search listens)."""
    from wagtail.search.backends import get_search_backends

    from masthead.articles.signals import articles_bulk_saved

    if not ids:
        return
    pages = list(ArticlePage.objects.filter(pk__in=ids))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(ArticlePage, pages)
    articles_bulk_saved.send(sender=ArticlePage, ids=ids)


@dataclass
class _BulkSession:
    authors: dict[str, Author] = field(default_factory=dict)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)


_bulk = threading.local()


def _session() -> _BulkSession | None:
    return getattr(_bulk, "session", None)


@contextmanager
def bulk_import_mode():
    """Defer per-save work while a large archive is imported (the command's --bulk, the bench).

    Each page save would otherwise run Wagtail's reference-index and search-index
    tasks and a full model validation (most of the time per article, measured);
    the records are validated by `_prepare` instead. Inside this block pages are
    written without revisions and authors, rubrics and tags are looked up once;
    `articles_import` adds each batch to the search index after its commit.
    The reference index (the admin's "usage" counts) is left to Wagtail's
    `manage.py rebuild_references_index`.
    """
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    session = _BulkSession()
    _bulk.session = session
    post_save.disconnect(post_save_signal_handler, sender=ArticlePage)
    try:
        with disable_reference_index_auto_update():
            yield session
    finally:
        post_save.connect(post_save_signal_handler, sender=ArticlePage)
        del _bulk.session


def _bounded_key(record: ParsedArticle) -> ParsedArticle:
    """Parsers hash long keys already; a caller's own record gets the same treatment."""
    if len(record.source_key) <= 255:
        return record
    prefix, _, value = record.source_key.partition(":")
    return dataclasses.replace(record, source_key=source_key(prefix[:20] or "key", value or record.source_key))


def record_hash(record: ParsedArticle) -> str:
    """What makes a re-import "unchanged": every field but where the file lies."""
    # A flat walk over the fields: dataclasses.asdict deep-copies everything and
    # was a tenth of the bulk import's time.
    data = [
        [_plain(getattr(record, f.name)) for f in dataclasses.fields(record) if f.name != "source"]
    ]
    return hashlib.sha256(json.dumps(data, default=str, ensure_ascii=False).encode()).hexdigest()


def _plain(value):
    if dataclasses.is_dataclass(value):
        return [_plain(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return str(error)


def _prepare(record: ParsedArticle) -> dict:
    """Checks and normalises everything that needs no database; raises ImportRefused."""
    title = clean_text(record.title)
    if not title:
        raise ImportRefused("the article has no title")
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    body = list(record.body)
    lead = clean_text(record.lead)
    if not lead and body and body[0][0] == "paragraph":
        # No excerpt: the opening paragraph is the lead, and is not printed twice.
        lead = html_to_text(body.pop(0)[1])
    if not lead and not body:
        raise ImportRefused("the article has no text")
    if len(lead) > LEAD_MAX:
        lead = _shorten(lead, LEAD_MAX)
    if record.status not in {"published", "draft"}:
        raise ImportRefused(f"unknown status {record.status!r}")
    published_at = record.published_at
    if published_at is not None and published_at.tzinfo is None:
        raise ImportRefused("the publication time has no timezone")
    if record.status == "published" and published_at is None:
        raise ImportRefused("a published article needs a publication date")
    if published_at is not None:
        published_at = published_at.astimezone(dt.UTC)
    story_day = times.to_site_time(published_at).date() if record.story_of_the_day and published_at else None
    language = record.language if record.language in {"ru", "en"} else settings.LANGUAGE_CODE
    return {
        "title": title,
        "lead": lead,
        "body": [_block(kind, value) for kind, value in body],
        "published_at": published_at,
        "story_of_the_day": story_day,
        "language": language,
        "dateline": clean_text(record.dateline)[:100],
        "slug_hint": record.slug or title,
    }


def _shorten(text: str, limit: int) -> str:
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _block(kind: str, value: str):
    if kind == "paragraph":
        return ("paragraph", RichText(value))
    if kind == "quote":
        return ("quote", BodyBlock.base_blocks["quote"].to_python({"text": value, "attribution": "", "language": ""}))
    if kind == "subheading":
        return ("subheading", value[:200])
    raise ImportRefused(f"unknown body block {kind!r}")


def _find_entry(key: str) -> ImportRecord | None:
    return ImportRecord.objects.select_for_update().filter(source_key=key).first()


def _upsert(record: ParsedArticle, prepared: dict, digest: str) -> Outcome:
    entry = _find_entry(record.source_key)
    if entry is None:
        entry = ImportRecord.objects.create(source_key=record.source_key, content_hash="")
    article = ArticlePage.objects.filter(pk=entry.article_id).first() if entry.article_id else None
    if article is not None and entry.content_hash == digest:
        return Outcome("unchanged", record.source, public_url(article), article.title, article_id=article.pk)
    status = "updated" if article is not None else "created"
    if article is None:
        article = _create_article(record, prepared)
    else:
        _update_article(article, record, prepared)
    entry.article = article
    entry.content_hash = digest
    entry.source = record.source[:500]
    entry.old_url = record.old_url[:1000]
    entry.views = record.views
    entry.attachments = record.attachments
    entry.save()
    _keep_old_url(record.old_url, article)
    _keep_comments(record, article)
    if record.views is not None and set_base_views is not None:
        # A database write of the pageviews app: inside this transaction, so the count
        # and the article arrive together or not at all.
        set_base_views(article=article, views=record.views)
    return Outcome(status, record.source, public_url(article), article.title, article_id=article.pk)


def public_url(article: ArticlePage) -> str:
    """The article's address on this site, whether or not it is live yet."""
    parts = article.get_url_parts()
    path = parts[2] if parts else article.url_path
    return settings.SITE_URL + path


def _news_index() -> ArticleIndexPage:
    index = ArticleIndexPage.objects.first()
    if index is None:
        raise ImportRefused("the site has no article index page; run `manage.py load_demo` or create one")
    return index


def _fill(article: ArticlePage, record: ParsedArticle, prepared: dict) -> None:
    _fill_fields(article, prepared)
    article.article_authors = [ArticleAuthor(author=a, sort_order=i) for i, a in enumerate(_authors(record.authors))]
    article.article_rubrics = [ArticleRubric(rubric=r, sort_order=i) for i, r in enumerate(_rubrics(record.rubrics))]


def _fill_fields(article: ArticlePage, prepared: dict) -> None:
    article.title = prepared["title"]
    article.lead = prepared["lead"]
    article.body = prepared["body"]
    article.language = prepared["language"]
    article.dateline = prepared["dateline"]
    article.published_at = prepared["published_at"]
    article.story_of_the_day = prepared["story_of_the_day"]


def _create_article(record: ParsedArticle, prepared: dict) -> ArticlePage:
    news = _news_index()
    live = record.status == "published"
    bulk = _session() is not None
    # Saved as a draft first: Wagtail then validates only title and slug (the rest
    # was checked by _prepare), and going live is a revision published below.
    article = ArticlePage(slug=unique_slug(news, prepared["slug_hint"]), live=False)
    _fill(article, record, prepared)
    article.tags.set(_tags(record.tags))  # modelcluster writes the tags with the page
    if live:
        article.first_published_at = prepared["published_at"]
    news.add_child(instance=article)
    if bulk:
        if live:
            # The bulk path publishes without a revision: the same row a publish writes.
            ArticlePage.objects.filter(pk=article.pk).update(
                live=True, has_unpublished_changes=False, last_published_at=prepared["published_at"]
            )
            article.live, article.has_unpublished_changes = True, False
        return article
    revision = article.save_revision(log_action=False)
    if live:
        revision.publish(log_action=False, skip_permission_checks=True)
        # An imported article was published at its own time, not at the moment of import.
        ArticlePage.objects.filter(pk=article.pk).update(last_published_at=prepared["published_at"])
    return article


def _update_article(article: ArticlePage, record: ParsedArticle, prepared: dict) -> None:
    _fill(article, record, prepared)
    article.tags.set(_tags(record.tags))
    live = record.status == "published"
    if live and not article.first_published_at:
        article.first_published_at = prepared["published_at"]
    if _session() is not None:
        article.live = live
        article.has_unpublished_changes = not live
        article.save(clean=False)
        return
    if not live and article.live:
        article.unpublish(log_action=False)
    article.save(clean=False)
    revision = article.save_revision(log_action=False)
    if live:
        revision.publish(log_action=False, skip_permission_checks=True)


def unique_slug(parent, hint: str) -> str:
    """A Latin slug, at most SLUG_MAX characters, not used by any sibling: "-2", "-3"... when taken.

    Hostile hints ("../../admin", 500 characters, only punctuation) come out as
    plain slugs because transliterated_slug keeps letters, digits and hyphens only.
    """
    base = transliterated_slug(hint, max_length=SLUG_MAX)
    # Not parent.get_children(): a stale parent with numchild == 0 reports no children.
    siblings = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, slug__startswith=base)
    taken = set(siblings.values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def _remember(cache: dict | None, key: str, value) -> None:
    """Cache a lookup for the rest of a bulk import, once it is committed."""
    if cache is not None:
        transaction.on_commit(lambda: cache.__setitem__(key, value))


def _authors(parsed: list[ParsedAuthor]) -> list[Author]:
    session = _session()
    cache = session.authors if session else None
    authors = []
    for item in parsed:
        name = clean_text(item.name)[:200]
        if not name:
            continue
        slug = transliterated_slug(item.slug or name, max_length=100)
        author = cache.get(f"{slug}|{name.casefold()}") if cache is not None else None
        if author is None:
            author = (
                Author.objects.filter(slug=slug).first()
                or Author.objects.filter(Q(name__iexact=name) | Q(name_en__iexact=name)).first()
            )
            if author is None:
                author = Author.objects.create(name=name, slug=_free_slug(Author, slug))
            _remember(cache, f"{slug}|{name.casefold()}", author)
        if author not in authors:
            authors.append(author)
    return authors


def _rubrics(names: list[str]) -> list[Rubric]:
    session = _session()
    cache = session.rubrics if session else None
    rubrics = []
    for raw in names:
        name = clean_text(raw)[:100]
        if not name:
            continue
        slug = transliterated_slug(name, max_length=100)
        rubric = cache.get(name.casefold()) if cache is not None else None
        if rubric is None:
            rubric = (
                Rubric.objects.filter(Q(name__iexact=name) | Q(name_en__iexact=name)).first()
                or Rubric.objects.filter(slug=slug).first()
            )
            if rubric is None:
                rubric = Rubric.objects.create(name=name, slug=_free_slug(Rubric, slug), kind=Rubric.Kind.SECTION)
            _remember(cache, name.casefold(), rubric)
        if rubric not in rubrics:
            rubrics.append(rubric)
    return rubrics


def _tags(names: list[str]) -> list[Tag | str]:
    """Tag names, as Tag rows already known to a bulk import (saving a lookup each)."""
    session = _session()
    if session is None:
        return [name[:100] for name in names]
    tags: list[Tag | str] = []
    for name in names:
        name = name[:100]
        tag = session.tags.get(name.casefold())
        if tag is None:
            tag = Tag.objects.filter(name__iexact=name).first() or name
            if isinstance(tag, Tag):
                session.tags[name.casefold()] = tag
        tags.append(tag)
    return tags


def _free_slug(model, base: str) -> str:
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug = base[: 100 - len(suffix)] + suffix
        number += 1
    return slug


def old_path(url: str) -> str:
    """The path (and query) of an old URL, as the redirect middleware looks it up; "" when none."""
    parts = urlsplit((url or "").strip())
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return ""
    path = parts.path or "/"
    if path == "/":
        return ""  # "/?p=123" would have to shadow the home page; not redirected
    if parts.query:
        path = f"{path}?{parts.query}"
    return Redirect.normalise_path(path)


def _keep_old_url(url: str, article: ArticlePage) -> None:
    path = old_path(url)
    if not path or len(path) > REDIRECT_PATH_MAX or re.search(r"[\x00-\x1f]", path):
        return
    if path == Redirect.normalise_path(public_url(article)[len(settings.SITE_URL):]):
        return  # the article lives at its old address already
    Redirect.objects.update_or_create(
        old_path=path, site=None, defaults={"redirect_page": article, "redirect_link": "", "is_permanent": True}
    )


def _keep_comments(record: ParsedArticle, article: ArticlePage) -> None:
    for comment in record.comments:
        if not comment.source_id:
            continue
        ImportedComment.objects.update_or_create(
            article=article,
            source_id=comment.source_id[:50],
            defaults={
                "parent_source_id": comment.parent_source_id[:50],
                "author_name": comment.author_name,
                "author_email": comment.author_email,
                "author_url": comment.author_url,
                "created_at": comment.created_at,
                "text": comment.text,
            },
        )
