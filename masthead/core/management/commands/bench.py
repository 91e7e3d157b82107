"""`make bench`: every app's figures, on SQLite and PostgreSQL, in one report."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from masthead.core.benchmarking import Report, render_markdown
from masthead.core.http_bench import Results
from masthead.core.http_bench import render_markdown as render_http

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/masthead_bench"


class Command(BaseCommand):
    help = "Measure the platform (render times, throughput, importer) and write var/bench-report.md."

    def add_arguments(self, parser):
        parser.add_argument("--targets", default="sqlite,postgres", help="Comma-separated: sqlite, postgres.")
        parser.add_argument("--only", default="", help="Comma-separated app labels to run (default: all).")
        parser.add_argument("--articles", type=int, default=20_000, help="Size of the generated corpus.")
        parser.add_argument("--quick", action="store_true", help="Fewer samples, for a smoke run.")
        parser.add_argument("--skip-http", action="store_true",
                            help="Leave out the side-by-side HTTP section (nginx, proxy, app, plain Wagtail, beacon).")

    def handle(self, *args, **options):
        out_dir = Path(settings.VAR_DIR) / "bench"
        out_dir.mkdir(parents=True, exist_ok=True)
        reports = []
        corpus_url = None  # the first measured database's: the HTTP section serves its corpus
        for target in [t.strip() for t in options["targets"].split(",") if t.strip()]:
            url = self.database_url(target, out_dir)
            if url is None:
                continue
            result = out_dir / f"{target}.json"
            result.unlink(missing_ok=True)
            env = {**os.environ, "DATABASE_URL": url, "BENCH_TARGET": target}
            command = [sys.executable, "manage.py", "bench_target", "--target", target, "--out", str(result),
                       "--articles", str(options["articles"]), "--only", options["only"]]
            if options["quick"]:
                command.append("--quick")
            self.stdout.write(f"== {target}: {url}")
            completed = subprocess.run(command, env=env, cwd=settings.BASE_DIR)
            if completed.returncode != 0 or not result.exists():
                self.stderr.write(f"{target}: the benchmark failed (exit {completed.returncode})")
                continue
            reports.append(Report.from_json(result.read_text()))
            corpus_url = corpus_url or url
        if not reports:
            self.stderr.write("No target could be measured.")
            sys.exit(1)
        markdown = render_markdown(reports)
        if not options["skip_http"]:
            markdown += self.side_by_side(corpus_url, out_dir, options["quick"])
        report_path = Path(settings.VAR_DIR) / "bench-report.md"
        report_path.write_text(markdown)
        self.stdout.write(markdown)
        self.stdout.write(f"Report written to {report_path}")

    def side_by_side(self, url: str, out_dir: Path, quick: bool) -> str:
        result = out_dir / "http.json"
        result.unlink(missing_ok=True)
        command = [sys.executable, "manage.py", "bench_http", "--out", str(result)] + (["--quick"] if quick else [])
        self.stdout.write(f"== side by side over HTTP: {url}")
        completed = subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, cwd=settings.BASE_DIR)
        if not result.exists():
            self.stderr.write(f"http: the side-by-side section failed (exit {completed.returncode})")
            return "\n## Side by side over HTTP\n\nFailed: see the command's output.\n"
        markdown = render_http(Results.from_json(result.read_text()))
        if completed.returncode != 0:
            markdown += f"\n- the section stopped early (exit {completed.returncode}): see the command's output\n"
        return markdown

    def database_url(self, target: str, out_dir: Path) -> str | None:
        if target == "sqlite":
            return f"sqlite:///{out_dir / 'bench.sqlite3'}"
        if target == "postgres":
            url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
            if not ensure_postgres_database(url):
                self.stderr.write(f"postgres: {url} is not reachable; skipped")
                return None
            return url
        self.stderr.write(f"unknown target {target!r}")
        return None


def ensure_postgres_database(url: str) -> bool:
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True
    except psycopg.Error:
        return False
