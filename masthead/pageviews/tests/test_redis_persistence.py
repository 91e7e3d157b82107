"""Views wait in Redis for their flush only in a Redis that keeps its data across a restart.

A Redis run as a pure cache (no snapshot points, no append-only file) comes back
empty after a restart, and the views waiting in it would be gone: with such a Redis
every view is counted in the database. Each test runs its own private redis-server.
"""

import shutil
import subprocess

import pytest

from masthead.core import redis as shared_redis
from masthead.core import servers
from masthead.pageviews import redis_store
from masthead.pageviews.models import DeferredView
from masthead.pageviews.services import view_record, views_flush, views_total
from masthead.pageviews.tests.test_redis import stored, visitor

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")]


@pytest.fixture
def private_redis(settings, tmp_path):
    def start(persistence: str) -> servers.RedisServer:
        server = servers.RedisServer(tmp_path / persistence, persistence=persistence)
        server.start()
        started.append(server)
        settings.REDIS_URL = server.url
        settings.REDIS_PERSISTENT = "auto"
        settings.REDIS_RETRY_AFTER = 0.2
        shared_redis.reset()
        return server

    started: list[servers.RedisServer] = []
    yield start
    for server in started:
        server.stop()
    shared_redis.reset()


def test_a_redis_that_keeps_nothing_is_not_trusted_with_views(article, private_redis):
    private_redis("none")
    for n in range(3):
        view_record(article_id=article.pk, visitor=visitor(n))
    assert stored(article) == 3  # in the database at once
    assert redis_store.unflushed([article.pk]) == {article.pk: 0}
    view_record(article_id=article.pk, visitor=visitor(1))  # a repeat, de-duplicated in the database
    assert views_total(article_id=article.pk) == 3


@pytest.mark.parametrize("persistence", ["rdb", "aof"])
def test_a_redis_that_persists_keeps_views_until_the_flush(article, private_redis, persistence):
    private_redis(persistence)
    for n in range(3):
        view_record(article_id=article.pk, visitor=visitor(n))
    assert stored(article) == 0 and redis_store.unflushed([article.pk]) == {article.pk: 3}
    assert views_flush().views == 3
    assert stored(article) == 3


def test_views_counted_before_a_restart_of_a_cache_only_redis_are_all_kept(article, private_redis):
    redis = private_redis("none")
    view_record(article_id=article.pk, visitor=visitor(1))
    redis.stop()
    view_record(article_id=article.pk, visitor=visitor(2))  # Redis down: still the database, not deferred
    redis.start()
    view_record(article_id=article.pk, visitor=visitor(3))
    view_record(article_id=article.pk, visitor=visitor(1))  # seen before the restart: still not counted again
    views_flush()
    assert stored(article) == 3 and not DeferredView.objects.exists()


def test_the_setting_overrides_what_redis_says(article, private_redis, settings):
    private_redis("none")
    settings.REDIS_PERSISTENT = "yes"
    view_record(article_id=article.pk, visitor=visitor(1))
    assert stored(article) == 0 and redis_store.unflushed([article.pk]) == {article.pk: 1}


@pytest.mark.parametrize("appendonly, expected", [("yes", True), ("no", False)])
def test_a_redis_that_forbids_config_is_asked_through_info(settings, tmp_path, appendonly, expected):
    """Managed Redis services often rename CONFIG away; INFO still tells of an append-only file."""
    port = servers.free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", appendonly,
         "--dir", str(tmp_path), "--rename-command", "CONFIG", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        servers.wait_for_port(port, process=process)
        settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
        settings.REDIS_PERSISTENT = "auto"
        shared_redis.reset()
        assert shared_redis.persistent() is expected
    finally:
        process.terminate()
        process.wait(5)
        shared_redis.reset()
