"""The router against a real primary and streaming replica (masthead/core/pgcluster.py), then the replica stopped.

PostgreSQL runs only: the private clusters are made with the machine's
PostgreSQL binaries on free ports in a temporary directory (never the shared
server), and deleted afterwards. The two aliases are pointed at them for the
test, and one table is made on the primary; the replica gets it by streaming.
"""

import shutil
import tempfile
import time
from pathlib import Path

import environ
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import ProgrammingError, close_old_connections, connections, router
from django.db.utils import load_backend
from django.http import HttpResponse
from django.test import RequestFactory

from masthead.core import pgcluster, replica, servers
from masthead.core.models import ContentVersion

pytestmark = pytest.mark.fault


def wait_until(condition, seconds: float = 20.0, what: str = "the condition"):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(0.1)


def connection_to(url: str, alias: str):
    config = environ.Env.db_url_config(url)
    config.update(CONN_MAX_AGE=600, CONN_HEALTH_CHECKS=True, OPTIONS={"connect_timeout": 2})
    settings_dict = connections.configure_settings({"default": {}, alias: config})[alias]
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)


@pytest.fixture
def cluster():
    if connections["default"].vendor != "postgresql":
        pytest.skip("the replica is PostgreSQL's streaming replication (CI's PostgreSQL run)")
    if not (pgcluster.BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL binaries in {pgcluster.BIN}")
    directory = Path(tempfile.mkdtemp(prefix="masthead-replica-"))
    directory.chmod(0o755)
    port = servers.free_port()
    replica_port = servers.free_port()
    while replica_port == port:
        replica_port = servers.free_port()
    made = pgcluster.PgCluster(directory / "cluster", port=port, replica_port=replica_port)
    try:
        made.start()
        yield made
    finally:
        made.destroy()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def aliases(cluster, settings, django_db_blocker):
    """`default` and `replica` on the private clusters for the test, the router and a fresh view of the replica."""
    settings.DATABASE_ROUTERS = ["masthead.core.replica.ReplicaRouter"]
    settings.DATABASE_REPLICA_MAX_LAG = 5.0
    saved = {alias: connections[alias] for alias in ("default", "replica")}
    made = {"default": connection_to(cluster.url(cluster.port), "default"),
            "replica": connection_to(cluster.url(cluster.replica_port), "replica")}
    replica.health.reset()
    with django_db_blocker.unblock():
        for alias, connection in made.items():
            connections[alias] = connection
        try:
            with made["default"].schema_editor() as editor:
                editor.create_model(ContentVersion)
            yield made
        finally:
            for alias, connection in made.items():
                connection.close()
                connections[alias] = saved[alias]
            replica.health.reset()


def replicated(**lookup) -> bool:
    try:
        return ContentVersion.objects.using("replica").filter(**lookup).exists()
    except ProgrammingError:  # the table itself not there yet
        return False


def read_page():
    """An anonymous reader's GET through the middleware: (where its read went, what it read)."""
    seen = {}

    def view(request):
        seen["alias"] = router.db_for_read(ContentVersion)
        seen["number"] = ContentVersion.objects.get(pk=1).number
        return HttpResponse("ok")

    request = RequestFactory().get("/news/")
    request.user = AnonymousUser()
    close_old_connections()  # as at the start and end of every request (health checks, broken connections)
    response = replica.ReplicaReadsMiddleware(view)(request)
    close_old_connections()
    assert response.status_code == 200
    return seen["alias"], seen["number"]


def test_reads_come_from_the_replica_then_from_the_primary_when_it_stops(cluster, aliases):
    ContentVersion.objects.create(pk=1, number=42)
    wait_until(lambda: replicated(pk=1), what="the table and its row reaching the replica")
    # Caught up: no lag, however long ago the primary last wrote.
    wait_until(lambda: replica.measure_lag(aliases["replica"]) == 0.0, what="the replica catching up")

    assert read_page() == ("replica", 42)

    # Written just now: the page reads it, from the replica if it has replayed it, else from the primary.
    ContentVersion.objects.filter(pk=1).update(number=43)
    assert read_page()[1] == 43

    cluster.stop_replica()
    assert [read_page() for _ in range(3)] == [("default", 43)] * 3
    assert replica.health.down_until > time.monotonic()  # left alone for a while

    cluster.start_replica()
    cluster.wait_streaming()
    replica.health.down_until = 0.0  # the pause is over
    wait_until(lambda: read_page() == ("replica", 43), what="reads returning to the replica")
