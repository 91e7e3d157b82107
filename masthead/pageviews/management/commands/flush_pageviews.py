"""Periodic job: move Redis view counts into the database and prune expired de-duplication marks."""

from django.core.management.base import BaseCommand

from masthead.pageviews.services import views_flush


class Command(BaseCommand):
    help = "Flush view counts from Redis to the database (exactly once) and prune old de-duplication marks."

    def handle(self, *args, **options):
        result = views_flush()
        if options["verbosity"] > 1 or result.views or result.replayed:
            self.stdout.write(
                f"flushed {result.views} views, replayed {result.replayed} deferred, pruned {result.pruned} marks"
            )
