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
_persistence: dict[str, tuple[float, bool]] = {}  # url -> (when asked, keeps its data)
PERSISTENCE_RECHECK = 60.0


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
        _persistence.clear()
    _down_until = 0.0


def persistent() -> bool:
    """Whether this Redis keeps its data across a restart: an append-only file or snapshot points.

    A Redis run as a pure cache (`--save "" --appendonly no`, as this machine's is)
    comes back empty, so data that exists nowhere else (view counts waiting for their
    flush) must not be kept in it. `REDIS_PERSISTENT` = yes/no overrides the answer
    for a Redis that forbids CONFIG (some managed ones). Asked once a minute per
    process; raises `Unavailable` when Redis cannot answer.
    """
    if settings.REDIS_PERSISTENT != "auto":
        return settings.REDIS_PERSISTENT == "yes"
    url = settings.REDIS_URL
    known = _persistence.get(url)
    now = time.monotonic()
    if known and now - known[0] < PERSISTENCE_RECHECK:
        return known[1]
    answer = _ask_persistence(client())
    _persistence[url] = (now, answer)
    return answer


def last_known_persistence() -> bool | None:
    """The last answer of `persistent()` (None before the first), for deciding while Redis is down."""
    if settings.REDIS_PERSISTENT != "auto":
        return settings.REDIS_PERSISTENT == "yes"
    known = _persistence.get(settings.REDIS_URL)
    return known[1] if known else None


def _ask_persistence(conn: "redis.Redis") -> bool:
    try:
        config = {**conn.config_get("appendonly"), **conn.config_get("save")}
    except redis.ResponseError:
        # CONFIG renamed away: INFO still tells of an append-only file, not of snapshot points.
        return bool(conn.info("persistence").get("aof_enabled"))
    return config.get("appendonly") == "yes" or bool(config.get("save", "").strip())


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
