"""One number that says "published content changed", for keys of cached fragments.

It is raised on publish, unpublish, delete and taxonomy edits, and when an
article dated in the future reaches its time (`masthead.articles.freshness`
notices that; this module only keeps the number). Fragments put it in their
keys, so they go stale at once without a list of keys to delete. The number
lives in the database (see ContentVersion); each process re-reads it at most
every CONTENT_VERSION_TTL seconds, and at once after raising it itself. Raised
inside the editor's transaction, it becomes visible to others together with the
change.
"""

import secrets
import time

from django.conf import settings
from django.db.models import F

_memo = {"number": None, "read_at": 0.0}


def forget() -> None:
    _memo.update(number=None, read_at=0.0)


def content_version() -> int:
    now = time.monotonic()
    ttl = getattr(settings, "CONTENT_VERSION_TTL", 1.0)
    if _memo["number"] is None or now - _memo["read_at"] >= ttl:
        _memo.update(number=_read(), read_at=now)
    return _memo["number"]


def bump_content_version(**kwargs) -> None:
    from masthead.core.models import ContentVersion

    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
        _read()
        ContentVersion.objects.filter(pk=1).update(number=F("number") + 1)
    forget()


def _read() -> int:
    from masthead.core.models import ContentVersion

    # A random start, not 0: a cache that outlives the database (Redis, a test's
    # fresh database) must not find fragments stored under a number reused.
    row, _ = ContentVersion.objects.get_or_create(pk=1, defaults={"number": secrets.randbits(48)})
    return row.number
