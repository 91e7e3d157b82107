"""Caching: get-or-compute under the content version, and a Redis cache that may go away.

`cached(key, compute)` is the one way a fragment, a list or a lookup is cached
on this site: the key carries the content version (`masthead.core.freshness`),
so every publish, unpublish or taxonomy edit makes the old entries unreachable
at once without a list of keys to delete. Things that change more often than
published content (one article's comment thread) add a *scope*
(`scope="comments:thread:42"`) with its own version, raised by `bump_scope`.
A scope's version starts at a random number, so when the cache loses it (an
eviction, a Redis restart) the next number cannot meet entries stored under an
old one. Callers write no `try`: the cache below reads a failing Redis as a miss.

Django's RedisCache raises when Redis is unreachable, which would turn every
page into a 500 the moment Redis stops. `TolerantRedisCache` reads an
unreachable Redis as a cache miss and drops writes; after a failure the process
leaves Redis alone for a moment (`masthead.core.redis`), so pages do not each
wait for a timeout.
"""

import logging
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache

from masthead.core import redis as shared_redis
from masthead.core.freshness import content_version

logger = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()


def cached(key: str, compute: Callable[[], T], *, timeout: int | None = 600, scope: str | None = None) -> T:
    """The value stored for `key` under the current content (and scope) version, computed once if absent."""
    full_key = f"v:{key}:{content_version()}"
    if scope is not None:
        full_key += f":{scope_version(scope)}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def scope_version(scope: str) -> int:
    key = f"scope:{scope}"
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.randbits(48), None)
        version = cache.get(key)
    # A cache that keeps nothing (Redis down) gives no version: a fresh number means no stale hit.
    return version if version is not None else secrets.randbits(48)


def bump_scope(scope: str) -> None:
    """Make every entry cached under `scope` unreachable (its thread changed, say)."""
    key = f"scope:{scope}"
    try:
        cache.incr(key)
    except ValueError:  # absent (or the cache is down): any new random start will do
        cache.set(key, secrets.randbits(48), None)


def bump_scopes(scopes: list[str]) -> None:
    """`bump_scope` for many scopes in one round trip (an import's batch of threads): each gets a
    new random start, which an old entry cannot meet any more than an incremented version."""
    if scopes:
        cache.set_many({f"scope:{scope}": secrets.randbits(48) for scope in scopes}, None)


class TolerantRedisCache(RedisCache):
    def _guard(self, operation, fallback, *args, **kwargs):
        if shared_redis.paused():
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except shared_redis.Unavailable as error:
            shared_redis.trip()
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
