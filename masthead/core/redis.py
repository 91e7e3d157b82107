"""The one Redis connection of a process, and the pause after a failure.

Redis is optional (`REDIS_URL`). When it is configured but failing, every
caller (the cache, rate limits, view counting) would otherwise wait for its own
timeout on every request; after one error the whole process leaves Redis alone
for `REDIS_RETRY_AFTER` seconds and each caller takes its fallback at once.
"""

import threading
import time

import redis
from django.conf import settings

Unavailable = (redis.RedisError, OSError)  # down, timing out, out of memory, read-only

_lock = threading.Lock()
_clients: dict[str, "redis.Redis"] = {}
_down_until = 0.0


def enabled() -> bool:
    return bool(settings.REDIS_URL)


def paused() -> bool:
    """Inside the pause that follows an error."""
    return time.monotonic() < _down_until


def available() -> bool:
    """Configured, and not paused."""
    return enabled() and not paused()


def trip() -> None:
    """Note a Redis failure: this process leaves Redis alone for a moment."""
    global _down_until
    _down_until = time.monotonic() + settings.REDIS_RETRY_AFTER


def reset() -> None:
    """Forget clients and failures (tests, and settings that changed)."""
    global _down_until
    with _lock:
        _clients.clear()
    _down_until = 0.0


def client() -> "redis.Redis":
    url = settings.REDIS_URL
    with _lock:
        if url not in _clients:
            timeout = settings.REDIS_TIMEOUT
            _clients[url] = redis.Redis.from_url(
                url,
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
                # No silent retries: a retried increment could land twice; failing fast keeps requests quick.
                retry=None,
                retry_on_timeout=False,
                health_check_interval=0,
                decode_responses=True,
            )
        return _clients[url]
