"""What /healthz reports: the database, its read replica, the cache, Redis and the periodic jobs.

The proxy takes a node out of rotation on a 503, so only what stops this node
from serving readers makes it one: the database. A failing replica, cache or Redis is
reported ("degraded") but pages are still served without them, and late jobs
are for monitoring to notice, not a reason to stop sending readers here.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from masthead.core import redis as shared_redis
from masthead.core import replica

LATE_AFTER = 3  # intervals a job may miss before it is reported late


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def cache_status() -> str:
    probe, value = "healthz:probe", secrets.token_hex(4)
    cache.set(probe, value, 30)
    return "ok" if cache.get(probe) == value else "unavailable"


def redis_status() -> str:
    if not shared_redis.enabled():
        return "not configured"
    try:
        shared_redis.client().ping()
    except shared_redis.Unavailable:
        shared_redis.trip()
        return "unavailable"
    return "ok"


def replica_status() -> str:
    """The read replica: ok, behind (past DATABASE_REPLICA_MAX_LAG: reads go to the primary) or unavailable."""
    if not settings.DATABASE_REPLICA_URL:
        return "not configured"
    try:
        lag = replica.measure_lag(connections[replica.REPLICA])
    except DatabaseError:
        return "unavailable"
    return "ok" if lag <= settings.DATABASE_REPLICA_MAX_LAG else "behind"


def jobs_status(now: dt.datetime | None = None) -> dict:
    """Each periodic job: when it last finished, whether that run worked, whether it is late, and which
    process runs it right now ("host:pid:…" from its lease; None between runs), so an operator of several
    nodes knows where to look."""
    from masthead.core.models import JobLease, PeriodicJobRun

    now = now or timezone.now()
    runs = {run.name: run for run in PeriodicJobRun.objects.all()}
    running = dict(JobLease.objects.exclude(holder="").filter(expires_at__gt=now).values_list("name", "holder"))
    report = {}
    for name, (_, every) in settings.PERIODIC_COMMANDS.items():
        run = runs.get(name)
        finished = run.finished_at if run else None
        report[name] = {
            "last_finished": finished.isoformat() if finished else None,
            "ok": bool(run and run.ok),
            "late": finished is None or (now - finished).total_seconds() > LATE_AFTER * every + 60,
            "running_on": running.get(name),
        }
    return report


def health() -> tuple[int, dict]:
    """(HTTP status, report)."""
    report = {"database": database_status(), "replica": replica_status(), "cache": cache_status(),
              "redis": redis_status()}
    if report["database"] == "ok":
        report["jobs"] = jobs_status()
    # A replica down or behind costs the primary its reads, not the readers their pages.
    failing = [part for part in ("replica", "cache", "redis") if report[part] in ("unavailable", "behind")]
    report["status"] = "down" if report["database"] != "ok" else ("degraded" if failing else "ok")
    return (503 if report["status"] == "down" else 200), report
