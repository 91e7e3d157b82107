"""The app's own page cache: whole reader pages for anonymous readers, dropped by surrogate key.

Entries live in the `pages` cache: Redis when configured (one copy for every
process), else each process's memory. An entry remembers its surrogate keys
and the newest purge its render had seen; it is stale as soon as one of its keys
is purged after that, so a purge touches exactly the pages that show what
changed and no list of URLs is kept anywhere.

Purges are rows of `Purge` rather than cache deletions, because without Redis a
process cannot reach another's memory. Each process reads the purges it has not
seen at most every PAGE_CACHE_POLL seconds, and at once before rendering a miss,
so what a miss renders and stores is never older than the purges it knows.
When the database cannot be read the process keeps what it knows and goes on
serving its cached pages: a database outage does not take the cached site down.
"""

import datetime as dt
import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.db.models import Max, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

# Re-read purges of the last seconds on every poll: a purge committed late may carry a smaller id.
POLL_OVERLAP = dt.timedelta(seconds=30)
# The only query parameters a shared page reads (the listings' pages and cursors). Any other one (a
# tracking tag on a shared link, or `?x=1`, `?x=2`... sent to push the hot pages out of the cache) does not
# change the page, so it does not get a cache entry of its own.
PAGE_PARAMETERS = frozenset({"page", "before", "after"})
LONGEST_QUERY = 256


@dataclass
class Entry:
    content: bytes
    headers: dict[str, tuple[str, str]]  # as Django's ResponseHeaders keeps them
    keys: tuple[str, ...]
    seen: int  # the newest purge this render knew of
    stored_at: float  # time.time()
    lifetime: float | None = None  # shorter than PAGE_CACHE_SECONDS when time alone changes the page


class PurgeLog:
    """What this process knows of the purges: for each key, the newest purge that named it."""

    def __init__(self):
        self._lock = threading.Lock()
        self.forget()

    def forget(self) -> None:
        self.purged: dict[str, int] = {}
        self.newest = 0
        self.polled_at = 0.0
        self.loaded = False

    def note(self, number: int, keys) -> None:
        with self._lock:
            for key in keys:
                if self.purged.get(key, 0) < number:
                    self.purged[key] = number
            self.newest = max(self.newest, number)

    def due(self) -> bool:
        """Whether the purges are older than the poll interval allows: the next lookup must read them."""
        return time.monotonic() - self.polled_at >= settings.PAGE_CACHE_POLL

    def read(self, *, now: bool = False) -> int:
        """The newest purge known, after reading new ones if the last read is older than the poll interval."""
        from masthead.pagecache.models import Purge

        started = time.monotonic()
        if not now and started - self.polled_at < settings.PAGE_CACHE_POLL:
            return self.newest
        try:
            if self.loaded:
                since = timezone.now() - POLL_OVERLAP
                rows = list(Purge.objects.filter(Q(pk__gt=self.newest) | Q(at__gte=since)).values_list("pk", "keys"))
            else:
                # A new process: entries may be as old as PAGE_CACHE_SECONDS, so must the purges be.
                since = timezone.now() - dt.timedelta(seconds=settings.PAGE_CACHE_SECONDS) - POLL_OVERLAP
                rows = list(Purge.objects.filter(at__gte=since).values_list("pk", "keys"))
                rows.append((Purge.objects.aggregate(newest=Max("pk"))["newest"] or 0, ""))
        except DatabaseError as error:
            logger.warning("page cache: purges unreadable (%s); serving what is cached", error.__class__.__name__)
            self.polled_at = started
            return self.newest
        for number, keys in rows:
            self.note(number, keys.split())
        self.loaded = True
        self.polled_at = started
        return self.newest

    def purged_after(self, keys, seen: int) -> bool:
        purged = self.purged
        return any(purged.get(key, 0) > seen for key in keys)


purges = PurgeLog()


def key_for(request) -> str | None:
    """The cache key of this request's page, or None when its query string is not one to cache."""
    query = request.META.get("QUERY_STRING", "")
    if len(query) > LONGEST_QUERY:
        return None
    kept = sorted((name, value) for name, value in parse_qsl(query, keep_blank_values=True) if name in PAGE_PARAMETERS)
    address = f"{request.get_host()}{request.path}?{urlencode(kept)}"
    # "page2": entries keep their headers as ResponseHeaders stores them; an older release's copies are not read.
    return "page2:" + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()


def lookup(key: str, *, read_purges: bool = True) -> Entry | None:
    """The current entry under `key`, or None. `read_purges=False`: None also when the purges are due a read."""
    if not read_purges and purges.due():
        return None
    entry = caches["pages"].get(key)
    if not isinstance(entry, Entry):
        return None
    if read_purges:
        purges.read()
    if time.time() - entry.stored_at >= lifetime(entry) or purges.purged_after(entry.keys, entry.seen):
        return None
    return entry


def lifetime(entry: Entry) -> float:
    own = getattr(entry, "lifetime", None)  # an entry pickled by an older release has none
    return settings.PAGE_CACHE_SECONDS if own is None else min(own, settings.PAGE_CACHE_SECONDS)


def save(key: str, entry: Entry) -> None:
    caches["pages"].set(key, entry, max(1, int(lifetime(entry))))
