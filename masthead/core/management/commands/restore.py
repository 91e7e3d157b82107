"""Restore a backup written by `manage.py backup` into the configured database and MEDIA_ROOT.

Exit status: 0 restored (or, with --check, the backup is sound), 1 the backup or the restore
failed (nothing changed unless the message says otherwise), 2 the database holds content and
--force was not given.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from masthead.core.backup import BackupError, TargetNotEmpty, backup_restore, backup_verify


class Command(BaseCommand):
    help = "Restore a backup folder (from `manage.py backup`) into the configured database and media folder, then migrate."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup folder (or its manifest.json).")
        parser.add_argument("--force", action="store_true", help="Replace a database that already holds content.")
        parser.add_argument("--check", action="store_true", help="Only verify the backup; change nothing.")
        parser.add_argument("--database", default="default", help="The database alias to restore into.")

    def handle(self, *args, **options):
        try:
            if options["check"]:
                manifest = backup_verify(options["path"], using=options["database"])
                self.stdout.write(f"{options['path']}: sound ({manifest['created_at']}, {manifest['database']['vendor']}).")
                return
            backup_restore(path=options["path"], force=options["force"], using=options["database"], log=self.stdout.write)
        except TargetNotEmpty as error:
            raise CommandError(str(error), returncode=2) from error
        except BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(f"The database cannot be used: {error}".strip()) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {options['path']}."))
