"""Wagtail's `publish_scheduled`, with each publish and unpublish in a transaction of its own.

Same name, so the periodic job, a cron line and the Wagtail docs all get this
one (masthead.core comes before wagtail in INSTALLED_APPS). Why: masthead/core/scheduled_publishing.py.
"""

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from masthead.core.scheduled_publishing import publish_due_revisions, unpublish_expired


class Command(WagtailCommand):
    help = "Publish revisions whose time has come and unpublish expired pages, each exactly once."

    def handle(self, *args, **options):
        if options["dryrun"]:
            return super().handle(*args, **options)
        unpublished = unpublish_expired()
        published = publish_due_revisions()
        if options["verbosity"] > 1:
            self.stdout.write(f"{published} published, {unpublished} unpublished")
