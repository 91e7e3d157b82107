"""One counter that says "published content changed", for keys of cached fragments.

Bumped on publish, unpublish, delete and taxonomy edits; cached fragments put
it in their keys, so they go stale at once without a list of keys to delete.
"""

import secrets

from django.core.cache import cache

KEY = "content-version"


def _fresh_start() -> int:
    # A random start, not 1: after the cache is emptied (Redis restarted, a test's
    # clean slate), the counter must not come back to a number that a process
    # still holds things under.
    return secrets.randbits(48)


def content_version() -> int:
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, _fresh_start(), None)
        version = cache.get(KEY) or 0
    return version


def bump_content_version(**kwargs) -> None:
    try:
        cache.incr(KEY)
    except ValueError:
        cache.add(KEY, _fresh_start(), None)
