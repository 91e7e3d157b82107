from django.core.management.base import BaseCommand

from masthead.newsletter.sending import deliver_due


class Command(BaseCommand):
    help = "Make today's digests once the digest hour has come, and mail every issue that is being sent."

    def handle(self, *args, **options):
        counts = deliver_due()
        if options["verbosity"] > 1 or (any(counts.values()) and options["verbosity"] > 0):
            self.stdout.write(", ".join(f"{state}: {n}" for state, n in sorted(counts.items())) or "nothing to send")
