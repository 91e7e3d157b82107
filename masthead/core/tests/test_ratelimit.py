"""One sliding-window limiter: shared by processes, atomic, failing closed, in Redis or the database."""

import threading
import time
from unittest import mock

import pytest
from django.db import DatabaseError, connection

from masthead.core import ratelimit
from masthead.core import redis as shared_redis
from masthead.core.ratelimit import Limit

pytestmark = pytest.mark.django_db

FIVE_A_MINUTE = Limit("test.five", 5, 60)


from masthead.core.tests.stores import store  # noqa: E402,F401  (database, and Redis where CI has it)


def at(seconds: float):
    """Freeze the limiter's clock at an absolute time (the start of a window when a multiple of 60)."""
    return mock.patch.object(ratelimit.time, "time", return_value=seconds)


def test_allows_up_to_the_limit_then_refuses_with_a_wait(store):
    with at(6_000_000):
        decisions = [ratelimit.hit(FIVE_A_MINUTE, "a") for _ in range(6)]
    assert all(decisions[:5])
    refused = decisions[5]
    assert not refused and not refused.store_down
    assert 1 <= refused.retry_after <= 120


def test_keys_are_counted_apart(store):
    with at(6_000_000):
        for _ in range(5):
            ratelimit.hit(FIVE_A_MINUTE, "a")
        assert ratelimit.hit(FIVE_A_MINUTE, "b")


def test_the_previous_window_still_weighs_early_in_the_next(store):
    with at(6_000_000 + 50):
        for _ in range(5):
            assert ratelimit.hit(FIVE_A_MINUTE, "edge")
    # Ten seconds later, a new fixed window: a fixed-window counter would allow five more at once.
    with at(6_000_000 + 60):
        assert not ratelimit.hit(FIVE_A_MINUTE, "edge")


def test_the_previous_window_fades_out(store):
    with at(6_000_000 + 50):
        for _ in range(5):
            ratelimit.hit(FIVE_A_MINUTE, "fade")
    with at(6_000_000 + 60 + 59):
        assert ratelimit.hit(FIVE_A_MINUTE, "fade")


def test_peek_does_not_count(store):
    with at(6_000_000):
        for _ in range(4):
            ratelimit.hit(FIVE_A_MINUTE, "p")
        assert ratelimit.peek(FIVE_A_MINUTE, "p")
        assert ratelimit.peek(FIVE_A_MINUTE, "p")
        ratelimit.hit(FIVE_A_MINUTE, "p")
        assert not ratelimit.peek(FIVE_A_MINUTE, "p")


def test_hit_all_refuses_when_any_limit_is_over(store):
    tight = Limit("test.tight", 1, 60)
    with at(6_000_000):
        assert ratelimit.hit_all([(FIVE_A_MINUTE, "x"), (tight, "x")])
        decision = ratelimit.hit_all([(FIVE_A_MINUTE, "x"), (tight, "x")])
    assert not decision and decision.retry_after >= 1


def test_a_limit_of_zero_is_off(store):
    off = Limit("test.off", 0, 60)
    assert all(ratelimit.hit(off, "k") for _ in range(50))


def test_long_keys_are_hashed(store):
    assert ratelimit.hit(FIVE_A_MINUTE, "k" * 10_000)


def test_the_database_store_failing_refuses(settings):
    settings.REDIS_URL = ""
    with mock.patch.object(ratelimit, "connection") as broken:
        broken.cursor.side_effect = DatabaseError("down")
        broken.ops = connection.ops
        decision = ratelimit.hit(FIVE_A_MINUTE, "k")
    assert not decision and decision.store_down and decision.retry_after > 0


def test_redis_failing_falls_back_to_the_database(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    shared_redis.reset()
    try:
        with at(6_000_000):
            decisions = [ratelimit.hit(FIVE_A_MINUTE, "r") for _ in range(6)]
        assert all(decisions[:5]) and not decisions[5] and not decisions[5].store_down
        assert shared_redis.paused()
    finally:
        shared_redis.reset()


@pytest.mark.django_db(transaction=True)
def test_parallel_hits_cannot_slip_past_the_limit(store):
    if store == "database" and connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    limit = Limit("test.race", 3, 600)
    results = []

    def worker():
        results.append(bool(ratelimit.hit(limit, "race")))
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 3, results


def test_expired_database_counters_are_purged(settings):
    from masthead.core.models import RateLimitCounter

    settings.REDIS_URL = ""
    with at(1_000_000):
        ratelimit.hit(FIVE_A_MINUTE, "old")
    assert RateLimitCounter.objects.count() == 1
    with at(time.time()), mock.patch.object(ratelimit, "PURGE_CHANCE", 1.0):
        ratelimit.hit(FIVE_A_MINUTE, "new")
    assert list(RateLimitCounter.objects.values_list("name", flat=True)) == ["test.five:new"]


def test_retry_after_says_when_a_hit_would_fit_again(store):
    twice = Limit("test.twice", 2, 60)
    with at(6_000_000):
        assert ratelimit.hit(twice, "w") and ratelimit.hit(twice, "w")
    # One second into the next window the previous two still weigh almost fully; one more fits
    # once their share has faded below one: at 30 s into this window.
    with at(6_000_000 + 61):
        assert ratelimit.peek(twice, "w").retry_after == 29
    with at(6_000_000 + 90):
        assert ratelimit.peek(twice, "w")


def test_retry_after_of_a_refused_hit_is_honest(store):
    twice = Limit("test.twice2", 2, 60)
    with at(6_000_000 + 10):
        assert ratelimit.hit(twice, "w") and ratelimit.hit(twice, "w")
        refused = ratelimit.hit(twice, "w")
    # Three hits counted (the refused one too): one more fits in the next window once their share
    # has faded to one, 3 * (1 - t/60) <= 1, at 40 s into it.
    assert refused.retry_after == 50 + 40
    with at(6_000_000 + 10 + refused.retry_after):
        assert ratelimit.peek(twice, "w")
    with at(6_000_000 + 10 + refused.retry_after - 5):
        assert not ratelimit.peek(twice, "w")


def test_one_per_window_is_an_exact_minimum_interval(store):
    spacing = Limit("test.spacing", 1, 15)
    with at(6_000_000 + 14):
        assert ratelimit.hit(spacing, "s")
        refused = ratelimit.hit(spacing, "s")
        assert not ratelimit.peek(spacing, "s")
    assert not refused and refused.retry_after == 15  # exactly the interval, not up to two


def test_a_refused_hit_does_not_move_the_interval(settings):
    settings.REDIS_URL = ""
    spacing = Limit("test.spacing2", 1, 15)
    with at(6_000_000):
        assert ratelimit.hit(spacing, "s")
    with at(6_000_010):
        assert ratelimit.hit(spacing, "s").retry_after == 5
    with at(6_000_015):
        assert ratelimit.hit(spacing, "s")


def test_the_interval_ends_in_redis_too(store):
    spacing = Limit("test.spacing3", 1, 1)
    assert ratelimit.hit(spacing, "r")
    assert not ratelimit.hit(spacing, "r")
    time.sleep(1.1)
    assert ratelimit.peek(spacing, "r") and ratelimit.hit(spacing, "r")


@pytest.mark.django_db(transaction=True)
def test_parallel_hits_cannot_slip_past_an_interval(store):
    if store == "database" and connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    spacing = Limit("test.race-spacing", 1, 600)
    results = []

    def worker():
        results.append(bool(ratelimit.hit(spacing, "race")))
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1, results
