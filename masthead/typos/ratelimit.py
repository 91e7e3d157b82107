"""A fixed-window counter per visitor in the cache (Redis INCR in production)."""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> int | None:
    """Count one hit; return the seconds to wait when over `limit`, else None.

    A cache outage lets the hit through: losing typo reports would be worse
    than a few extra ones, and the other limits still hold.
    """
    now = int(time.time())
    window_start = now - now % window
    cache_key = f"rl:{scope}:{key}:{window_start}"
    try:
        cache.add(cache_key, 0, window + 5)
        count = cache.incr(cache_key)
    except Exception:  # noqa: BLE001 - any cache backend failure
        logger.warning("rate limit cache unavailable for %s", scope, exc_info=True)
        return None
    if count > limit:
        return max(1, window_start + window - now)
    return None
