"""Let cached pages know when an article dated in the future has reached its time."""

from django.core.management.base import BaseCommand

from masthead.articles.freshness import bump_for_articles_come_due


class Command(BaseCommand):
    help = "Raise the content version if an article's publication time has just passed."

    def handle(self, *args, **options):
        if bump_for_articles_come_due() and options["verbosity"] > 1:
            self.stdout.write("An article came due; cached fragments refreshed.")
