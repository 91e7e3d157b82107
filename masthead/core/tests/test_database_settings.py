"""The database settings a fresh checkout gets: connections kept open on SQLite as on PostgreSQL."""

import json

from masthead.core.tests.test_replica_settings import settings_with


def test_sqlite_connections_are_kept_between_requests(tmp_path):
    # A new SQLite connection reads the whole schema on its first statement: milliseconds per request.
    shown = json.loads(settings_with(tmp_path).stdout)
    default = shown["databases"]["default"]
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["CONN_MAX_AGE"] == 600
    assert default["OPTIONS"]["init_command"].startswith("PRAGMA journal_mode=WAL")


def test_postgresql_connections_are_kept_with_health_checks(tmp_path):
    shown = json.loads(settings_with(tmp_path, DATABASE_URL="postgres://news@10.0.0.1:5432/news").stdout)
    default = shown["databases"]["default"]
    assert default["CONN_MAX_AGE"] == 600 and default["CONN_HEALTH_CHECKS"] is True
