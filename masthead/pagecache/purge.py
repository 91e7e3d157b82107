"""`purge(*keys)`: every cached page that shows one of these things is stale, here and in the proxies.

Called by the apps when an edit changes what readers see. The purge waits for
the editor's transaction to commit: purged earlier, a reader's request could
re-cache the old page before the change is visible.
"""

import datetime as dt
import logging
import random

from django.db import DatabaseError, transaction
from django.utils import timezone

from masthead.pagecache import proxies
from masthead.pagecache.store import purges

logger = logging.getLogger(__name__)
KEEP_PURGES = 86_400  # seconds; a process reads back PAGE_CACHE_SECONDS of them at most


def purge(*keys: str) -> None:
    keys = sorted({key for key in keys if key})
    if keys:
        transaction.on_commit(lambda: purge_now(keys))


def purge_now(keys: list[str]) -> None:
    from masthead.pagecache.models import Purge

    try:
        row = Purge.objects.create(keys=" ".join(keys))
        purges.note(row.pk, keys)
        if random.random() < 0.02:
            Purge.objects.filter(at__lt=timezone.now() - dt.timedelta(seconds=KEEP_PURGES)).delete()
    except DatabaseError as error:  # the edit itself needed the database; this is belt and braces
        logger.error("page cache: purge of %s not recorded (%s)", " ".join(keys), error.__class__.__name__)
    proxies.send(keys)
