"""Create the media bucket MEDIA_STORAGE_URL names, readable by anyone for images (what `make run` does first)."""

from django.core.management.base import BaseCommand, CommandError

from masthead.core.media_storage import ensure_bucket, media_on_local_disk


class Command(BaseCommand):
    help = (
        "Create the bucket of MEDIA_STORAGE_URL when it is missing, with a policy that lets anyone read images and "
        "renditions (not documents) unless the URLs are signed. Does nothing when media live on disk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--policy", action="store_true", help="Put the public-read policy on an existing bucket too.")

    def handle(self, *args, **options):
        if media_on_local_disk():
            return
        try:
            self.stdout.write(ensure_bucket(apply_policy=options["policy"]))
        except Exception as error:  # noqa: BLE001 - boto's errors (unreachable endpoint, refused key) in one sentence
            raise CommandError(f"The media bucket cannot be used: {error}") from error
