"""Redis mode: counts wait in Redis, are flushed exactly once, and survive Redis going away."""

import pytest
import redis

from masthead.core import redis as shared_redis
from masthead.pageviews import redis_store, services
from masthead.pageviews.models import ArticleViews, DailyViews, DeferredView
from masthead.pageviews.services import view_record, views_flush, views_total
from masthead.pageviews.visitors import Visitor

pytestmark = pytest.mark.django_db


def visitor(n: int) -> Visitor:
    return Visitor(key=f"{n:032x}")


def stored(article) -> int:
    row = ArticleViews.objects.filter(article=article).first()
    return row.total if row else 0


def test_shown_number_includes_views_not_yet_flushed(article, redis_mode):
    for n in range(3):
        view_record(article_id=article.pk, visitor=visitor(n))
    assert stored(article) == 0
    assert views_total(article_id=article.pk) == 3
    assert sum(n for _, n in services.daily_series(article_id=article.pk)) == 3
    assert views_flush().views == 3
    assert stored(article) == 3 and views_total(article_id=article.pk) == 3
    assert views_flush().views == 0


def test_flush_that_crashed_after_writing_is_not_applied_twice(article, redis_mode, monkeypatch):
    for n in range(4):
        view_record(article_id=article.pk, visitor=visitor(n))
    monkeypatch.setattr(redis_store, "end_flush", lambda batch_id: (_ for _ in ()).throw(ConnectionError("crash")))
    with pytest.raises(ConnectionError):
        views_flush()
    assert stored(article) == 4
    view_record(article_id=article.pk, visitor=visitor(99))  # counted meanwhile: waits for the next batch
    monkeypatch.undo()
    views_flush()  # finds the old batch recorded: only clears it
    views_flush()
    assert stored(article) == 5 and views_total(article_id=article.pk) == 5


def test_a_stalled_flush_ending_late_does_not_drop_the_next_batch(article, redis_mode):
    """Two flushes overlap only when one stalls past its job's lease; the late one must not clear the other's batch."""
    for n in range(2):
        view_record(article_id=article.pk, visitor=visitor(n))
    stalled_batch, _ = redis_store.begin_flush()  # a flush sets its batch aside and stalls
    views_flush()  # the next run (the lease expired) resumes that batch and writes it
    for n in range(10, 12):
        view_record(article_id=article.pk, visitor=visitor(n))
    redis_store.begin_flush()  # a third sets the next batch aside...
    redis_store.end_flush(stalled_batch)  # ...as the stalled flush finally ends
    views_flush()
    assert stored(article) == 4 and views_total(article_id=article.pk) == 4


def test_flush_that_crashed_before_writing_loses_nothing(article, redis_mode, monkeypatch):
    for n in range(4):
        view_record(article_id=article.pk, visitor=visitor(n))
    monkeypatch.setattr(services.store, "add_views", lambda rows: (_ for _ in ()).throw(RuntimeError("crash")))
    with pytest.raises(RuntimeError):
        views_flush()
    assert stored(article) == 0 and views_total(article_id=article.pk) == 4
    monkeypatch.undo()
    views_flush()
    assert stored(article) == 4


def test_redis_going_away_falls_back_to_the_database_and_replays_later(article, redis_mode, settings, monkeypatch):
    from masthead.pageviews.tests.conftest import free_port

    view_record(article_id=article.pk, visitor=visitor(1))
    working = settings.REDIS_URL
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there: refused
    shared_redis.reset()
    assert view_record(article_id=article.pk, visitor=visitor(2)).counted
    assert not view_record(article_id=article.pk, visitor=visitor(2)).counted  # de-duplicated in the database
    assert view_record(article_id=article.pk, visitor=visitor(1)).counted  # Redis saw it, the database cannot know
    assert DeferredView.objects.count() == 2
    with pytest.raises(shared_redis.Unavailable):
        views_flush()  # Redis still down: the job fails, nothing is lost
    settings.REDIS_URL = working
    shared_redis.reset()
    assert views_flush().replayed == 2
    views_flush()
    # visitor 1 was already seen by Redis: its deferred repeat is not counted twice.
    assert stored(article) == 2 and views_total(article_id=article.pk) == 2
    assert not view_record(article_id=article.pk, visitor=visitor(2)).counted  # Redis learned the mark back


def test_lost_answer_from_redis_is_not_counted_twice(article, redis_mode, monkeypatch):
    real_record = redis_store.record

    def applied_but_answer_lost(**kwargs):
        real_record(**kwargs)
        raise redis.TimeoutError("Timeout reading from socket")

    monkeypatch.setattr(redis_store, "record", applied_but_answer_lost)
    view_record(article_id=article.pk, visitor=visitor(7))
    monkeypatch.undo()
    shared_redis.reset()
    views_flush()
    views_flush()
    assert stored(article) == 1


def test_replay_is_applied_once_even_if_rows_survive_a_crash(article, redis_mode, monkeypatch):
    monkeypatch.setattr(shared_redis, "available", lambda: False)
    view_record(article_id=article.pk, visitor=visitor(3))
    monkeypatch.undo()
    rows = list(DeferredView.objects.all())
    views_flush()
    DeferredView.objects.bulk_create(rows)  # as if the delete after the replay had not happened
    views_flush()
    views_flush()
    assert stored(article) == 1 and DailyViews.objects.get(article=article).views == 1


def test_breaker_skips_redis_after_a_failure(article, redis_mode, monkeypatch):
    calls = []

    def failing(**kwargs):
        calls.append(1)
        raise redis.ConnectionError("down")

    monkeypatch.setattr(redis_store, "record", failing)
    for n in range(5):
        view_record(article_id=article.pk, visitor=visitor(n))
    assert len(calls) == 1
    assert DeferredView.objects.count() == 5


def test_redis_restored_from_an_older_snapshot_does_not_flush_a_batch_twice(article, redis_mode, settings):
    for n in range(3):
        view_record(article_id=article.pk, visitor=visitor(n))
    raw = redis.Redis.from_url(settings.REDIS_URL)  # DUMP and RESTORE speak bytes
    pattern = f"{settings.PAGEVIEWS_KEY_PREFIX}:*"
    snapshot = {name: raw.dump(name) for name in raw.scan_iter(match=pattern)}  # what an RDB save keeps
    assert views_flush().views == 3
    # Redis restarts from that snapshot: the pending batch the database already took is back.
    raw.delete(*raw.scan_iter(match=pattern))
    for name, value in snapshot.items():
        raw.restore(name, 0, value, replace=True)
    assert views_flush().views == 0
    assert stored(article) == 3 and DailyViews.objects.get(article=article).views == 3
    view_record(article_id=article.pk, visitor=visitor(50))  # counting goes on into a new batch
    views_flush()
    assert stored(article) == 4 and views_total(article_id=article.pk) == 4


def test_shown_number_includes_views_deferred_during_an_outage(article, redis_mode, monkeypatch):
    view_record(article_id=article.pk, visitor=visitor(1))
    views_flush()
    monkeypatch.setattr(shared_redis, "available", lambda: False)  # Redis is failing: views wait in the database
    view_record(article_id=article.pk, visitor=visitor(2))
    assert view_record(article_id=article.pk, visitor=visitor(3)).views == 3
    assert DeferredView.objects.count() == 2
    assert views_total(article_id=article.pk) == 3
    monkeypatch.undo()  # Redis is back; the flush has not run yet
    assert views_total(article_id=article.pk) == 3
    views_flush()
    views_flush()
    assert stored(article) == 3 and views_total(article_id=article.pk) == 3
