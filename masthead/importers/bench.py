"""`make bench` for the importer: generate a WXR export, import it, report items/s and peak memory.

100,000 items (2,000 with --quick), written to var/bench/ once and reused. The
import goes through the same parser and `article_import` as the command, one
transaction per item; the bulk path writes pages without a revision entry
(see services.article_import), which is what makes 100k items fit in minutes.
"""

from __future__ import annotations

import gc
import random
import resource
import time
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings

from masthead.importers.services import article_import
from masthead.importers.sources import ParsedArticle, iter_records

FULL_ITEMS = 100_000
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
            out.write(
                f"<item><title>{escape(title)}</title><link>https://old.example/2021/03/{day:02d}/post-{n}/</link>"
                f"<dc:creator>{login}</dc:creator><guid isPermaLink=\"false\">https://old.example/?p={n}</guid>"
                f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[Лид статьи {n}.]]></excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>2021-03-{day:02d} 10:{n % 60:02d}:00</wp:post_date_gmt>"
                f"<wp:post_name>post-{n}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="r">{RUBRICS[n % len(RUBRICS)]}</category>'
                f'<category domain="post_tag" nicename="t">{rng.choice(WORDS)}</category>'
                f"</item>\n"
            )
        out.write("</channel></rss>\n")
    return path


def run(report, options) -> None:
    from masthead.testing import build_site

    quick = options.get("quick")
    items = QUICK_ITEMS if quick else FULL_ITEMS
    section = "importer"
    path = Path(settings.VAR_DIR) / "bench" / f"wxr-{items}.xml"
    if not path.exists():
        started = time.perf_counter()
        generate_wxr(path, items)
        report.note(f"importer: generated {path.name} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s")
    build_site()
    _clear_previous_run()

    # Parsing alone: the streaming parser's speed and its memory (tracemalloc sees Python objects).
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    parsed = sum(1 for record in iter_records([path], "wxr") if isinstance(record, ParsedArticle))
    parse_seconds = time.perf_counter() - started
    _, parse_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report.add(section, "WXR parse only", parsed / parse_seconds, "items/s", f"{parsed:,} items, streaming")
    report.add(section, "WXR parse peak Python memory", parse_peak / 1e6, "MB", "tracemalloc")

    started = time.perf_counter()
    counts: dict[str, int] = {}
    for record in iter_records([path], "wxr"):
        if isinstance(record, ParsedArticle):
            status = article_import(record=record, with_revision=False).status
            counts[status] = counts.get(status, 0) + 1
    seconds = time.perf_counter() - started
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.add(section, f"import {items:,} WXR items", items / seconds, "items/s", f"{seconds:.0f} s in all; {counts}")
    report.add(section, "import peak RSS", peak_rss_mb, "MB", "whole process, ru_maxrss")

    sample = min(200, items)
    started = time.perf_counter()
    unchanged = 0
    for index, record in enumerate(iter_records([path], "wxr")):
        if index >= sample:
            break
        if isinstance(record, ParsedArticle):
            unchanged += article_import(record=record).status == "unchanged"
    report.add(section, "re-import (unchanged)", sample / (time.perf_counter() - started), "items/s", f"first {sample} items, {unchanged} unchanged")


def _clear_previous_run() -> None:
    """Each bench run starts from no imported articles, so "created" is measured every time."""
    from wagtail.contrib.redirects.models import Redirect

    from masthead.articles.models import ArticlePage
    from masthead.importers.models import ImportRecord

    ids = list(ImportRecord.objects.exclude(article=None).values_list("article_id", flat=True))
    Redirect.objects.filter(redirect_page_id__in=ids).delete()
    ImportRecord.objects.all().delete()
    for article in ArticlePage.objects.filter(pk__in=ids).iterator():
        article.delete()
