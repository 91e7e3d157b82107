"""Flood limits on atomic cache counters: per account and per visitor.

Fixed windows (`add` then `incr`, both atomic in Redis), and the time of the
last accepted comment for the minimum interval. The cache is passed in so the
module stays free of settings; the comments app passes Django's default cache.
"""

import math
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class FloodLimits:
    min_interval: int = 15  # seconds between two accepted comments
    per_hour: int = 30  # accepted comments per account
    visitor_per_hour: int = 60  # accepted comments per visitor, whatever the account
    attempts_per_minute: int = 10  # submissions per visitor, refused ones included


def _window(cache, key: str, seconds: int, now: float) -> tuple[str, float]:
    index = int(now // seconds)
    return f"comments:{key}:{index}", (index + 1) * seconds - now


def _count(cache, key: str, seconds: int, now: float) -> tuple[int, float]:
    name, left = _window(cache, key, seconds, now)
    return cache.get(name, 0), left


def _bump(cache, key: str, seconds: int, now: float) -> tuple[int, float]:
    name, left = _window(cache, key, seconds, now)
    cache.add(name, 0, seconds + 5)
    try:
        return cache.incr(name), left
    except ValueError:  # expired between add and incr
        cache.add(name, 1, seconds + 5)
        return 1, left


def attempt(cache, *, visitor: str, limits: FloodLimits, now: float | None = None) -> int | None:
    """Count one submission; seconds to wait if the visitor submits too often, else None."""
    now = now or time.time()
    count, left = _bump(cache, f"attempts:{visitor}", 60, now)
    return math.ceil(left) if count > limits.attempts_per_minute else None


def retry_after(cache, *, account: str | None, visitor: str, limits: FloodLimits, now: float | None = None) -> int | None:
    """Seconds to wait before another comment may be accepted, or None."""
    now = now or time.time()
    waits = []
    for who, per_hour in ((account, limits.per_hour), (visitor, limits.visitor_per_hour)):
        if not who:
            continue
        last = cache.get(f"comments:last:{who}")
        if last is not None and now - last < limits.min_interval:
            waits.append(limits.min_interval - (now - last))
        count, left = _count(cache, f"hour:{who}", 3600, now)
        if count >= per_hour:
            waits.append(left)
    return math.ceil(max(waits)) if waits else None


def accepted(cache, *, account: str | None, visitor: str, limits: FloodLimits, now: float | None = None) -> None:
    """Record an accepted comment against the account's and the visitor's limits."""
    now = now or time.time()
    for who in (account, visitor):
        if who:
            cache.set(f"comments:last:{who}", now, limits.min_interval + 5)
            _bump(cache, f"hour:{who}", 3600, now)
