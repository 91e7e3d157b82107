"""The lease per periodic job: one holder at a time, once per interval, taken over when its holder dies.

Times are passed in, so nothing here waits for a clock. The subprocess tests
(real `manage.py worker`s racing and killed) are in test_worker.py.
"""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from masthead.core import jobs
from masthead.core.models import JobLease, PeriodicJobRun

T0 = timezone.now().replace(microsecond=0)
# Shared-cache in-memory SQLite (the test database) raises "table is locked" without waiting for another
# thread's write; test_worker.py races two real workers on a file database instead.
needs_shared_database = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="threads need a server database"
)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


@pytest.mark.django_db
def test_a_due_job_is_taken_by_one_holder_and_refused_to_the_other():
    lease = jobs.take("digest", holder="a", ttl=30, now=at(0))
    assert lease is not None and lease.holder == "a"
    assert jobs.take("digest", holder="b", ttl=30, now=at(1)) is None
    assert JobLease.objects.get(name="digest").holder == "a"


@pytest.mark.django_db
def test_a_lease_held_by_a_dead_holder_is_taken_after_it_expires():
    jobs.take("digest", holder="dead", ttl=30, now=at(0))  # and never renewed nor finished
    assert jobs.take("digest", holder="b", ttl=30, now=at(29)) is None
    assert jobs.next_chance("digest", now=at(29)) == at(30)
    lease = jobs.take("digest", holder="b", ttl=30, now=at(31))
    assert lease is not None
    assert JobLease.objects.get(name="digest").holder == "b"


@pytest.mark.django_db
def test_renewing_keeps_the_lease_and_a_lost_lease_is_noticed():
    lease = jobs.take("digest", holder="a", ttl=30, now=at(0))
    assert lease.renew(now=at(25))
    assert jobs.take("digest", holder="b", ttl=30, now=at(40)) is None  # renewed until 55
    assert jobs.take("digest", holder="b", ttl=30, now=at(56)) is not None
    assert lease.renew(now=at(57)) is False
    assert lease.finish(every=60, started=at(0)) is False
    assert JobLease.objects.get(name="digest").holder == "b"


@pytest.mark.django_db
def test_a_finished_job_is_not_due_again_before_its_interval():
    jobs.take("digest", holder="a", ttl=30, now=at(0)).finish(every=60, started=at(0))
    row = JobLease.objects.get(name="digest")
    assert row.holder == "" and row.due_at == at(60)
    assert jobs.take("digest", holder="b", ttl=30, now=at(59)) is None
    assert jobs.next_chance("digest", now=at(5)) == at(60)
    assert jobs.take("digest", holder="b", ttl=30, now=at(60)) is not None


@pytest.mark.django_db
def test_two_schedulers_polling_every_second_run_a_job_once_per_interval():
    runs = []
    with mock.patch.object(jobs, "call_command", side_effect=lambda *args, **kw: runs.append(args)):
        one = jobs.Scheduler({"digest": (["digest"], 10)}, holder="one", ttl=30)
        two = jobs.Scheduler({"digest": (["digest"], 10)}, holder="two", ttl=30)
        for second in range(100):
            one.run_due(now=at(second))
            two.run_due(now=at(second))
    assert len(runs) == 10
    run = PeriodicJobRun.objects.get(name="digest")
    assert run.ok


@pytest.mark.django_db
def test_a_failing_job_frees_its_lease_and_is_recorded_as_failed():
    errors = mock.Mock()
    scheduler = jobs.Scheduler({"broken": (["no_such_command_here"], 30)}, holder="a", ttl=30, errors=errors)
    assert scheduler.run_due(now=at(0)) == ["broken"]
    row = JobLease.objects.get(name="broken")
    assert row.holder == "" and row.due_at == at(30)
    assert not PeriodicJobRun.objects.get(name="broken").ok
    assert errors.write.called


@needs_shared_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_holder_renews_while_a_long_job_runs():
    renewed = threading.Event()
    lease = jobs.take("slow", holder="a", ttl=0.3)
    first_expiry = JobLease.objects.get(name="slow").expires_at

    def slow_job(*args, **kwargs):
        # Runs until the heartbeat has pushed the expiry on (or gives up after 30 s).
        for _ in range(300):
            if JobLease.objects.get(name="slow").expires_at > first_expiry:
                renewed.set()
                return
            threading.Event().wait(0.1)

    with mock.patch.object(jobs, "call_command", side_effect=slow_job):
        jobs.Scheduler({}, holder="a", ttl=0.3).run(lease, ["slow"], 60, started=timezone.now())
    assert renewed.is_set()
    assert JobLease.objects.get(name="slow").holder == ""


@needs_shared_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_of_many_threads_asking_at_once_exactly_one_takes_the_job():
    for round_ in range(2):  # once on the first INSERT, once on the conditional UPDATE of the existing row
        now = at(round_ * 100)
        count = 8
        barrier = threading.Barrier(count)
        taken, errors = [], []

        def ask(n):
            try:
                barrier.wait()
                if jobs.take("race", holder=f"h{n}", ttl=30, now=now):
                    taken.append(n)
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=ask, args=(n,)) for n in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [] and len(taken) == 1
        assert JobLease.objects.get(name="race").holder == f"h{taken[0]}"
        JobLease.objects.filter(name="race").update(holder="", due_at=at(round_ * 100 + 50))


@pytest.mark.django_db
def test_a_stop_asked_for_during_a_job_starts_no_other():
    stop = threading.Event()
    runs = []

    def job(*args, **kwargs):
        runs.append(args[0])
        stop.set()  # SIGTERM arrives while the first job runs

    scheduler = jobs.Scheduler({"one": (["one"], 60), "two": (["two"], 60)}, holder="a", ttl=30)
    rounds = iter(range(100))  # a bound, should the stop never come
    # The loop's close_old_connections() would close the test's connection, held in its transaction.
    with mock.patch.object(jobs, "call_command", side_effect=job), mock.patch.object(jobs, "close_old_connections"):
        jobs.run_until(stop, scheduler, alive=lambda: next(rounds, None) is not None, poll=0)
    assert runs == ["one"]
    assert JobLease.objects.get(name="one").holder == "" and not JobLease.objects.filter(name="two").exists()
