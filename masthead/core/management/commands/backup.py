"""Write one dated backup (database, media unless they live in a bucket, manifest) into BACKUP_DIR; see masthead/core/backup.py."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from masthead.core.backup import BackupError, backup_create, backup_dir
from masthead.core.media_storage import describe_media_storage, media_on_local_disk


class Command(BaseCommand):
    help = "Back up the database and the media files into one dated folder in BACKUP_DIR and print its path."

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Write the backup here instead of BACKUP_DIR.")
        parser.add_argument("--database", default="default", help="The database alias to back up.")

    def handle(self, *args, **options):
        directory = Path(options["directory"]) if options["directory"] else backup_dir()
        try:
            path = backup_create(directory=directory, using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(f"The database cannot be used: {error}".strip()) from error
        if not media_on_local_disk():
            # stderr: scripts read the backup's path from stdout.
            self.stderr.write(
                f"The media live in the {describe_media_storage()} and are not copied into the backup: "
                "keep the bucket's versioning on (docs/scaling.md, Backups)."
            )
        self.stdout.write(str(path))
