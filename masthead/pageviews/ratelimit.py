"""Fixed-window request limits: in Redis (one round trip for all limits) when configured, else in Django's cache.

A limit that cannot be checked (the store is down) lets the request through:
counting stays honest through de-duplication, the limit only caps floods.
"""

import time

from django.core.cache import cache

from masthead.pageviews import redis_store


def hit(name: str, ident: str, *, limit: int, period: int) -> int | None:
    """Count one request; None if within `limit` per `period` seconds, else seconds until the window ends."""
    return hit_many([(name, ident, limit)], period=period)


def hit_many(limits: list[tuple[str, str, int]], *, period: int) -> int | None:
    """Count one request against each (name, ident, limit); the wait of the first limit exceeded, else None."""
    limits = [item for item in limits if item[2] > 0]
    if not limits:
        return None
    now = int(time.time())
    bucket = now // period
    keys = [f"pageviews:rl:{name}:{ident}:{bucket}" for name, ident, _ in limits]
    counts = _redis_counts(keys, period) if redis_store.available() else None
    if counts is None:
        counts = [_cache_count(key, period) for key in keys]
    for count, (_, _, limit) in zip(counts, limits):
        if count is not None and count > limit:
            return (bucket + 1) * period - now or 1
    return None


def _redis_counts(keys: list[str], period: int) -> list[int] | None:
    try:
        pipe = redis_store.client().pipeline(transaction=False)
        for key in keys:
            pipe.incr(redis_store.key(key))
            pipe.expire(redis_store.key(key), period + 1, nx=True)
        return pipe.execute()[::2]
    except redis_store.RedisUnavailable:
        redis_store.trip()
        return None


def _cache_count(key: str, period: int) -> int | None:
    try:
        if cache.add(key, 1, period + 1):
            return 1
        return cache.incr(key)
    except Exception:  # noqa: BLE001 - any cache failure: do not block readers
        return None
