"""Fixed-window request limits in Django's cache (Redis when configured, else per process).

A limit that cannot be checked (the cache is down) lets the request through:
counting stays honest through de-duplication, the limit only caps floods.
"""

import time

from django.core.cache import cache


def hit(name: str, ident: str, *, limit: int, period: int) -> int | None:
    """Count one request; None if within `limit` per `period` seconds, else seconds until the window ends."""
    if limit <= 0:
        return None
    now = int(time.time())
    bucket = now // period
    key = f"pageviews:rl:{name}:{ident}:{bucket}"
    try:
        if cache.add(key, 1, period + 1):
            count = 1
        else:
            count = cache.incr(key)
    except Exception:  # noqa: BLE001 - any cache failure: do not block readers
        return None
    if count > limit:
        return (bucket + 1) * period - now or 1
    return None
