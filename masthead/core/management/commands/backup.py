"""Write one dated backup (database, media, manifest) into BACKUP_DIR; see masthead/core/backup.py."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from masthead.core.backup import BackupError, backup_create, backup_dir


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
        self.stdout.write(str(path))
