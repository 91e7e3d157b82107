"""Serve the site with gunicorn and run the periodic jobs beside it.

One command for `make run`: no cron to forget. The jobs (scheduled publishing,
and whatever other apps add to settings.PERIODIC_COMMANDS) run in this process,
each as a management command, every N seconds; gunicorn runs as a child.
"""

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from masthead.core.models import PeriodicJobRun


class Command(BaseCommand):
    help = "Run gunicorn and the periodic jobs (scheduled publishing and others)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, **options):
        bind = f"{options['host']}:{options['port']}"
        server = subprocess.Popen(gunicorn_command(bind, options["workers"], options["threads"]))
        stop = threading.Event()

        def shutdown(signum, frame):
            stop.set()

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        self.stdout.write(self.style.SUCCESS(f"Masthead is at http://{bind}/ (Ctrl+C stops it)"))
        last_run: dict[str, float] = {}
        try:
            while not stop.is_set() and server.poll() is None:
                close_old_connections()  # a long-lived loop must not keep a dead connection
                run_due_jobs(last_run, self.stderr)
                stop.wait(1)
        finally:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(15)
                except subprocess.TimeoutExpired:
                    server.kill()
        if not stop.is_set() and server.returncode:
            sys.exit(f"gunicorn stopped (exit {server.returncode}); is port {options['port']} in use?")


def gunicorn_command(bind: str, workers: int, threads: int) -> list[str]:
    # gunicorn's control socket defaults to one path in the home directory, so a second
    # instance on the host would take over the first one's; each bind address gets its own.
    control = Path(settings.VAR_DIR) / "run" / f"gunicorn-{bind.replace(':', '-')}.ctl"
    control.parent.mkdir(parents=True, exist_ok=True)
    return [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        "--threads", str(threads),
        "--access-logfile", "-",
        "--graceful-timeout", "10",
        "--control-socket", str(control),
    ]


def run_due_jobs(last_run: dict[str, float], errors) -> None:
    now = time.monotonic()
    for name, (command, every) in settings.PERIODIC_COMMANDS.items():
        if now - last_run.get(name, -every) < every:
            continue
        last_run[name] = now
        started = timezone.now()
        try:
            call_command(*command, verbosity=0)
        except Exception as error:  # a failing job must not stop the site
            errors.write(f"periodic job {name} failed: {error!r}\n")
            record_run(name, started, error=repr(error))
        else:
            record_run(name, started)


def record_run(name: str, started, error: str = "") -> None:
    """Note the run for /healthz; a database too broken to note it is already reported there."""
    try:
        PeriodicJobRun.objects.update_or_create(
            name=name, defaults={"started_at": started, "finished_at": timezone.now(), "ok": not error, "error": error[:2000]}
        )
    except DatabaseError:
        pass
