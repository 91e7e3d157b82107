"""One rate limiter for every limit on the site: a sliding window, shared by all processes, failing closed.

Every limit (comment floods, typo reports, view beacons, sign-in failures, ...)
is a `Limit(name, limit, window)` counted per key (usually a visitor key from
`masthead.core.identity`). The count is the sliding-window estimate: this
window's hits plus the previous window's, weighted by how much of it still
overlaps the last `window` seconds. Unlike a fixed window it cannot be doubled
by bursting at a window's edge, and it needs two counters, not a log of hits.
A limit of one per window (a minimum interval) is kept exactly instead, as a
mark that expires `window` seconds after the hit it allowed.

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
from django.db import DatabaseError, connection, transaction

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
    windows = [(limit, key) for limit, key in pairs if limit.limit > 1]
    spacings = [(limit, key) for limit, key in pairs if limit.limit == 1]
    waits = []
    for group, count in ((windows, _count_windows), (spacings, _count_spacings)):
        if group:
            group_waits = count(group, cost, now)
            if group_waits is None:
                return Decision(False, STORE_DOWN_RETRY, store_down=True)
            waits += group_waits
    refused = [wait for wait in waits if wait is not None]
    return Decision(False, max(refused)) if refused else ALLOWED


def _count_windows(pairs: list[tuple[Limit, str]], cost: int, now: float) -> list[int | None] | None:
    """Sliding windows: each limit's wait (None when within it), or None when no store could count."""
    counters = [_counter_ids(limit, key, now) for limit, key in pairs]
    counts = _redis_counts(counters, cost) if shared_redis.available() else None
    if counts is None:
        counts = _database_counts(counters, cost)
    if counts is None:
        return None
    return [_wait(limit, current, previous, now, cost) for (limit, _), (current, previous) in zip(pairs, counts)]


def _count_spacings(pairs: list[tuple[Limit, str]], cost: int, now: float) -> list[int | None] | None:
    """One hit per window is kept exactly, as a spacing: after a hit nothing fits until `window` seconds later.

    A sliding estimate would make "one comment per 15 s" wait between 15 and 30
    seconds; a mark that expires `window` seconds after the allowed hit says
    exactly when the next one fits. A refused hit does not move the mark.
    """
    marks = [(f"{limit.name}:{_short(key)}", limit.window) for limit, key in pairs]
    expiries = _redis_spacings(marks, cost, now) if shared_redis.available() else None
    if expiries is None:
        expiries = _database_spacings(marks, cost, now)
    if expiries is None:
        return None
    return [
        None if allowed else max(1, math.ceil(expires_at - now))
        for allowed, expires_at in expiries
    ]


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


def _short(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32] if len(key) > 64 else key


def _counter_ids(limit: Limit, key: str, now: float) -> tuple[str, int, int]:
    """(counter name, this window's number, window length)."""
    return f"{limit.name}:{_short(key)}", int(now // limit.window), limit.window


def _redis_prefix() -> str:
    return settings.CACHES["default"].get("KEY_PREFIX", "") + ":rl:"


def _redis_failed(error: Exception) -> None:
    shared_redis.trip()
    logger.warning("rate limits: Redis unavailable (%s); counting in the database", error.__class__.__name__)


def _redis_spacings(marks: list[tuple[str, int]], cost: int, now: float) -> list[tuple[bool, float]] | None:
    """(allowed, when the mark expires) per mark: SET NX PX takes the mark atomically."""
    prefix = _redis_prefix()
    try:
        pipe = shared_redis.client().pipeline(transaction=False)
        for name, window in marks:
            if cost:
                pipe.set(f"{prefix}{name}:mark", 1, nx=True, px=window * 1000)
            pipe.pttl(f"{prefix}{name}:mark")
        replies = pipe.execute()
    except shared_redis.Unavailable as error:
        _redis_failed(error)
        return None
    results = []
    step = 2 if cost else 1
    for i in range(0, len(replies), step):
        taken, ttl = (replies[i], replies[i + 1]) if cost else (None, replies[i])
        remaining = max(ttl, 0) / 1000
        results.append((bool(taken) if cost else ttl < 0, now + remaining))
    return results


def _database_spacings(marks: list[tuple[str, int]], cost: int, now: float) -> list[tuple[bool, float]] | None:
    """The same marks as rows (bucket -1): an expired mark is taken over in one upsert."""
    from masthead.core.models import RateLimitCounter

    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    moment = math.floor(now)
    results: dict[int, tuple[bool, float]] = {}
    # One transaction, rows taken in name order: the marks of one hit are won together or not at all.
    # Row by row in autocommit, of eight parallel posts one could win the visitor's mark and another
    # the account's, and both were refused (seen on PostgreSQL). The fixed order rules out deadlocks.
    order = sorted(range(len(marks)), key=lambda index: marks[index][0])
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for index in order:
                name, window = marks[index]
                if cost:
                    cursor.execute(
                        f"INSERT INTO {table} (name, bucket, count, expires_at) VALUES (%s, -1, 1, %s) "
                        f"ON CONFLICT (name, bucket) DO UPDATE SET "
                        f"count = CASE WHEN {table}.expires_at <= %s THEN 1 ELSE {table}.count + 1 END, "
                        f"expires_at = CASE WHEN {table}.expires_at <= %s THEN excluded.expires_at "
                        f"ELSE {table}.expires_at END "
                        f"RETURNING count, expires_at",
                        [name, moment + window, moment, moment],
                    )
                    count, expires_at = cursor.fetchone()
                    results[index] = (count == 1, float(expires_at))
                else:
                    cursor.execute(f"SELECT expires_at FROM {table} WHERE name = %s AND bucket = -1", [name])
                    row = cursor.fetchone()
                    results[index] = (row is None or row[0] <= moment, float(row[0]) if row else now)
    except DatabaseError:
        logger.exception("rate limits: the database could not count; refusing")
        return None
    return [results[index] for index in range(len(marks))]


def _redis_counts(counters: list[tuple[str, int, int]], cost: int) -> list[tuple[int, int]] | None:
    prefix = _redis_prefix()
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
        _redis_failed(error)
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
