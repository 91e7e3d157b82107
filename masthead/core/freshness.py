"""One counter that says "published content changed", for keys of cached fragments.

Bumped on publish, unpublish, delete and taxonomy edits; cached fragments put
it in their keys, so they go stale at once without a list of keys to delete.
"""

from django.core.cache import cache

KEY = "content-version"


def content_version() -> int:
    version = cache.get(KEY)
    if version is None:
        version = 1
        cache.add(KEY, version, None)
    return version


def bump_content_version(**kwargs) -> None:
    try:
        cache.incr(KEY)
    except ValueError:
        cache.add(KEY, 2, None)
