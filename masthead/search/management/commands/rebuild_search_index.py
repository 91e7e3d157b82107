"""`manage.py rebuild_search_index`: the site search's index, from scratch, in bulk.

Run it after restoring a database, after `importers --bulk` if its batches were
not indexed (they are, through `articles_bulk_saved`), or after a change to
`masthead.lib.morphology` that alters lexemes.
"""

import time

from django.core.management.base import BaseCommand

from masthead.search import indexing


class Command(BaseCommand):
    help = "Rebuild the site search index of published articles."

    def handle(self, *args, **options):
        started = time.perf_counter()

        def progress(done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"{done}/{total}")

        count = indexing.rebuild(progress=progress)
        self.stdout.write(f"Indexed {count} articles in {time.perf_counter() - started:.1f} s.")
