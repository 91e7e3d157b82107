"""The one write path of the importer: a parsed record in, an article out.

`article_import` validates a record first, then creates or updates its article
inside ONE transaction (page, authors, rubrics, tags, revision, redirect,
comments and view count handed over, import record), so a failure leaves
nothing half-made. The ImportRecord row is inserted before the page, so a
second process importing the same item waits on its unique key and then finds
the first one's work.

The same record gives the same article on both paths (item by item, and
`--bulk`): `_prepare` decides everything the model would check (a lead, a
title, a date) before either path writes, so neither creates a page the
model would refuse. An article an editor has changed since its import is left
alone ("kept") unless the import is told to overwrite.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import html
import json
import itertools
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.rich_text import RichText

from masthead.articles.tags import TagIndex
from masthead.articles.models import ArticleAuthor, ArticleIndexPage, ArticlePage, ArticleRubric, Author, Rubric
from masthead.core import imports, times
from masthead.core.blocks import BodyBlock
from masthead.importers.body import block_text, clean_text
from masthead.importers.models import ImportedComment, ImportRecord
from masthead.importers.sources.common import normalise_name, source_key
from masthead.importers.sources.records import ParsedArticle, ParsedAuthor
from masthead.lib.text import transliterated_slug

TITLE_MAX = 255
LEAD_MAX = 1000
SLUG_MAX = 80
REDIRECT_PATH_MAX = 255
UNTITLED_WORDS = 8
STATUSES = {"published", "draft", "scheduled"}


class ImportRefused(Exception):
    """The record cannot become an article; the message says why (in the active language)."""


@dataclass
class ImportOptions:
    """How the command was asked to import.

    `rubric_map` maps a normalised source category name to (rubric name, kind),
    or to (None, "") to drop it; categories not in it become rubrics of kind
    "topic", which the menu does not show until an editor makes one a section.
    """

    overwrite: bool = False
    media_root: Path | None = None
    rubric_map: dict[str, tuple[str | None, str]] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """What in the options changes the article (so a re-import with a new map is an update)."""
        return json.dumps([str(self.media_root or ""), sorted(self.rubric_map.items())], ensure_ascii=False)


DEFAULT_OPTIONS = ImportOptions()


def load_rubric_map(path: str | Path) -> dict[str, tuple[str | None, str]]:
    """A CSV file, one category a line: `category,rubric[,kind]`.

    An empty rubric keeps the category's name, "-" drops the category; kind is
    one of Rubric.Kind (default "section": mapping a category is choosing it
    for the menu). Lines starting with # are comments. Raises ValueError with
    the line number on a bad line.
    """
    kinds = set(Rubric.Kind.values)
    mapping: dict[str, tuple[str | None, str]] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), 1):
            if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
                continue
            category = row[0].strip()
            target = row[1].strip() if len(row) > 1 else ""
            kind = (row[2].strip().lower() if len(row) > 2 else "") or Rubric.Kind.SECTION
            if kind not in kinds:
                raise ValueError(_("line %(line)s: unknown rubric kind %(kind)r (one of: %(kinds)s)") % {
                    "line": number, "kind": kind, "kinds": ", ".join(sorted(kinds))})
            mapping[normalise_name(category)] = (None, "") if target == "-" else (target or category, kind)
    return mapping


@dataclass
class Outcome:
    status: str  # "created" | "updated" | "unchanged" | "kept" | "error"
    source: str
    url: str = ""
    title: str = ""
    error: str = ""
    article_id: int | None = None
    flags: list[str] = field(default_factory=list)
    note: str = ""

    def as_json(self) -> dict:
        data = {"status": self.status, "source": self.source, "url": self.url, "title": self.title, "error": self.error}
        data["flags"] = self.flags
        if self.note:
            data["note"] = self.note
        return data


def article_import(*, record: ParsedArticle, dry_run: bool = False, options: ImportOptions | None = None) -> Outcome:
    """Create or update the article for `record`, in one transaction; nothing is written when `dry_run`.

    Inside `bulk_import_mode()` the page is written live without a revision
    entry (editors see the same content; its history starts at their first edit).
    """
    options = options or DEFAULT_OPTIONS
    record = _bounded_key(record)
    try:
        prepared = _prepare(record, options)
    except ImportRefused as error:
        return Outcome("error", record.source, title=record.title[:200], error=str(error))
    digest = record_hash(record, options)
    for attempt in range(2):
        try:
            with transaction.atomic():
                outcome = _upsert(record, prepared, digest, options, dry_run)
                if dry_run:
                    transaction.set_rollback(True)
            return outcome
        except IntegrityError as error:
            # Another process inserted the same source key first: its work is now
            # visible, so the second attempt updates (or finds it unchanged).
            if attempt:
                return Outcome("error", record.source, title=prepared["title"], error=_("the database refused the article: %s") % error)
        except ImportRefused as error:
            return Outcome("error", record.source, title=prepared["title"], error=str(error))
        except (ValidationError, DatabaseError, ValueError) as error:
            return Outcome("error", record.source, title=prepared["title"], error=_("the article is not valid: %s") % _message(error))
    raise AssertionError("unreachable")


def articles_import(
    *,
    records: Iterable[ParsedArticle],
    dry_run: bool = False,
    bulk: bool = False,
    batch_size: int = 1000,
    options: ImportOptions | None = None,
) -> Iterator[Outcome]:
    """`article_import` over many records. With `bulk`, indexing is deferred (see
    bulk_import_mode) and `batch_size` items share one commit, each still in its
    own savepoint, so a bad item is rolled back alone."""
    options = options or DEFAULT_OPTIONS
    if not bulk:
        for record in records:
            yield article_import(record=record, dry_run=dry_run, options=options)
        return
    with bulk_import_mode():
        iterator = iter(records)
        while True:
            batch = list(itertools.islice(iterator, batch_size))
            if not batch:
                break
            with transaction.atomic():
                if dry_run:
                    outcomes = [article_import(record=r, dry_run=True, options=options) for r in batch]
                else:
                    outcomes = _import_batch(batch, options)
            if not dry_run:
                _index_articles([o.article_id for o in outcomes if o.status in {"created", "updated"}])
            yield from outcomes


def _import_batch(batch: list[ParsedArticle], options: ImportOptions) -> list[Outcome]:
    """New source keys through bulk.create_articles in one go, the rest (updates,
    duplicates within the batch, scheduled and invalid records) item by item."""
    from masthead.importers import bulk

    batch = [_bounded_key(record) for record in batch]
    known = set(ImportRecord.objects.filter(source_key__in=[r.source_key for r in batch]).values_list("source_key", flat=True))
    fresh, seen = {}, set()
    for index, record in enumerate(batch):
        if record.source_key in known or record.source_key in seen:
            continue
        seen.add(record.source_key)
        try:
            prepared = _prepare(record, options)
        except ImportRefused:
            continue  # reported by the item-by-item pass below
        if prepared["status"] == "scheduled" or any(kind == "image_file" for kind, _value in prepared["blocks"]):
            continue  # a scheduling revision, an image file: the item path does those
        fresh[index] = (record, prepared, record_hash(record, options))
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
                flags = fresh[index][1]["flags"]
                outcomes[index] = Outcome("created", batch[index].source, url, article.title, article_id=article.pk, flags=flags)
    return [outcomes.get(index) or article_import(record=record, options=options) for index, record in enumerate(batch)]


def _index_articles(ids: list[int]) -> None:
    """Add a batch of articles to the search indexes in a few statements (what bulk mode
    deferred): Wagtail's through `wagtail_index`, and any app's own through
    `articles_bulk_saved`, which carries the pages read here so no app reads them again."""
    from masthead.articles.signals import articles_bulk_saved
    from masthead.importers import wagtail_index

    if not ids:
        return
    pages = list(ArticlePage.objects.filter(pk__in=ids))
    wagtail_index.add_articles(pages)
    articles_bulk_saved.send(sender=ArticlePage, ids=ids, articles=pages)


@dataclass
class _BulkSession:
    authors: dict[str, Author] = field(default_factory=dict)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    tags: TagIndex | None = None  # read on the first tag named


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
    prefix, _sep, value = record.source_key.partition(":")
    return dataclasses.replace(record, source_key=source_key(prefix[:20] or "key", value or record.source_key))


def record_hash(record: ParsedArticle, options: ImportOptions | None = None) -> str:
    """What makes a re-import "unchanged": every field but where the file lies, and the options."""
    # A flat walk over the fields: dataclasses.asdict deep-copies everything and
    # was a tenth of the bulk import's time.
    data = [
        [_plain(getattr(record, f.name)) for f in dataclasses.fields(record) if f.name != "source"],
        (options or DEFAULT_OPTIONS).fingerprint(),
    ]
    return hashlib.sha256(json.dumps(data, default=str, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _plain(value):
    if dataclasses.is_dataclass(value):
        return [_plain(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return str(error)


def _prepare(record: ParsedArticle, options: ImportOptions = DEFAULT_OPTIONS) -> dict:
    """Checks and normalises everything that needs no database; raises ImportRefused.

    Returns what both write paths use: the fields, the body blocks (images
    resolved against the media folder), the rubrics as (name, kind), the flags.
    """
    flags: list[str] = []
    if record.password_protected:
        flags.append("password-protected")
    body = list(record.body)
    lead = clean_text(record.lead)
    if not lead:
        lead, body = lead_from_body(body)
    title = clean_text(record.title)
    if not title:
        title = title_from_text(lead)
        flags.append("untitled")
    if not lead or not title:
        raise ImportRefused(_("the article has no text"))
    title = _shorten(title, TITLE_MAX) if len(title) > TITLE_MAX else title
    lead = _shorten(lead, LEAD_MAX) if len(lead) > LEAD_MAX else lead
    status, published_at = _status_and_time(record, flags)
    story_day = times.to_site_time(published_at).date() if record.story_of_the_day else None
    language = record.language if record.language in {"ru", "en"} else settings.LANGUAGE_CODE
    return {
        "title": title,
        "lead": lead,
        "blocks": [_resolved(kind, value, options) for kind, value in body],
        "published_at": published_at,
        "status": status,
        "story_of_the_day": story_day,
        "language": language,
        "dateline": clean_text(record.dateline)[:100],
        "slug_hint": record.slug or title,
        "rubrics": map_rubrics(record.rubrics, options.rubric_map),
        "flags": flags,
    }


def _status_and_time(record: ParsedArticle, flags: list[str]) -> tuple[str, dt.datetime]:
    """"published", "scheduled" or "draft", and the publication time (the import time when
    the source has none, as WordPress does). A published time still ahead is scheduled."""
    if record.status not in STATUSES:
        raise ImportRefused(_("unknown status %r") % record.status)
    published_at = record.published_at
    if published_at is not None and published_at.tzinfo is None:
        raise ImportRefused(_("the publication time has no timezone"))
    if published_at is None:
        published_at = timezone.now().replace(microsecond=0)
        flags.append("undated")
    published_at = published_at.astimezone(dt.UTC)
    status = record.status
    if status != "draft":
        status = "scheduled" if published_at > timezone.now() else "published"
    if status == "scheduled":
        flags.append("scheduled")
    return status, published_at


def lead_from_body(body: list[tuple[str, object]]) -> tuple[str, list[tuple[str, object]]]:
    """The lead when the source gives none: the first text of the body.

    An opening paragraph moves up into the lead (so it is not printed twice); a
    heading or a quote that opens the article gives its text and stays where it is.
    """
    for index, (kind, value) in enumerate(body):
        if kind not in {"paragraph", "subheading", "quote"}:
            continue
        text = block_text(kind, value)
        if not text:
            continue
        if kind == "paragraph":
            return text, body[:index] + body[index + 1 :]
        return text, body
    return "", body


def title_from_text(text: str) -> str:
    """A headline for an untitled post: its first words."""
    words = clean_text(text).split()
    if not words:
        return ""
    title = " ".join(words[:UNTITLED_WORDS]).rstrip(" ,;:.")
    return title + ("…" if len(words) > UNTITLED_WORDS else "")


def map_rubrics(names: list[str], rubric_map: dict[str, tuple[str | None, str]]) -> list[tuple[str, str]]:
    """Source categories as (rubric name, kind): mapped ones as the map says, the rest topics."""
    result, seen = [], set()
    for name in names:
        target, kind = rubric_map.get(normalise_name(name), (name, Rubric.Kind.TOPIC))
        if target is None or normalise_name(target) in seen:
            continue
        seen.add(normalise_name(target))
        result.append((target, kind))
    return result


def _shorten(text: str, limit: int) -> str:
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _resolved(kind: str, value, options: ImportOptions) -> tuple[str, object]:
    """An image block becomes ("image_file", ...) when its file is in the media folder, else a
    link-out paragraph with its alt text; every other block passes through."""
    if kind != "image":
        return kind, value
    path = media_file(value.get("src", ""), options.media_root)
    if path is not None:
        return "image_file", {**value, "path": str(path)}
    return "paragraph", _image_link(value)


def media_file(url: str, media_root: Path | None) -> Path | None:
    """The local copy of an uploaded file: the URL's path under `media_root`, tried from the
    longest suffix down ("wp-content/uploads/2022/03/a.jpg", "2022/03/a.jpg", "a.jpg");
    never outside the folder."""
    if media_root is None or not url:
        return None
    root = Path(media_root).resolve()
    parts = [p for p in unquote(urlsplit(url).path).split("/") if p and p not in {".", ".."}]
    for start in range(len(parts)):
        candidate = root.joinpath(*parts[start:]).resolve()
        if candidate.is_file() and root in candidate.parents:
            return candidate
    return None


def _image_link(value: dict) -> str:
    src = value.get("src", "")
    label = clean_text(value.get("alt", "")) or clean_text(value.get("caption", "")) or src.rsplit("/", 1)[-1] or "image"
    link = f'<a href="{html.escape(src)}">{html.escape(label, quote=False)}</a>'
    caption = clean_text(value.get("caption", ""))
    if caption and caption != label:
        link += f" {html.escape(caption, quote=False)}"
    return f"<p>{link}</p>"


def _stream(blocks: list[tuple[str, object]], dry_run: bool = False) -> list:
    """The prepared blocks as StreamField values; image files become Wagtail images (once each)."""
    return [_block(kind, value, dry_run) for kind, value in blocks]


def _block(kind: str, value, dry_run: bool = False):
    if kind == "paragraph":
        return ("paragraph", RichText(value))
    if kind == "quote":
        return ("quote", BodyBlock.base_blocks["quote"].to_python({"text": value, "attribution": "", "language": ""}))
    if kind == "subheading":
        return ("subheading", value[:200])
    if kind == "embed":
        return ("embed", BodyBlock.base_blocks["embed"].to_python(value))
    if kind == "image_file":
        image = None if dry_run else _image(Path(value["path"]), value.get("alt", ""))
        if image is None:
            return ("paragraph", RichText(_image_link(value)))
        return ("image", BodyBlock.base_blocks["image"].to_python(
            {"image": image.pk, "caption": clean_text(value.get("caption", ""))[:300], "credit": ""}))
    raise ImportRefused(_("unknown body block %r") % kind)


def _image(path: Path, alt: str):
    """The Wagtail image for a local file: the one already stored with the same content, or a new
    one; None when the file is not an image Wagtail can read."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    Image = get_image_model()
    data = path.read_bytes()
    existing = Image.objects.filter(file_hash=hashlib.sha1(data).hexdigest()).first()
    if existing is not None:
        return existing
    try:
        import willow

        willow.Image.open(path.open("rb")).get_size()
    except Exception:  # noqa: BLE001 - any decoder failure means "not an image we can show"
        return None
    with path.open("rb") as handle:
        image = Image(title=(clean_text(alt) or path.name)[:255], file=ImageFile(handle, name=path.name))
        image._set_image_file_metadata()
        image.save()
    return image


def _find_entry(key: str) -> ImportRecord | None:
    return ImportRecord.objects.select_for_update().filter(source_key=key).first()


def _upsert(record: ParsedArticle, prepared: dict, digest: str, options: ImportOptions, dry_run: bool = False) -> Outcome:
    entry = _find_entry(record.source_key)
    if entry is None:
        entry = ImportRecord.objects.create(source_key=record.source_key, content_hash="")
    article = ArticlePage.objects.filter(pk=entry.article_id).first() if entry.article_id else None
    flags = prepared["flags"]
    if article is not None and entry.content_hash == digest:
        return Outcome("unchanged", record.source, public_url(article), article.title, article_id=article.pk, flags=flags)
    if article is not None and not options.overwrite and edited_since_import(article, entry):
        return Outcome("kept", record.source, public_url(article), article.title, article_id=article.pk, flags=flags,
                       note=_("edited since import"))
    if article is not None and record.published_at is None:
        prepared = {**prepared, "published_at": article.published_at or prepared["published_at"]}
    prepared = {**prepared, "body": _stream(prepared["blocks"], dry_run)}
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
    entry.flags = flags
    entry.revision_id = ArticlePage.objects.filter(pk=article.pk).values_list("latest_revision_id", flat=True).first()
    entry.save()
    if prepared["status"] == "published":
        keep_old_url(record.old_url, article)
    _hand_over([(article.pk, record, prepared["language"])])
    return Outcome(status, record.source, public_url(article), article.title, article_id=article.pk, flags=flags)


def edited_since_import(article: ArticlePage, entry: ImportRecord) -> bool:
    """An editor saved a revision after the import wrote its own (or the bulk path wrote none)."""
    latest = ArticlePage.objects.filter(pk=article.pk).values_list("latest_revision_id", flat=True).first()
    return latest is not None and latest != entry.revision_id


def public_url(article: ArticlePage) -> str:
    """The article's address on this site, whether or not it is live yet."""
    parts = article.get_url_parts()
    path = parts[2] if parts else article.url_path
    return settings.SITE_URL + path


def _news_index() -> ArticleIndexPage:
    index = ArticleIndexPage.objects.first()
    if index is None:
        raise ImportRefused(_("the site has no article index page; run `manage.py load_demo` or create one"))
    return index


def _fill(article: ArticlePage, record: ParsedArticle, prepared: dict) -> None:
    _fill_fields(article, prepared)
    article.article_authors = [ArticleAuthor(author=a, sort_order=i) for i, a in enumerate(_authors(record.authors))]
    article.article_rubrics = [ArticleRubric(rubric=r, sort_order=i) for i, r in enumerate(_rubrics(prepared["rubrics"]))]


def _fill_fields(article: ArticlePage, prepared: dict) -> None:
    article.title = prepared["title"]
    article.lead = prepared["lead"]
    article.body = prepared["body"]
    article.language = prepared["language"]
    article.dateline = prepared["dateline"]
    article.published_at = prepared["published_at"]
    article.story_of_the_day = prepared["story_of_the_day"]
    article.go_live_at = prepared["published_at"] if prepared["status"] == "scheduled" else None


def _create_article(record: ParsedArticle, prepared: dict) -> ArticlePage:
    news = _news_index()
    status = prepared["status"]
    # Saved as a draft first: Wagtail then validates only title and slug (the rest
    # was checked by _prepare), and going live is a revision published below.
    article = ArticlePage(slug=unique_slug(news, prepared["slug_hint"]), live=False)
    _fill(article, record, prepared)
    article.tags.set(_tags(record.tags))  # modelcluster writes the tags with the page
    if status == "published":
        article.first_published_at = prepared["published_at"]
    news.add_child(instance=article)
    if _session() is not None and status != "scheduled":
        if status == "published":
            # The bulk path publishes without a revision: the same row a publish writes.
            ArticlePage.objects.filter(pk=article.pk).update(
                live=True, has_unpublished_changes=False, last_published_at=prepared["published_at"]
            )
            article.live, article.has_unpublished_changes = True, False
            article.sync_listed_at()  # the update above skips ArticlePage.save, which keeps the listings' copy
        return article
    _publish(article, status, prepared["published_at"])
    return article


def _publish(article: ArticlePage, status: str, published_at: dt.datetime) -> None:
    """A revision for the page; published now, or approved to go live at `published_at`
    (Wagtail's "scheduled" state, which `publish_scheduled` completes)."""
    revision = article.save_revision(log_action=False, approved_go_live_at=published_at if status == "scheduled" else None)
    if status == "draft":
        return
    revision.publish(log_action=False, skip_permission_checks=True)
    if status == "published":
        # An imported article was published at its own time, not at the moment of import.
        ArticlePage.objects.filter(pk=article.pk).update(last_published_at=published_at)


def _update_article(article: ArticlePage, record: ParsedArticle, prepared: dict) -> None:
    _fill(article, record, prepared)
    article.tags.set(_tags(record.tags))
    status = prepared["status"]
    if status == "published" and not article.first_published_at:
        article.first_published_at = prepared["published_at"]
    if _session() is not None and status != "scheduled":
        article.live = status == "published"
        article.has_unpublished_changes = not article.live
        article.save(clean=False)
        return
    if status != "published" and article.live:
        article.unpublish(log_action=False)
    article.save(clean=False)
    _publish(article, status, prepared["published_at"])


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
    """Authors by display name; a new one gets a slug made from that name (a WordPress
    login is an account name, not a byline, and says nothing readers should see)."""
    session = _session()
    cache = session.authors if session else None
    authors = []
    for item in parsed:
        name = clean_text(item.name)[:200]
        if not name:
            continue
        author = cache.get(name.casefold()) if cache is not None else None
        if author is None:
            slug = transliterated_slug(name, max_length=100)
            author = (
                Author.objects.filter(Q(name__iexact=name) | Q(name_en__iexact=name)).first()
                or Author.objects.filter(slug=slug).first()
            )
            if author is None:
                author = Author.objects.create(name=name, slug=_free_slug(Author, slug))
            _remember(cache, name.casefold(), author)
        if author not in authors:
            authors.append(author)
    return authors


def _rubrics(named: list[tuple[str, str]]) -> list[Rubric]:
    """Rubrics by name (an existing one keeps its kind); new ones get the kind the map gave."""
    session = _session()
    cache = session.rubrics if session else None
    rubrics = []
    for raw, kind in named:
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
                rubric = Rubric.objects.create(name=name, slug=_free_slug(Rubric, slug), kind=kind or Rubric.Kind.TOPIC)
            _remember(cache, name.casefold(), rubric)
        if rubric not in rubrics:
            rubrics.append(rubric)
    return rubrics


def _tags(names: list[str]) -> list[Tag | str]:
    """Tag names, as Tag rows of the import's tag index in a bulk import (one normalised lookup each)."""
    session = _session()
    if session is None:
        return [name[:100] for name in names]
    if session.tags is None:
        session.tags = TagIndex()
    return [tag for tag in (session.tags.tag_for(name[:100]) for name in names) if tag is not None]


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


def keep_old_url(url: str, article: ArticlePage) -> None:
    """A permanent redirect from the old address, once the article is public (a scheduled
    one gets it when it goes live: see signal_handlers)."""
    path = old_path(url)
    if not path or len(path) > REDIRECT_PATH_MAX or re.search(r"[\x00-\x1f]", path):
        return
    if path == Redirect.normalise_path(public_url(article)[len(settings.SITE_URL):]):
        return  # the article lives at its old address already
    Redirect.objects.update_or_create(
        old_path=path, site=None, defaults={"redirect_page": article, "redirect_link": "", "is_permanent": True}
    )


def _hand_over(items: list[tuple[int, ParsedArticle, str]]) -> None:
    """Comments and the view count go to the apps that own them (core.imports); the comments
    are kept in ImportedComment with the id they became, so a re-import adds only new ones."""
    from masthead.importers.bulk import write_rows

    ledger: dict[tuple[int, str], ImportedComment] = {}
    article_ids = [article_id for article_id, record, _language in items if record.comments]
    for row in ImportedComment.objects.filter(article_id__in=article_ids):
        ledger[(row.article_id, row.source_id)] = row
    payload, new_rows = [], []
    for article_id, record, language in items:
        comments = []
        for comment in {c.source_id[:50]: c for c in record.comments if c.source_id}.values():
            key = comment.source_id[:50]
            row = ledger.get((article_id, key))
            if row is None:
                row = ImportedComment(
                    article_id=article_id, source_id=key, parent_source_id=comment.parent_source_id[:50],
                    author_name=comment.author_name, author_email=comment.author_email, author_url=comment.author_url,
                    created_at=comment.created_at, text=comment.text, approved=comment.approved,
                )
                new_rows.append(row)
            comments.append(imports.ImportedComment(
                key=key, text=comment.text, author_name=comment.author_name, author_email=comment.author_email,
                created_at=comment.created_at, parent_key=comment.parent_source_id[:50], approved=comment.approved,
                comment_id=row.comment_id,
            ))
        payload.append(imports.ImportedArticle(article_id=article_id, language=language, views=record.views, comments=comments))
    ids = imports.comment_ids(imports.articles_imported.send(sender=ImportRecord, items=payload))
    changed = []
    for row in new_rows:
        row.comment_id = ids.get(f"{row.article_id}:{row.source_id}")
        row.transferred = row.comment_id is not None
    for row in ledger.values():
        found = ids.get(f"{row.article_id}:{row.source_id}")
        if found is not None and found != row.comment_id:
            row.comment_id, row.transferred = found, True
            changed.append(row)
    write_rows(ImportedComment, new_rows)  # COPY on PostgreSQL: nothing is read back
    if changed:
        ImportedComment.objects.bulk_update(changed, ["comment_id", "transferred"], batch_size=500)
