"""/healthz tells the proxy and monitoring what works."""

import datetime as dt
import json
import socket
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from masthead.core import health
from masthead.core.jobs import Scheduler
from masthead.core.models import JobLease, PeriodicJobRun

pytestmark = pytest.mark.django_db


def test_all_well_is_200_with_each_part(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert report["database"] == "ok" and report["cache"] == "ok" and report["status"] in ("ok", "degraded")
    assert set(report["jobs"]) >= {"publish_scheduled", "refresh_content"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert not response.cookies


def test_the_database_gone_is_503_with_retry_after(client):
    with mock.patch.object(health, "database_status", return_value="unavailable"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["status"] == "down"


def test_the_database_check_reads_a_refused_connection_as_unavailable():
    with mock.patch.object(health.connection, "cursor", side_effect=OperationalError("refused")):
        assert health.database_status() == "unavailable"


def test_redis_gone_is_degraded_not_down(client, settings):
    from masthead.core import redis as shared_redis

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    shared_redis.reset()
    try:
        response = client.get("/healthz")
    finally:
        shared_redis.reset()
    assert response.status_code == 200
    assert response.json()["redis"] == "unavailable" and response.json()["status"] == "degraded"


def test_jobs_report_their_last_run_and_lateness(settings):
    settings.PERIODIC_COMMANDS = {"refresh_content": (["refresh_content"], 30)}
    assert health.jobs_status()["refresh_content"]["late"] is True  # never ran
    Scheduler(settings.PERIODIC_COMMANDS, errors=mock.Mock()).run_due()
    run = PeriodicJobRun.objects.get(name="refresh_content")
    assert run.ok and run.finished_at
    assert health.jobs_status()["refresh_content"] == {
        "last_finished": run.finished_at.isoformat(), "ok": True, "late": False, "running_on": None,
    }
    later = timezone.now() + dt.timedelta(minutes=10)
    assert health.jobs_status(now=later)["refresh_content"]["late"] is True


def test_jobs_say_which_process_runs_them_while_its_lease_holds(settings):
    settings.PERIODIC_COMMANDS = {"refresh_content": (["refresh_content"], 30)}
    now = timezone.now()
    JobLease.objects.create(name="refresh_content", holder="node2:4242:ab12cd34",
                            expires_at=now + dt.timedelta(seconds=60), due_at=now)
    assert health.jobs_status(now=now)["refresh_content"]["running_on"] == "node2:4242:ab12cd34"
    # A holder that stopped renewing (killed) runs nothing any more.
    assert health.jobs_status(now=now + dt.timedelta(seconds=61))["refresh_content"]["running_on"] is None


def test_a_failing_job_is_recorded_as_failed(settings):
    settings.PERIODIC_COMMANDS = {"broken": (["no_such_command_here"], 30)}
    errors = mock.Mock()
    Scheduler(settings.PERIODIC_COMMANDS, errors=errors).run_due()
    run = PeriodicJobRun.objects.get(name="broken")
    assert not run.ok and "no_such_command_here" in run.error
    assert errors.write.called
