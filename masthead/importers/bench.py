"""`make bench` for the importer: generate a WXR export, import it, report items/s and peak memory.

100,000 items (2,000 with --quick), written to var/bench/ once and reused; a
comment-heavy export: three comments a post on average (0 to 6, a third of
them replies, some pending, some pingbacks), so the comments app's import is
measured with the articles. The import goes through the same parser and
`articles_import` as the command; the bulk path writes pages without a revision
entry (see services.article_import), which is what makes 100k items fit in minutes.
"""

from __future__ import annotations

import gc
import itertools
import os
import random
import resource
import time
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from masthead.importers.services import articles_import
from masthead.importers.sources import ParsedArticle, iter_records

FULL_ITEMS = 100_000
PARSE_SAMPLE = 5_000
REIMPORT_SAMPLE = 2_000
PER_ITEM_SAMPLE = 300
QUICK_ITEMS = 2_000
WORDS = (
    "парламент бюджет выборы министр регион экономика рубль закон правительство губернатор "
    "parliament budget election minister region economy law government governor court"
).split()
RUBRICS = ["Политика", "Экономика", "Общество", "Регионы", "Мир"]
AUTHORS = [("ivanova", "Анна Иванова"), ("petrov", "Пётр Петров"), ("jsmith", "John Smith")]


def generate_wxr(path: Path, items: int, seed: int = 6) -> Path:
    """A WordPress-like export with `items` posts (about 2 KB each), written as a stream."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel><title>Bench</title><link>https://old.example</link><language>ru-RU</language>\n"
        )
        for login, name in AUTHORS:
            out.write(
                f"<wp:author><wp:author_login>{login}</wp:author_login>"
                f"<wp:author_display_name>{escape(name)}</wp:author_display_name></wp:author>\n"
            )
        for n in range(1, items + 1):
            title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" {n}"
            paragraphs = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(40)) + "." for _ in range(5))
            day = 1 + n % 28
            login = AUTHORS[n % len(AUTHORS)][0]
            comments = _comments(n, rng)
            out.write(
                f"<item><title>{escape(title)}</title><link>https://old.example/2021/03/{day:02d}/post-{n}/</link>"
                f"<dc:creator>{login}</dc:creator><guid isPermaLink=\"false\">https://old.example/?p={n}</guid>"
                f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[Лид статьи {n}.]]></excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>2021-03-{day:02d} 10:{n % 60:02d}:00</wp:post_date_gmt>"
                f"<wp:post_name>post-{n}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="r">{RUBRICS[n % len(RUBRICS)]}</category>'
                f'<category domain="post_tag" nicename="t">{rng.choice(WORDS)}</category>'
                f"{comments}</item>\n"
            )
        out.write("</channel></rss>\n")
    return path


def _comments(n: int, rng: random.Random) -> str:
    """0-6 comments for post n: every third one a reply to the one before, every seventh pending,
    one post in five with a pingback (which the import skips)."""
    parts = []
    for k in range(n % 7):
        cid = n * 10 + k
        parent = cid - 1 if k % 3 == 2 else 0
        approved = "0" if cid % 7 == 0 else "1"
        kind = "pingback" if k == 0 and n % 5 == 0 else "comment"
        text = " ".join(rng.choice(WORDS) for _ in range(25))
        parts.append(
            f"<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author>Читатель {k}</wp:comment_author>"
            f"<wp:comment_author_email>reader{k}@example.com</wp:comment_author_email>"
            f"<wp:comment_date_gmt>2021-04-01 1{k}:00:00</wp:comment_date_gmt>"
            f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
            f"<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
        )
    return "".join(parts)


def run(report, options) -> None:
    from masthead.pages.setup import build_site

    quick = options.get("quick")
    # BENCH_IMPORTER_ITEMS sizes a run in between (a shared or slow machine); the target is FULL_ITEMS.
    items = int(os.environ.get("BENCH_IMPORTER_ITEMS") or (QUICK_ITEMS if quick else FULL_ITEMS))
    section = "importer"
    path = Path(settings.VAR_DIR) / "bench" / f"wxr-comments-{items}.xml"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")  # an interrupted run leaves no half file to be reused
        generate_wxr(partial, items)
        partial.rename(path)
        report.note(f"importer: generated {path.name} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s")
    build_site()
    discard_imported()

    # Parsing alone, traced: the streaming parser's speed and that its memory stays flat.
    sample = min(items, PARSE_SAMPLE)
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    parsed = 0
    for record in iter_records([path], "wxr"):
        parsed += isinstance(record, ParsedArticle)
        if parsed >= sample:
            break
    parse_seconds = time.perf_counter() - started
    _, parse_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report.add(section, "WXR parse only (under tracemalloc)", parsed / parse_seconds, "items/s", f"first {parsed:,} items; {_load()}")
    report.add(section, "WXR parse peak Python memory", parse_peak / 1e6, "MB", "tracemalloc; flat with file size")

    rss_before = _rss_mb()
    load_before = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), time.process_time()
    counts: dict[str, int] = {}
    records = (r for r in iter_records([path], "wxr") if isinstance(r, ParsedArticle))
    for outcome in articles_import(records=records, bulk=True):
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    report.add(section, f"import {items:,} WXR items (--bulk)", items / seconds, "items/s", f"{seconds:.0f} s wall, search indexing included; {counts}")
    report.add(
        section, "import, per CPU second of this process", items / cpu_seconds, "items/s",
        f"{cpu_seconds:.0f} s CPU; load average {load_before:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (the database server's time is not in it)",
    )
    report.add(section, "import peak RSS", _rss_mb(), "MB", f"whole process, ru_maxrss ({rss_before:.0f} MB before the import); {_load()}")
    report.note(f"importer: {_comment_count():,} comments imported with the {items:,} items")
    report.note(f"importer: {_unlisted():,} imported live articles missing from their rubric/author/tag listings (listed_at empty)")

    again = min(items, REIMPORT_SAMPLE)
    started = time.perf_counter()
    statuses: dict[str, int] = {}
    records = (r for r in iter_records([path], "wxr") if isinstance(r, ParsedArticle))
    for outcome in articles_import(records=itertools.islice(records, again)):
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    report.add(section, "re-import, item by item", again / (time.perf_counter() - started), "items/s", f"first {again:,} items: {statuses}; {_load()}")

    fresh = min(items, PER_ITEM_SAMPLE)
    discard_imported()
    started = time.perf_counter()
    records = (r for r in iter_records([path], "wxr") if isinstance(r, ParsedArticle))
    created = sum(o.status == "created" for o in articles_import(records=itertools.islice(records, fresh)))
    report.add(section, "import item by item (with revisions)", fresh / (time.perf_counter() - started), "items/s", f"first {fresh} items, {created} created; what the command does without --bulk; {_load()}")
    started = time.perf_counter()
    discard_imported()
    report.note(f"importer: the imported articles were removed again in {time.perf_counter() - started:.0f} s")


def _comment_count() -> int:
    from masthead.importers.models import ImportedComment

    return ImportedComment.objects.exclude(comment_id=None).count()


def _load() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def _unlisted() -> int:
    """Live imported articles whose listing rows lack the publication time (they would not show on
    their rubric, author or tag pages): 0 when the bulk path filled listed_at as a save would."""
    from django.db.models import Q

    from masthead.articles.models import ArticleAuthor, ArticleRubric, ArticleTag
    from masthead.importers.models import ImportRecord

    live = ImportRecord.objects.filter(article__live=True).values("article_id")
    return sum(
        model.objects.filter(Q(**{f"{column}__in": live}), listed_at=None).count()
        for model, column in ((ArticleAuthor, "page_id"), (ArticleRubric, "page_id"), (ArticleTag, "content_object_id"))
    )


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def discard_imported() -> None:
    """Remove what a previous bench run imported, so each run measures "created" and the
    other apps' benchmarks never see these articles.

    Wagtail's per-page delete handlers (unpublish, log, search and reference
    index) and the articles app's per-page cache purge (a query over every
    article of the day, per article) would take longer than the import; the rows
    they maintain are removed in bulk instead, and the caches emptied once.
    """
    from django.db.models.signals import post_delete, pre_delete
    from wagtail.search.models import IndexEntry
    from wagtail.models import Page
    from modelsearch.signal_handlers import post_delete_signal_handler as search_delete
    from wagtail.signal_handlers import (
        post_delete_page_log_deletion,
        pre_delete_page_unpublish,
        remove_reference_index_on_delete,
    )

    from masthead.articles.models import ArticlePage
    from masthead.articles.signal_handlers import purge_pages_of
    from masthead.core.freshness import bump_content_version
    from masthead.importers.models import ImportRecord
    from masthead.pagecache.middleware import SITE_KEY
    from masthead.pagecache.purge import purge

    ids = list(ImportRecord.objects.exclude(article=None).values_list("article_id", flat=True))
    ImportRecord.objects.all().delete()
    if not ids:
        return
    handlers = [(pre_delete, pre_delete_page_unpublish, Page), (post_delete, post_delete_page_log_deletion, Page)]
    handlers += [(post_delete, search_delete, ArticlePage), (post_delete, remove_reference_index_on_delete, ArticlePage)]
    handlers += [(post_delete, remove_reference_index_on_delete, Page)]
    handlers = [(s, r, m, None) for s, r, m in handlers if s.disconnect(r, sender=m)]  # only those that were connected
    handlers += [
        (signal, receiver, ArticlePage, uid)
        for signal, receiver, uid in ((pre_delete, purge_pages_of, "pagecache_deleted"), (post_delete, bump_content_version, "masthead_fresh_del_ArticlePage"))
        if signal.disconnect(sender=ArticlePage, dispatch_uid=uid)
    ]
    try:
        content_type = ContentType.objects.get_for_model(ArticlePage)
        for start in range(0, len(ids), 2000):
            chunk = ids[start : start + 2000]
            IndexEntry.objects.filter(content_type=content_type, object_id__in=[str(i) for i in chunk]).delete()
            Page.objects.filter(pk__in=chunk).delete()
    finally:
        for signal, receiver, sender, uid in handlers:
            signal.connect(receiver, sender=sender, dispatch_uid=uid)
    purge(SITE_KEY)
    bump_content_version()
