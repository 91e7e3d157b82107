"""A Redis cache that may go away without taking the site with it.

Django's RedisCache raises when Redis is unreachable, which would turn every
page into a 500 the moment Redis stops. Here an unreachable Redis reads as a
cache miss and writes are dropped; after a failure the backend leaves Redis
alone for a few seconds, so pages do not each wait for a timeout.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5.0


def _redis_errors():
    import redis

    return (redis.exceptions.RedisError, OSError)  # down, timing out, out of memory, read-only


class TolerantRedisCache(RedisCache):
    _down_until = 0.0

    def _guard(self, operation, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except _redis_errors() as error:
            TolerantRedisCache._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("cache: Redis unavailable (%s); serving without it", error.__class__.__name__)
            return fallback

    def get(self, key, default=None, version=None):
        return self._guard("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, key, version)

    def set(self, key, value, timeout=..., version=None):
        from django.core.cache.backends.base import DEFAULT_TIMEOUT

        return self._guard("set", None, key, value, DEFAULT_TIMEOUT if timeout is ... else timeout, version)

    def set_many(self, data, timeout=..., version=None):
        from django.core.cache.backends.base import DEFAULT_TIMEOUT

        return self._guard("set_many", list(data), data, DEFAULT_TIMEOUT if timeout is ... else timeout, version)

    def add(self, key, value, timeout=..., version=None):
        from django.core.cache.backends.base import DEFAULT_TIMEOUT

        return self._guard("add", False, key, value, DEFAULT_TIMEOUT if timeout is ... else timeout, version)

    def touch(self, key, timeout=..., version=None):
        from django.core.cache.backends.base import DEFAULT_TIMEOUT

        return self._guard("touch", False, key, DEFAULT_TIMEOUT if timeout is ... else timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        # A failed increment must not look like success: the caller falls back as for a missing key.
        result = self._guard("incr", None, key, delta, version)
        if result is None:
            raise ValueError("cache unavailable")
        return result

    def clear(self):
        return self._guard("clear", None)
