"""DATABASE_REPLICA_URL in the settings: the alias, router and middleware with it, nothing without it."""

import json
import os
import subprocess
import sys

from django.conf import settings

SHOW = """
import django, json
from django.conf import settings
print(json.dumps({"databases": settings.DATABASES, "routers": settings.DATABASE_ROUTERS,
                  "middleware": settings.MIDDLEWARE, "sessions": settings.SESSION_ENGINE}, default=str))
"""


def settings_with(tmp_path, **env):
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("DATABASE_", "DJANGO_SETTINGS"))}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.base", SECRET_KEY="x" * 50,
                       MASTHEAD_VAR_DIR=str(tmp_path), **env)
    result = subprocess.run([sys.executable, "-c", SHOW], env=environment, cwd=settings.BASE_DIR,
                            capture_output=True, text=True, timeout=60)
    return result


def test_it_adds_the_replica_alias_router_and_middleware(tmp_path):
    result = settings_with(tmp_path, DATABASE_URL="postgres://news@10.0.0.1:5432/news",
                           DATABASE_REPLICA_URL="postgres://news@10.0.0.2:5432/news")
    shown = json.loads(result.stdout)
    replica, default = shown["databases"]["replica"], shown["databases"]["default"]
    assert replica["HOST"] == "10.0.0.2" and default["HOST"] == "10.0.0.1"
    assert replica["CONN_MAX_AGE"] == default["CONN_MAX_AGE"] == 600 and replica["CONN_HEALTH_CHECKS"] is True
    assert replica["OPTIONS"]["connect_timeout"] == 2
    assert shown["routers"] == ["masthead.core.replica.ReplicaRouter"]
    middleware = shown["middleware"]
    assert middleware.index("masthead.core.replica.ReplicaReadsMiddleware") == (
        middleware.index("django.contrib.messages.middleware.MessageMiddleware") + 1
    )


def test_without_it_nothing_changes(tmp_path):
    shown = json.loads(settings_with(tmp_path).stdout)
    assert list(shown["databases"]) == ["default"] and shown["routers"] == []
    assert "masthead.core.replica.ReplicaReadsMiddleware" not in shown["middleware"]


def test_a_replica_of_sqlite_is_refused(tmp_path):
    result = settings_with(tmp_path, DATABASE_REPLICA_URL="postgres://news@10.0.0.2:5432/news")
    assert result.returncode != 0 and "DATABASE_REPLICA_URL needs PostgreSQL" in result.stderr


def test_sessions_are_shared_by_every_node_and_cached_in_redis_when_there_is_one(tmp_path):
    without = json.loads(settings_with(tmp_path, REDIS_URL="").stdout)  # CI's PostgreSQL leg sets one
    with_redis = json.loads(settings_with(tmp_path, REDIS_URL="redis://127.0.0.1:6379/0").stdout)
    assert without["sessions"] == "django.contrib.sessions.backends.db"
    assert with_redis["sessions"] == "django.contrib.sessions.backends.cached_db"

