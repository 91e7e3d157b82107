"""Many concurrent beacons against a real gunicorn: totals exact, repeats and bots add nothing.

The server is gunicorn in its own processes (2 workers x 16 threads) over the test's
data: on SQLite a file copy of the test database in WAL mode (the in-memory test
database cannot be shared between processes), on PostgreSQL the test database itself.
The full 20,000 beacons over 100 articles run in `make bench`; 2,000 over 20 here.
"""

import random
import subprocess
import sys
import threading

import pytest
from django.conf import settings as django_settings

from masthead.core import servers
from masthead.pageviews import loadtest
from masthead.testing import make_article

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.skipif(
    not servers.shutil.which("redis-server"), reason="needs redis-server")]

ARTICLES = 20
BEACONS = 2000


class Target(servers.SharedDatabase):
    """The database the server uses, seen from the test: a URL, a flush, the totals."""

    def __init__(self, tmp_path):
        super().__init__(tmp_path, "beacons")

    def env(self, redis_url: str = "") -> dict[str, str]:
        return servers.server_env(DATABASE_URL=self.url, REDIS_URL=redis_url, PAGEVIEWS_NETWORK_LIMIT="0",
                                  REDIS_RETRY_AFTER="0.3", PAGEVIEWS_KEY_PREFIX=django_settings.PAGEVIEWS_KEY_PREFIX)

    def flush(self, redis_url: str = "") -> None:
        subprocess.run([sys.executable, "manage.py", "flush_pageviews"], cwd=django_settings.BASE_DIR,
                       env=self.env(redis_url), check=True, capture_output=True, timeout=120)


@pytest.fixture
def articles(site_tree):
    return [make_article().pk for _ in range(ARTICLES)]


@pytest.fixture
def target(articles, tmp_path):
    return Target(tmp_path)


def mixed_load(articles):
    fresh = loadtest.distinct_visitors(articles, BEACONS)
    repeats = random.Random(1).sample(fresh, 200)
    bots = [
        loadtest.Beacon(b.article_id, loadtest.new_visitor_cookie()[0], ua)
        for b, ua in zip(fresh[:100], [loadtest.GOOGLEBOT_UA, loadtest.CURL_UA] * 50)
    ]
    load = fresh + repeats + bots
    random.Random(2).shuffle(load)
    return fresh, load


def assert_exact(target, fresh, articles):
    expected = {pk: 0 for pk in articles}
    for beacon in fresh:
        expected[beacon.article_id] += 1
    totals = dict(target.rows("SELECT article_id, counted FROM pageviews_articleviews"))
    assert {pk: totals.get(pk, 0) for pk in articles} == expected
    assert target.rows("SELECT SUM(views) FROM pageviews_dailyviews")[0][0] == BEACONS


def test_concurrent_beacons_are_counted_exactly_in_the_database(target, articles):
    fresh, load = mixed_load(articles)
    with servers.gunicorn(target.env()) as url:
        statuses = loadtest.send(url, load, threads=64)
    assert statuses == {200: len(load)}
    assert_exact(target, fresh, articles)


@pytest.mark.parametrize("persistence", ["rdb", "aof", "none"])
def test_concurrent_beacons_through_redis_are_exact_and_survive_redis_stopping(target, articles, tmp_path, persistence):
    """Redis is stopped after a third of the beacons and started again after two thirds.

    With a snapshot or an append-only file the views wait in Redis for the flush; a
    Redis that keeps nothing comes back empty, so the views never wait in it.
    """
    fresh, load = mixed_load(articles)
    with servers.RedisServer(tmp_path / "redis", persistence=persistence) as redis:
        stop = threading.Event()

        def flusher():  # the periodic job, running beside the traffic as under `make run`
            while not stop.is_set():
                subprocess.run([sys.executable, "manage.py", "flush_pageviews"], cwd=django_settings.BASE_DIR,
                               env=target.env(redis.url), capture_output=True, timeout=120)

        def fault(done):
            if done == len(load) // 3:
                redis.stop()
            elif done == 2 * len(load) // 3:
                redis.start()

        with servers.gunicorn(target.env(redis.url)) as url:
            thread = threading.Thread(target=flusher)
            thread.start()
            try:
                statuses = loadtest.send(url, load, threads=64, on_progress=fault)
            finally:
                stop.set()
                thread.join()
        target.flush(redis.url)  # replays what the database took during the outage
        target.flush(redis.url)  # and moves it on from Redis
        waited_in_redis = target.rows("SELECT COUNT(*) FROM pageviews_flushedbatch")[0][0] > 0
    assert statuses == {200: len(load)}
    assert_exact(target, fresh, articles)
    assert waited_in_redis == (persistence != "none")


def test_the_address_limit_holds_across_two_workers_on_the_database(target, articles):
    """One limit for the whole site, not one per worker process: 2 workers x 16 threads, one address."""
    load = loadtest.distinct_visitors(articles, 120)  # each its own cookie, all from 127.0.0.1
    env = {**target.env(), "PAGEVIEWS_NETWORK_LIMIT": "50"}
    with servers.gunicorn(env) as url:
        statuses = loadtest.send(url, load, threads=32)
    assert statuses == {200: 50, 429: 70}
