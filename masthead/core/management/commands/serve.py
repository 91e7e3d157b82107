"""Serve the site with gunicorn and run the periodic jobs beside it.

One command for `make run`: no cron to forget. The jobs (scheduled publishing,
and whatever other apps add to settings.PERIODIC_COMMANDS) run in this process,
each as a management command, every N seconds; gunicorn runs as a child.
The jobs go through their leases (masthead/core/jobs.py), so a `serve` beside a
`worker`, or two of them, never run one twice; in a cluster the app nodes run
`serve --no-jobs` and `manage.py worker` runs the jobs.
"""

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from masthead.core import jobs


class Command(BaseCommand):
    help = "Run gunicorn and the periodic jobs (scheduled publishing and others)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--no-jobs", action="store_true", help="Serve only; a `manage.py worker` runs the periodic jobs."
        )

    def handle(self, *args, **options):
        bind = f"{options['host']}:{options['port']}"
        server = subprocess.Popen(gunicorn_command(bind, options["workers"], options["threads"]))
        stop = threading.Event()

        def shutdown(signum, frame):
            stop.set()

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        self.stdout.write(self.style.SUCCESS(f"Masthead is at http://{bind}/ (Ctrl+C stops it)"))
        scheduler = jobs.Scheduler(settings.PERIODIC_COMMANDS if not options["no_jobs"] else {}, errors=self.stderr)
        try:
            jobs.run_until(stop, scheduler, alive=lambda: server.poll() is None)
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

