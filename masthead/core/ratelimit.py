"""One rate limiter for every limit on the site: a sliding window, shared by all processes, failing closed.

Every limit (comment floods, typo reports, view beacons, sign-in failures, ...)
is a `Limit(name, limit, window)` counted per key (usually a visitor key from
`masthead.core.identity`). The count is the sliding-window estimate: this
window's hits plus the previous window's, weighted by how much of it still
overlaps the last `window` seconds. Unlike a fixed window it cannot be doubled
by bursting at a window's edge, and it needs two counters, not a log of hits.

Where the counters live:
- Redis (`REDIS_URL`): INCRBY and GET in one pipelined round trip for all the
  limits of a request.
- otherwise, or while Redis is failing: the database (`RateLimitCounter`), one
  `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` per limit. Both are atomic,
  so parallel requests cannot slip past a limit together, and both are shared by
  every worker process (a per-process memory cache would multiply each limit by
  the number of workers).
- neither answering: the limit fails closed, `Decision.store_down` is set and
  the request is refused; callers decide what refused means (hold a comment,
  503 a form), never "let it through".

Why not the `limits` package: its shared storages need Redis or memcached, its
memory storage is per process, and it has no database storage or fallback.
"""

import hashlib
import logging
import math
import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection

from masthead.core import redis as shared_redis

logger = logging.getLogger(__name__)
PURGE_CHANCE = 0.002  # about one hit in 500 also deletes expired database counters
STORE_DOWN_RETRY = 30


@dataclass(frozen=True)
class Limit:
    name: str  # "comments.attempts": also the counters' namespace
    limit: int  # hits allowed per window; 0 or less switches the limit off
    window: int  # seconds


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds until a hit would be allowed again
    store_down: bool = False  # no store could count: refused without counting

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def hit(limit: Limit, key: str, *, cost: int = 1) -> Decision:
    """Count one hit of `key` against `limit`; whether it is within it."""
    return hit_all([(limit, key)], cost=cost)


def hit_all(pairs: list[tuple[Limit, str]], *, cost: int = 1) -> Decision:
    """Count one hit against each (limit, key); refused if any limit is exceeded (the longest wait)."""
    return _decide(pairs, cost)


def peek(limit: Limit, key: str) -> Decision:
    """Whether one more hit would be within the limit, without counting it."""
    return _decide([(limit, key)], 0)


def _decide(pairs: list[tuple[Limit, str]], cost: int) -> Decision:
    pairs = [(limit, key) for limit, key in pairs if limit.limit > 0]
    if not pairs:
        return ALLOWED
    now = time.time()
    counters = [_counter_ids(limit, key, now) for limit, key in pairs]
    counts = _redis_counts(counters, cost) if shared_redis.available() else None
    if counts is None:
        counts = _database_counts(counters, cost)
    if counts is None:
        return Decision(False, STORE_DOWN_RETRY, store_down=True)
    waits = [
        _wait(limit, current, previous, now, cost)
        for (limit, _), (current, previous) in zip(pairs, counts)
    ]
    refused = [wait for wait in waits if wait is not None]
    return Decision(False, max(refused)) if refused else ALLOWED


def _wait(limit: Limit, current: int, previous: int, now: float, cost: int) -> int | None:
    """None when within the limit, else the seconds until a hit would fit.

    A counted hit is already in `current`; a peek (cost 0) asks about one more.
    """
    window = limit.window
    pending = current if cost else current + 1
    elapsed = now % window
    if previous * (1 - elapsed / window) + pending <= limit.limit:
        return None
    if pending <= limit.limit:
        # Only the previous window's share stands in the way; it fades during this window.
        needed = window * (1 - (limit.limit - pending) / previous) - elapsed
        return max(1, math.ceil(needed))
    # This window alone is over: wait for the next one, until this window's share has faded enough
    # for one more hit.
    fade = window * (1 - (limit.limit - 1) / current) if current else 0
    return max(1, math.ceil(window - elapsed + max(fade, 0)))


def _counter_ids(limit: Limit, key: str, now: float) -> tuple[str, int, int]:
    """(counter name, this window's number, window length)."""
    if len(key) > 64:
        key = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"{limit.name}:{key}", int(now // limit.window), limit.window


def _redis_counts(counters: list[tuple[str, int, int]], cost: int) -> list[tuple[int, int]] | None:
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "") + ":rl:"
    try:
        pipe = shared_redis.client().pipeline(transaction=False)
        for name, bucket, window in counters:
            current = f"{prefix}{name}:{bucket}"
            if cost:
                pipe.incrby(current, cost)
                pipe.expire(current, 2 * window + 1, nx=True)
            else:
                pipe.get(current)
            pipe.get(f"{prefix}{name}:{bucket - 1}")
        replies = pipe.execute()
    except shared_redis.Unavailable as error:
        shared_redis.trip()
        logger.warning("rate limits: Redis unavailable (%s); counting in the database", error.__class__.__name__)
        return None
    step = 3 if cost else 2
    return [(int(replies[i] or 0), int(replies[i + step - 1] or 0)) for i in range(0, len(replies), step)]


def _database_counts(counters: list[tuple[str, int, int]], cost: int) -> list[tuple[int, int]] | None:
    from masthead.core.models import RateLimitCounter

    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    now = int(time.time())
    results = []
    try:
        with connection.cursor() as cursor:
            for name, bucket, window in counters:
                if cost:
                    cursor.execute(
                        f"INSERT INTO {table} (name, bucket, count, expires_at) VALUES (%s, %s, %s, %s) "
                        f"ON CONFLICT (name, bucket) DO UPDATE SET count = {table}.count + excluded.count "
                        f"RETURNING count, (SELECT p.count FROM {table} p WHERE p.name = %s AND p.bucket = %s)",
                        [name, bucket, cost, now + 2 * window + 1, name, bucket - 1],
                    )
                    current, previous = cursor.fetchone()
                else:
                    cursor.execute(
                        f"SELECT bucket, count FROM {table} WHERE name = %s AND bucket IN (%s, %s)",
                        [name, bucket, bucket - 1],
                    )
                    found = dict(cursor.fetchall())
                    current, previous = found.get(bucket, 0), found.get(bucket - 1, 0)
                results.append((int(current), int(previous or 0)))
            if cost and random.random() < PURGE_CHANCE:
                cursor.execute(f"DELETE FROM {table} WHERE expires_at < %s", [now])
    except DatabaseError:
        logger.exception("rate limits: the database could not count; refusing")
        return None
    return results
