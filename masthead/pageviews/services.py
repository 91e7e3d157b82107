"""View counting flows: record a view, set an imported base, flush Redis, read totals and rankings."""

import datetime as dt
import logging
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum

from masthead.articles.models import ArticlePage
from masthead.core import redis as shared_redis
from masthead.core import times
from masthead.core.freshness import content_version
from masthead.pageviews import redis_store, store
from masthead.pageviews.models import ArticleViews, DailyViews, DeferredView, FlushedBatch, ViewMark
from masthead.pageviews.visitors import Visitor

log = logging.getLogger(__name__)


class UnknownArticle(Exception):
    """No published article has this id."""


@dataclass(frozen=True)
class ViewResult:
    counted: bool
    views: int


def window() -> int:
    return settings.PAGEVIEWS_WINDOW


def view_record(*, article_id: int, visitor: Visitor, now: float | None = None) -> ViewResult:
    """Count one view of a published article by `visitor`, at most once per window; return the new number.

    Where the view is counted is `_counting_place()`'s answer: Redis (flushed later
    by `views_flush`), the database, or the database as a deferred view that the
    flush replays through Redis's de-duplication once Redis is back.
    """
    now = time.time() if now is None else now
    check_published(article_id)
    day = times.to_site_time(dt.datetime.fromtimestamp(now, dt.UTC)).date()
    place = _counting_place()
    if place == REDIS:
        try:
            counted, unflushed = redis_store.record(article_id=article_id, visitor=visitor.key, day=day, window=window())
            if visitor.new_cookie_key:
                # The reload will carry the cookie issued now: it must find this view already seen.
                redis_store.mark_seen(article_id=article_id, visitor=visitor.new_cookie_key, window=window())
            return ViewResult(counted, store.total_with_deferred(article_id) + unflushed)
        except shared_redis.Unavailable as error:
            log.warning("pageviews: Redis unavailable, counting in the database: %r", error)
            shared_redis.trip()
            place = DEFERRED
    if place == DEFERRED:
        return _record_deferred(article_id=article_id, visitor=visitor, day=day, now=int(now))
    return _record_in_database(article_id=article_id, visitor=visitor, day=day, now=int(now))


REDIS, DATABASE, DEFERRED = "redis", "database", "deferred"


def _counting_place() -> str:
    """Where a view is counted now: REDIS, DATABASE, or DEFERRED (the database, for Redis to replay).

    Views wait in Redis for their flush only in a Redis that keeps its data across
    a restart: one run as a pure cache would come back empty and lose them, so with
    such a Redis every view goes to the database, even while that Redis is down.
    Without Redis configured, the database. Redis failing before it ever said
    which it is: deferred, as for a persistent one.
    """
    if not shared_redis.enabled():
        return DATABASE
    persistent = shared_redis.last_known_persistence()
    if shared_redis.available():
        try:
            persistent = shared_redis.persistent()
        except shared_redis.Unavailable as error:
            log.warning("pageviews: Redis unavailable, counting in the database: %r", error)
            shared_redis.trip()
    if persistent is False:
        return DATABASE
    return REDIS if shared_redis.available() else DEFERRED


PUBLISHED_SECONDS = 60
_published_memo: dict[tuple[int, int], tuple[float, bool]] = {}


def check_published(article_id: int) -> None:
    """Raise UnknownArticle unless a published article has this id: only those count or show a number.

    Remembered in this process for a minute per content version (publishing and
    unpublishing bump it): the beacon is the hottest path of the site, and building
    a Wagtail page query costs more than the counting itself.
    """
    memo_key = (content_version(), article_id)
    now = time.monotonic()
    known = _published_memo.get(memo_key)
    if known and now - known[0] < PUBLISHED_SECONDS:
        published = known[1]
    else:
        published = ArticlePage.objects.published().filter(pk=article_id).exists()
        if len(_published_memo) > 10_000:
            _published_memo.clear()
        _published_memo[memo_key] = (now, published)
    if not published:
        raise UnknownArticle(article_id)


def _mark_new_cookie(visitor: Visitor, article_id: int, now: int) -> None:
    if visitor.new_cookie_key:
        store.mark_if_due(visitor=visitor.new_cookie_key, article_id=article_id, now=now, window=window())


_sqlite_writer = threading.Lock()


def _writing():
    """Serialise this process's threads before they ask SQLite for its write lock.

    SQLite has one writer at a time; a thread that finds the lock taken sleeps in
    growing steps (busy_timeout), so 32 threads polling for it waste most of their
    time asleep. Queued on a Python lock, they take turns at once. PostgreSQL locks
    rows, not the database, and needs no such thing.
    """
    return _sqlite_writer if connection.vendor == "sqlite" else nullcontext()


def _record_in_database(*, article_id, visitor, day, now) -> ViewResult:
    with _writing(), transaction.atomic():
        counted = store.mark_if_due(visitor=visitor.key, article_id=article_id, now=now, window=window())
        _mark_new_cookie(visitor, article_id, now)
        if counted:
            return ViewResult(True, store.add_view(article_id=article_id, day=day))
    return ViewResult(False, store.total_of(article_id))


def _record_deferred(*, article_id, visitor, day, now) -> ViewResult:
    with _writing(), transaction.atomic():
        counted = store.mark_if_due(visitor=visitor.key, article_id=article_id, now=now, window=window())
        _mark_new_cookie(visitor, article_id, now)
        if counted:
            DeferredView.objects.create(article_id=article_id, visitor=visitor.key, day=day, seen_at=now)
    return ViewResult(counted, store.total_with_deferred(article_id))


def set_base_views(*, article: ArticlePage, views: int) -> ArticleViews:
    """Set an article's historical view count (from an import); views counted here add to it."""
    if views < 0:
        raise ValueError("views cannot be negative")
    total, _ = ArticleViews.objects.update_or_create(article=article, defaults={"base": views})
    return total


def views_total(*, article_id: int) -> int:
    """The number readers see: base + counted in the database + counted in Redis but not flushed.

    With Redis configured, views taken by the database during an outage count too
    before the flush replays them, so the number does not drop back while they wait.
    """
    stored = store.total_with_deferred(article_id) if shared_redis.enabled() else store.total_of(article_id)
    return stored + _unflushed([article_id]).get(article_id, 0)


def views_shown(*, article_id: int) -> int:
    """The number for a published article (raises UnknownArticle for any other id), nothing counted."""
    check_published(article_id)
    return views_total(article_id=article_id)


def _unflushed(article_ids: list[int]) -> dict[int, int]:
    if not shared_redis.available():
        return {}
    try:
        return redis_store.unflushed(article_ids)
    except shared_redis.Unavailable:
        shared_redis.trip()
        return {}


@dataclass
class FlushResult:
    replayed: int = 0
    views: int = 0
    pruned: int = 0


def views_flush(*, now: float | None = None, replay_batch: int = 5000) -> FlushResult:
    """Move Redis counts into the database exactly once, replay views deferred during an outage, prune marks.

    Safe to run concurrently with beacons and to re-run after a crash at any point:
    a batch set aside in Redis keeps its id until the database has it, and a batch id
    the database has already recorded is not applied again.
    """
    now = time.time() if now is None else now
    result = FlushResult()
    if shared_redis.enabled():
        result.replayed = _replay_deferred(now=now, limit=replay_batch)
        result.views = _flush_batch()
    cutoff = int(now) - window()
    result.pruned, _ = ViewMark.objects.filter(counted_at__lt=cutoff).delete()
    FlushedBatch.objects.filter(flushed_at__lt=dt.datetime.fromtimestamp(now - 7 * 86400, dt.UTC)).delete()
    return result


def _replay_deferred(*, now: float, limit: int) -> int:
    rows = list(DeferredView.objects.order_by("pk")[:limit])
    done = []
    for row in rows:
        remaining = window() - (int(now) - row.seen_at)
        redis_store.record(
            article_id=row.article_id, visitor=row.visitor, day=row.day, window=max(1, remaining), replay_id=row.pk
        )
        done.append(row.pk)
    DeferredView.objects.filter(pk__in=done).delete()
    return len(done)


def _flush_batch() -> int:
    """Write the batch set aside in Redis to the database, once.

    A batch whose id the database already holds is discarded, not applied: it is
    the leftover of a flush that crashed after writing, or a `pending` hash that a
    Redis restarted from an older snapshot brought back. (Views counted into such
    a restored batch between the restart and this flush are lost with it: losing
    a few is the price of never counting any twice.)
    """
    batch = redis_store.begin_flush()
    if batch is None:
        return 0
    batch_id, fields = batch
    rows = _batch_rows(fields)
    with transaction.atomic():
        # Looked up before applying; the primary key also stops a flush racing this one.
        _, new = FlushedBatch.objects.get_or_create(batch=batch_id)
        if new:
            store.add_views(rows)
    if not new:
        log.warning("pageviews: batch %s was already flushed; %s views in it discarded", batch_id, sum(r[2] for r in rows))
        rows = []
    redis_store.end_flush(batch_id)
    return sum(n for _, _, n in rows)


def _batch_rows(fields: dict[str, str]) -> list[tuple[int, dt.date, int]]:
    """(article id, day, views) of a batch's "<article>:<day>" fields; articles deleted since lose their views."""
    rows = []
    for field, value in fields.items():
        article, _, day = field.partition(":")
        rows.append((int(article), dt.date.fromisoformat(day), int(value)))
    existing = set(ArticlePage.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", flat=True))
    return [row for row in rows if row[0] in existing]


def daily_series(*, article_id: int, days: int = 30, today: dt.date | None = None) -> list[tuple[dt.date, int]]:
    """(day, views) for each of the last `days` days, oldest first, unflushed views included."""
    today = today or times.site_today()
    first = today - dt.timedelta(days=days - 1)
    stored = dict(
        DailyViews.objects.filter(article_id=article_id, day__gte=first, day__lte=today).values_list("day", "views")
    )
    pending = _unflushed_days(article_id, first, today)
    return [
        (day, stored.get(day, 0) + pending.get(day, 0))
        for day in (first + dt.timedelta(days=i) for i in range(days))
    ]


def _unflushed_days(article_id: int, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    if not shared_redis.available():
        return {}
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    try:
        return redis_store.unflushed_days(article_id, days)
    except shared_redis.Unavailable:
        shared_redis.trip()
        return {}


def most_read(
    *, days: int, limit: int = 10, today: dt.date | None = None, edition: str | None = None
) -> list[tuple[int, int]]:
    """(article id, views) of the most read published articles over the last `days` days, in one query.

    With an `edition` ("ru", "en"), only the articles that edition lists (its language's and the
    cross-posted, masthead/articles/editions.py); without, every article (the editors' dashboard).
    """
    today = today or times.site_today()
    first = today - dt.timedelta(days=days - 1)
    published = ArticlePage.objects.published()
    if edition is not None:
        published = published.in_edition(edition)
    return list(
        DailyViews.objects.filter(day__gte=first, day__lte=today, article__in=published)
        .values("article_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "article_id")
        .values_list("article_id", "total")[:limit]
    )
