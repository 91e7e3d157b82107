"""Run the periodic jobs without serving: the job runner of a cluster (issue 14).

App nodes run `serve --no-jobs`; one or more `worker`s run settings.PERIODIC_COMMANDS.
Several workers (or a worker beside a plain `serve`) share each job through its
lease (masthead/core/jobs.py), so adding one for safety never runs a job twice.
SIGTERM or Ctrl+C lets the running job finish, frees its lease and exits.
"""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from masthead.core import jobs


class Command(BaseCommand):
    help = "Run the periodic jobs (scheduled publishing, view counts, mail) until SIGTERM; no web server."

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", default=[], metavar="JOB", help="Run only this job (repeatable).")

    def handle(self, *args, **options):
        wanted = settings.PERIODIC_COMMANDS
        if options["only"]:
            wanted = {name: job for name, job in wanted.items() if name in options["only"]}
        stop = threading.Event()

        def shutdown(signum, frame):
            stop.set()

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        scheduler = jobs.Scheduler(wanted, errors=self.stderr, report=self.stdout if options["verbosity"] > 1 else None)
        if options["verbosity"]:
            self.stdout.write(f"worker {scheduler.holder}: {', '.join(wanted) or 'no jobs'} (Ctrl+C stops it)")
            self.stdout.flush()
        jobs.run_until(stop, scheduler)
