"""`manage.py import_articles PATH [PATH ...] [--format auto|wxr|html|text] [--dry-run] [--bulk]
[--overwrite] [--media-root DIR] [--rubric-map FILE] [--language en|ru]`.

stdout carries one JSON object per article and nothing else (so it can be piped
into jq or a log); the progress bar (only when stderr is a terminal) and the
closing summary go to stderr. Exit status: 0 when anything was imported or
found unchanged; 1 when nothing could be or a path does not exist; 2 for bad options (argparse).
Messages are in the command's language: `--language`, else the shell's locale
(LC_ALL, LC_MESSAGES, LANG) when it is Russian, else English.
"""

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from masthead.importers.services import ImportOptions, Outcome, article_import, articles_import, load_rubric_map
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
        parser.add_argument(
            "--overwrite", action="store_true",
            help="Replace articles an editor has changed since their import (by default they are kept).",
        )
        parser.add_argument("--media-root", metavar="DIR", help="The old site's uploads folder: images found there are imported.")
        parser.add_argument(
            "--rubric-map", metavar="FILE",
            help="CSV `category,rubric[,kind]`: which categories become which rubrics; the rest become topics.",
        )
        parser.add_argument("--language", choices=["en", "ru"], help="Language of the messages (default: the shell's, else English).")

    def handle(self, *args, paths, format, dry_run, bulk, **options):
        with translation.override(options.get("language") or shell_language()):
            self._import(paths, format, dry_run, bulk, self._options(options))

    def _options(self, options) -> ImportOptions:
        media_root = options.get("media_root")
        if media_root and not Path(media_root).is_dir():
            raise CommandError(_("--media-root: no such folder: %s") % media_root)
        rubric_map = {}
        if options.get("rubric_map"):
            try:
                rubric_map = load_rubric_map(options["rubric_map"])
            except (OSError, UnicodeDecodeError, ValueError) as error:
                raise CommandError(_("--rubric-map: %s") % error) from error
        return ImportOptions(
            overwrite=bool(options.get("overwrite")),
            media_root=Path(media_root) if media_root else None,
            rubric_map=rubric_map,
        )

    def _import(self, paths, format, dry_run, bulk, options: ImportOptions):
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise CommandError(_("no such file or directory: %s") % ", ".join(missing))
        counts = Counter()
        started = time.monotonic()
        progress = self._progress()
        for outcome in self._outcomes(paths, format, dry_run, bulk, counts, options):
            counts[outcome.status] += 1
            self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
            if progress is not None:
                progress.update(1)
        if progress is not None:
            progress.close()
        seconds = time.monotonic() - started
        labels = {"created": _("created"), "updated": _("updated"), "unchanged": _("unchanged"),
                  "kept": _("kept (edited since import)"), "error": _("errors"), "skipped": _("skipped")}
        summary = ", ".join(f"{counts[k]} {label}" for k, label in labels.items())
        prefix = _("dry run, nothing written: ") if dry_run else ""
        self.stderr.write(prefix + _("%(summary)s in %(seconds).1f s") % {"summary": summary, "seconds": seconds})
        if not (counts["created"] + counts["updated"] + counts["unchanged"] + counts["kept"]):
            raise CommandError(_("nothing could be imported"), returncode=1)

    def _outcomes(self, paths, format, dry_run, bulk, counts, options):
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
            records = (r for r in stream if r is not None)
            for outcome in articles_import(records=records, dry_run=dry_run, bulk=True, options=options):
                yield from _drain(pending)
                yield outcome
        else:
            for record in stream:
                yield from _drain(pending)
                if record is not None:
                    yield article_import(record=record, dry_run=dry_run, options=options)
        yield from _drain(pending)

    def _progress(self):
        if not sys.stderr.isatty():
            return None
        from tqdm import tqdm

        return tqdm(unit=" articles", file=sys.stderr)


def shell_language() -> str:
    """"ru" when the shell's locale is Russian, else "en"."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    return "en"


def _drain(pending: list) -> list:
    items = list(pending)
    pending.clear()
    return items
