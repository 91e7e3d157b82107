from django.core.management.base import BaseCommand

from masthead.typos.services import typo_digests_send


class Command(BaseCommand):
    help = "Mail each responsible editor one digest of typo reports new since their last digest."

    def handle(self, *args, **options):
        sent = typo_digests_send()
        if options["verbosity"] > 1:
            self.stdout.write(f"{sent} digest(s) sent")
