"""Periodic jobs that run once across any number of processes: a lease per job in the database.

`manage.py serve` (the single machine's `make run`) and `manage.py worker` (a
cluster's job runner) both run settings.PERIODIC_COMMANDS through a `Scheduler`.
Two of them against one database must not both run a job, and a job whose
runner died must not wait for that runner to come back. So each job has one
`JobLease` row, shared by every process:

- *due_at*: when the next run may start. It belongs to the job, not to a
  process, so a job runs once per interval however many schedulers poll it.
- *holder* and *expires_at*: who runs it now, and until when their claim holds.
  A run starts only through `take()`, one conditional UPDATE (or the first
  INSERT) that succeeds for one process only: "the job is due, and nobody holds
  it or their claim has expired". The holder renews the claim while the job
  runs (a heartbeat thread); a holder killed with `kill -9` stops renewing, and
  after `JOB_LEASE_TTL` seconds another process takes the job and runs it again.
  When a run ends, `finish()` frees the lease and moves due_at on by the interval.

The lease guarantees one runner at a time, not that a job's effect happens once:
a run killed halfway is run again, so every job must be safe to re-run after
dying at any point (a transaction per unit of work, rows claimed before mail is
sent, batches recorded by id). Each job's own module says how it is.

Times are the nodes' clocks: they must agree to well within the TTL (NTP does).
"""

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from masthead.core.models import JobLease, PeriodicJobRun

log = logging.getLogger(__name__)


def holder_name() -> str:
    """Who a process is in the lease table: the host and pid say where to look, the suffix tells restarts apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_ttl() -> float:
    return float(settings.JOB_LEASE_TTL)


@dataclass
class Lease:
    """A claim on one job's run, held by `holder` until `expires_at` unless renewed."""

    name: str
    holder: str
    ttl: float

    def renew(self, *, now: dt.datetime | None = None) -> bool:
        """Push the expiry on; False when the claim was lost (it expired and another process took the job)."""
        now = now or timezone.now()
        return bool(
            JobLease.objects.filter(name=self.name, holder=self.holder).update(
                expires_at=now + dt.timedelta(seconds=self.ttl)
            )
        )

    def finish(self, *, every: float, started: dt.datetime) -> bool:
        """Free the lease and make the job due `every` seconds after this run started; False if it was lost."""
        return bool(
            JobLease.objects.filter(name=self.name, holder=self.holder).update(
                holder="", expires_at=started, due_at=started + dt.timedelta(seconds=every)
            )
        )


def take(name: str, *, holder: str, ttl: float, now: dt.datetime | None = None) -> Lease | None:
    """The lease on job `name` if it is due and free (or its holder's claim expired); None otherwise.

    One statement decides, so of any number of processes asking at once exactly
    one gets it: PostgreSQL re-checks the WHERE of an UPDATE that waited for a
    row lock, SQLite runs one writer at a time; the first INSERT is decided by
    the primary key.
    """
    now = now or timezone.now()
    expires = now + dt.timedelta(seconds=ttl)
    free = Q(holder="") | Q(expires_at__lte=now)
    if JobLease.objects.filter(free, name=name, due_at__lte=now).update(holder=holder, expires_at=expires):
        return Lease(name, holder, ttl)
    if JobLease.objects.filter(name=name).exists():
        return None
    try:
        with transaction.atomic():
            JobLease.objects.create(name=name, holder=holder, expires_at=expires, due_at=now)
    except IntegrityError:
        return None  # another process created it first, and holds it
    return Lease(name, holder, ttl)


def next_chance(name: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """The earliest time `take()` may succeed for job `name`, so a scheduler need not ask every second."""
    now = now or timezone.now()
    row = JobLease.objects.filter(name=name).values("holder", "expires_at", "due_at").first()
    if row is None:
        return now
    if row["holder"] and row["expires_at"] > now:
        return max(row["expires_at"], row["due_at"])
    return max(row["due_at"], now)


class Heartbeat:
    """Renews a lease from a thread while the job runs in the caller's thread.

    The thread has its own database connection (Django's are per thread) and
    closes it when it stops.
    """

    def __init__(self, lease: Lease, *, every: float):
        self.lease = lease
        self.every = every
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{lease.name}", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        try:
            while not self._stop.wait(self.every):
                try:
                    if not self.lease.renew():
                        self.lost = True
                        log.warning("jobs: the lease on %s was lost while the job ran", self.lease.name)
                        return
                except DatabaseError as error:  # the next beat tries again; the TTL allows a few misses
                    log.warning("jobs: renewing the lease on %s failed: %r", self.lease.name, error)
        finally:
            connection.close()


@dataclass
class Scheduler:
    """Runs each due job of `jobs` ({name: (command argv, every seconds)}) under its lease.

    `run_due()` is the whole loop body of `serve` and `worker`; it returns the
    names of the jobs it ran. A failing job is recorded and does not stop the others.
    """

    jobs: dict[str, tuple[list[str], float]]
    holder: str = field(default_factory=holder_name)
    ttl: float = field(default_factory=lease_ttl)
    errors: object = None  # a stream for one-line failure notes (a command's stderr)
    report: object = None  # a stream for what it does, run by run (a command's stdout at -v 2)
    not_before: dict[str, dt.datetime] = field(default_factory=dict)

    def run_due(self, *, now: dt.datetime | None = None, stop: threading.Event | None = None) -> list[str]:
        ran = []
        for name, (command, every) in self.jobs.items():
            if stop is not None and stop.is_set():
                break  # asked to stop during the previous job: start no other
            current = now or timezone.now()
            if self.not_before.get(name, current) > current:
                continue
            try:
                lease = take(name, holder=self.holder, ttl=self.ttl, now=current)
                if lease is None:
                    self.not_before[name] = next_chance(name, now=current)
                    self._say(f"{name}: not due or held elsewhere; next look at {self.not_before[name].isoformat()}")
                    continue
            except DatabaseError as error:
                self._note(f"periodic job {name}: the lease could not be taken: {error!r}")
                close_old_connections()
                continue
            self.run(lease, command, every, started=current)
            ran.append(name)
        return ran

    def run(self, lease: Lease, command: list[str], every: float, *, started: dt.datetime) -> None:
        error = ""
        with Heartbeat(lease, every=max(0.1, self.ttl / 3)):
            try:
                call_command(*command, verbosity=0)
            except Exception as failure:  # a failing job must not stop the site or the other jobs
                error = repr(failure)
                self._note(f"periodic job {lease.name} failed: {error}")
        record_run(lease.name, started, error=error)
        self._say(f"{lease.name}: ran ({'failed' if error else 'ok'})")
        try:
            if not lease.finish(every=every, started=started):
                self._note(f"periodic job {lease.name}: the lease expired while it ran (raise JOB_LEASE_TTL?)")
        except DatabaseError as error:  # the lease expires by itself; the job runs again after the TTL
            self._note(f"periodic job {lease.name}: the lease could not be freed: {error!r}")
        self.not_before[lease.name] = started + dt.timedelta(seconds=every)

    def _say(self, line: str) -> None:
        if self.report is not None:
            self.report.write(line + "\n")
            self.report.flush()

    def _note(self, line: str) -> None:
        if self.errors is not None:
            self.errors.write(line + "\n")
        else:
            log.warning("%s", line)


def record_run(name: str, started: dt.datetime, error: str = "") -> None:
    """Note the run for /healthz; a database too broken to note it is already reported there."""
    try:
        PeriodicJobRun.objects.update_or_create(
            name=name, defaults={"started_at": started, "finished_at": timezone.now(), "ok": not error, "error": error[:2000]}
        )
    except DatabaseError:
        pass


def run_until(stop: threading.Event, scheduler: Scheduler, *, alive=lambda: True, poll: float = 1.0) -> None:
    """The loop of `serve` and `worker`: run what is due, wait a second, until `stop` is set or `alive()` is false.

    A job that is running when `stop` is set is finished first: its lease is freed
    and its run recorded, so a graceful stop never leaves work for the TTL to recover.
    """
    while not stop.is_set() and alive():
        close_old_connections()  # a long-lived loop must not keep a dead connection
        scheduler.run_due(stop=stop)
        stop.wait(poll)
