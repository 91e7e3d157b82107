"""Real `manage.py worker` processes on one database: two racing run a job once; one killed mid-job is replaced.

The workers run test-only jobs (masthead/core/tests/jobs_app, installed by
worker_settings.py). On SQLite they share a file copy of the test database, on
PostgreSQL the test database itself (servers.SharedDatabase).
"""

import datetime as dt
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from masthead.core import servers
from masthead.testing import make_article

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class Worker:
    """`manage.py worker -v 2 --only JOB` in a subprocess, its output in a file."""

    def __init__(self, tmp_path: Path, database: servers.SharedDatabase, name: str, job: str, **env: str):
        self.output_path = tmp_path / f"{name}.out"
        with open(self.output_path, "w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "worker", "-v", "2", "--only", job],
                cwd=settings.BASE_DIR, stdout=output, stderr=subprocess.STDOUT,
                env=servers.server_env(DJANGO_SETTINGS_MODULE="masthead.core.tests.worker_settings",
                                       DATABASE_URL=database.url, LOG_LEVEL="CRITICAL", **env),
            )

    def output(self) -> str:
        return self.output_path.read_text()

    def stop(self) -> int:
        """SIGTERM, as systemd or Ctrl+C would: the worker ends its job and exits 0."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
            raise AssertionError(f"the worker did not stop on SIGTERM:\n{self.output()}") from None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)


def wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def test_two_workers_racing_run_the_job_once_per_period(tmp_path):
    database = servers.SharedDatabase(tmp_path, "jobs")
    tally = tmp_path / "tally"
    tally.touch()
    workers = [
        Worker(tmp_path, database, f"worker{n}", "tally", TEST_JOB_TALLY=str(tally), TEST_JOB_SLEEP="1")
        for n in range(2)
    ]
    try:
        # Each says what it did with the job: one ran it, the other found it held or not due any more.
        wait_for(lambda: all("tally:" in worker.output() for worker in workers), "both workers to try the job")
        assert sorted(worker.output().count("tally: ran") for worker in workers) == [0, 1]
    finally:
        codes = [worker.stop() for worker in workers]
    assert codes == [0, 0]
    assert len(tally.read_text().splitlines()) == 1
    assert database.rows("SELECT holder FROM core_joblease WHERE name = 'tally'") == [("",)]


def test_a_worker_killed_mid_publish_is_replaced_and_the_article_is_published_once(tmp_path, site_tree):
    article = make_article("Статья для убитого планировщика", live=False)
    article.go_live_at = go_live = timezone.now() + dt.timedelta(seconds=1)
    article.save_revision().publish()
    while timezone.now() <= go_live:
        time.sleep(0.1)
    database = servers.SharedDatabase(tmp_path, "jobs")

    def live() -> bool:
        return bool(database.rows(f"SELECT live FROM wagtailcore_page WHERE id = {article.pk}")[0][0])

    started = tmp_path / "started"
    lease = {"JOB_LEASE_TTL": "3", "TEST_JOB_STARTED": str(started)}
    first = Worker(tmp_path, database, "first", "publish_scheduled", TEST_JOB_SLEEP="600", **lease)
    try:
        wait_for(started.exists, "the first worker to be in the middle of publishing")
    finally:
        first.kill()
    assert not live()
    second = Worker(tmp_path, database, "second", "publish_scheduled", TEST_JOB_SLEEP="0", **lease)
    try:
        wait_for(live, "the second worker to publish the article")
        wait_for(lambda: "publish_scheduled: ran (ok)" in second.output(), "the second worker to finish the job")
    finally:
        assert second.stop() == 0
    published = database.rows(
        f"SELECT COUNT(*) FROM wagtailcore_pagelogentry WHERE page_id = {article.pk} AND action = 'wagtail.publish.scheduled'"
    )
    assert published == [(1,)]
    assert database.rows(
        f"SELECT COUNT(*) FROM wagtailcore_revision WHERE object_id = '{article.pk}' AND approved_go_live_at IS NOT NULL"
    ) == [(0,)]
