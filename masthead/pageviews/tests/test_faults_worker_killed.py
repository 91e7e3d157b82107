"""A gunicorn worker killed (SIGKILL) in the middle of beacon traffic: no answered view lost, none counted twice.

A real gunicorn (2 workers x 8 threads) counts views in the database store (no Redis),
or in a private Redis with the periodic flush moving them to the database (once
during the load, once after); a third of the way through the beacons one worker is
killed outright, as the kernel's OOM killer would. Requests it had in flight fail on the client, which sends each once
more with the same visitor cookie (as the page's script does on a network error), so a
view the dead worker had already stored must not be counted again. Afterwards the master
has replaced the worker and the site answers.
"""

import os
import signal
import threading
import time
from collections import Counter

import pytest

from masthead.core import servers
from masthead.pageviews import loadtest
from masthead.pageviews.tests.test_concurrency import Target
from masthead.testing import make_article

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTICLES = 10
BEACONS = 1200
WORKERS = 2


@pytest.fixture
def articles(site_tree):
    return [make_article().pk for _ in range(ARTICLES)]


def wait_for_replacement(master, killed: int, timeout: float = 20.0) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = servers.worker_pids(master)
        if len(pids) == WORKERS and killed not in pids:
            return pids
        time.sleep(0.1)
    return servers.worker_pids(master)


@pytest.fixture(params=["database", "redis"])
def store(request, tmp_path):
    """Where the server counts: the database alone, or a private Redis flushed into it."""
    if request.param == "database":
        yield ""
        return
    with servers.RedisServer(tmp_path / "redis", persistence="aof") as redis:  # views wait in Redis only when it persists
        yield redis.url


def test_a_worker_killed_mid_load_loses_no_answered_view_and_is_replaced(articles, tmp_path, store):
    target = Target(tmp_path)
    load = loadtest.distinct_visitors(articles, BEACONS)
    sent = Counter(beacon.article_id for beacon in load)
    killed: list[int] = []
    flushes: list[threading.Thread] = []

    with servers.gunicorn_process(target.env(store), workers=WORKERS, threads=8) as (url, master):
        assert loadtest.send(url, load[:2], threads=2) == {200: 2}  # both workers up before the clock starts
        before = servers.worker_pids(master)

        def kill(done):
            if done == BEACONS // 3:
                victim = min(servers.worker_pids(master))
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            if store and done == 2 * BEACONS // 3:  # the periodic flush runs while beacons arrive
                flushes.append(threading.Thread(target=target.flush, args=(store,)))
                flushes[-1].start()

        statuses = loadtest.send(url, load[2:], threads=32, on_progress=kill)
        after = wait_for_replacement(master, killed[0])
        again = loadtest.send(url, loadtest.distinct_visitors(articles[:1], 3), threads=1)
    for flush in flushes:
        flush.join()
    if store:
        target.flush(store)

    ok = sum(n for status, n in statuses.items() if status != "error" and 200 <= status < 300) + 2
    counted = dict(target.rows("SELECT article_id, counted FROM pageviews_articleviews"))
    stored = sum(counted.get(pk, 0) for pk in articles)
    marks = target.rows("SELECT COUNT(*) FROM pageviews_viewmark")[0][0]
    daily = target.rows("SELECT SUM(views) FROM pageviews_dailyviews")[0][0]
    extra = 3  # the three beacons after the restart
    print(f"\nworker killed mid-load ({'redis' if store else 'database'} store): sent {BEACONS}, answered 2xx {ok}, other answers "
          f"{ {k: v for k, v in statuses.items() if k == 'error' or not 200 <= k < 300} }, stored {stored - extra} "
          f"(database marks {marks - extra if not store else 'n/a'}, daily {daily - extra}); lost {max(0, ok - (stored - extra))}, "
          f"stored without an answer {max(0, stored - extra - ok)}; workers {sorted(before)} -> {sorted(after)}, "
          f"after the restart {dict(again)}")
    assert len(killed) == 1 and killed[0] in before
    assert len(after) == WORKERS and killed[0] not in after
    assert again == {200: 3}
    assert set(statuses) <= {200, "error"}
    # Every answered view stored, and none stored twice (each beacon is a visitor of its own).
    assert ok <= stored - extra <= BEACONS
    assert stored == daily
    if not store:  # with Redis the visitors' marks live in Redis, not in the database
        assert stored == marks
    for pk in articles:
        assert counted.get(pk, 0) <= sent[pk] + (extra if pk == articles[0] else 0)
