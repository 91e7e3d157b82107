"""Compile every translation catalog of the project (.po -> .mo) without GNU gettext.

Django's compilemessages needs msgfmt, which a fresh Debian does not have;
polib writes the same binary catalogs in pure Python.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's .po catalogs to .mo files."

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR) / "masthead"
        count = 0
        for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            count += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"Compiled {count} catalog(s).")
