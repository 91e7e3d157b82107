"""`manage.py import_articles PATH [PATH ...] [--format auto|wxr|html|text] [--dry-run]`.

stdout carries one JSON object per article and nothing else (so it can be piped
into jq or a log); the progress bar (only when stderr is a terminal) and the
closing summary go to stderr. Exit status: 0 when anything was imported or
found unchanged; 1 when nothing could be or a path does not exist; 2 for bad options (argparse).
"""

import json
import sys
import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.importers.services import Outcome, article_import, articles_import
from masthead.importers.sources import FORMATS, ParsedArticle, RecordError, Skipped, iter_records


class Command(BaseCommand):
    help = "Import articles from WordPress exports (WXR), saved HTML pages and plain-text page captures."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files, directories (walked) or .gz files.")
        parser.add_argument("--format", choices=FORMATS, default="auto", help="Default: tell by content.")
        parser.add_argument("--dry-run", action="store_true", help="Parse and validate everything; write nothing.")
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="For large archives: no revision entries, search indexing per batch of 200, "
            "reference index left to `rebuild_references_index`.",
        )

    def handle(self, *args, paths, format, dry_run, bulk, **options):
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise CommandError(f"no such file or directory: {', '.join(missing)}")
        counts = Counter()
        started = time.monotonic()
        progress = self._progress()
        for outcome in self._outcomes(paths, format, dry_run, bulk, counts):
            counts[outcome.status] += 1
            self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
            if progress is not None:
                progress.update(1)
        if progress is not None:
            progress.close()
        seconds = time.monotonic() - started
        summary = ", ".join(f"{counts[k]} {k}" for k in ("created", "updated", "unchanged", "error", "skipped"))
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stderr.write(f"{prefix}{summary} in {seconds:.1f} s")
        if not (counts["created"] + counts["updated"] + counts["unchanged"]):
            raise CommandError("nothing could be imported", returncode=1)

    def _outcomes(self, paths, format, dry_run, bulk, counts):
        """Parse errors are reported in line with the articles, in file order."""
        pending: list[Outcome] = []

        def articles():
            for record in iter_records(paths, format):
                if isinstance(record, Skipped):
                    counts["skipped"] += 1
                elif isinstance(record, RecordError):
                    pending.append(
                        Outcome("error", record.source, title=record.title, error=f"{record.where}: {record.message}")
                    )
                    if not bulk:
                        yield None  # let the error line out before the next article
                else:
                    yield record

        stream = articles()
        if bulk:
            for outcome in articles_import(records=(r for r in stream if r is not None), dry_run=dry_run, bulk=True):
                yield from _drain(pending)
                yield outcome
        else:
            for record in stream:
                yield from _drain(pending)
                if record is not None:
                    yield article_import(record=record, dry_run=dry_run)
        yield from _drain(pending)

    def _progress(self):
        if not sys.stderr.isatty():
            return None
        from tqdm import tqdm

        return tqdm(unit=" articles", file=sys.stderr)


def _drain(pending: list) -> list:
    items = list(pending)
    pending.clear()
    return items
