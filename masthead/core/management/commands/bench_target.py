"""One database's part of `make bench` (run by `manage.py bench` in a subprocess)."""

import importlib
import os
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from masthead.core.benchmarking import Report

ORDER = ["pages", "search", "distribution", "pageviews", "typos", "comments", "importers"]


class Command(BaseCommand):
    help = "Run every app's bench.py against the configured database and write the figures as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--target", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument("--only", default="")
        parser.add_argument("--quick", action="store_true")

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0, interactive=False)
        report = Report(options["target"])
        only = {label for label in options["only"].split(",") if label}
        modules = []
        for app in apps.get_app_configs():
            # An app is named by its label or by its package (`search` for masthead.search, labelled masthead_search).
            if not app.name.startswith("masthead.") or (only and not {app.label, app.name.rpartition(".")[2]} & only):
                continue
            try:
                modules.append((app.label, importlib.import_module(f"{app.name}.bench")))
            except ModuleNotFoundError as error:
                if error.name != f"{app.name}.bench":
                    raise
        modules.sort(key=lambda item: ORDER.index(item[0]) if item[0] in ORDER else len(ORDER))
        for label, module in modules:
            self.stderr.write(f"-- {options['target']}: {label}")
            load_before = os.getloadavg()[0]
            module.run(report, options)
            # Two cores: anything else running skews every figure, so the report says what ran beside.
            report.note(f"{label}: load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
        Path(options["out"]).write_text(report.to_json())
