from django.core.management.base import BaseCommand

from masthead.distribution.services import telegram_deliver_due


class Command(BaseCommand):
    help = "Post due articles to the Telegram channel (the outbox written on publish)."

    def handle(self, *args, **options):
        counts = telegram_deliver_due()
        if options["verbosity"] > 1 or (counts and options["verbosity"] > 0):
            self.stdout.write(", ".join(f"{state}: {n}" for state, n in sorted(counts.items())) or "nothing due")
