"""Counting in Redis: de-duplication and increments in one script, flushed to the database in batches.

Keys (under settings.PAGEVIEWS_KEY_PREFIX):
  seen:<article>:<visitor>   set once per window (SET NX EX): the de-duplication mark
  pending                    hash "<article>:<day>" -> views not yet in the database; "batch" -> its id
  pending_total              hash "<article>" -> the same views summed per article (for display)
  flushing, flushing_total   the batch a flush is writing
  replayed:<id>              a deferred view already replayed (so a replay is never applied twice)

A batch gets its id with its first view, not when it is flushed: a Redis
restarted from an older snapshot brings back a `pending` hash the database has
already taken, and its id, recorded in `FlushedBatch`, is what tells the flush
not to apply it again.

The connection and the pause after an error are `masthead.core.redis`'s: the
caller catches its `Unavailable`, calls its `trip()` and falls back to the
database, so an outage costs one timeout per process, not one per request.
"""

import uuid

from django.conf import settings

from masthead.core import redis as shared_redis

RECORD = """
if KEYS[5] ~= '' and not redis.call('SET', KEYS[5], 1, 'NX', 'EX', ARGV[5]) then
  return {0, -1}
end
local flushing = tonumber(redis.call('HGET', KEYS[4], ARGV[3]) or '0')
if redis.call('SET', KEYS[1], 1, 'NX', 'EX', ARGV[1]) then
  redis.call('HSETNX', KEYS[2], 'batch', ARGV[4])
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  return {1, redis.call('HINCRBY', KEYS[3], ARGV[3], 1) + flushing}
end
return {0, tonumber(redis.call('HGET', KEYS[3], ARGV[3]) or '0') + flushing}
"""

BEGIN_FLUSH = """
if redis.call('EXISTS', KEYS[3]) == 1 then
  return redis.call('HGET', KEYS[3], 'batch')
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
redis.call('HSETNX', KEYS[1], 'batch', ARGV[1])
redis.call('RENAME', KEYS[1], KEYS[3])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('RENAME', KEYS[2], KEYS[4])
end
return redis.call('HGET', KEYS[3], 'batch')
"""


def key(*parts) -> str:
    return ":".join([settings.PAGEVIEWS_KEY_PREFIX, *map(str, parts)])


def record(*, article_id: int, visitor: str, day, window: int, replay_id: int | None = None) -> tuple[bool, int]:
    """Count one view unless the visitor was seen in the window; (counted, views not yet flushed)."""
    keys = [
        key("seen", article_id, visitor),
        key("pending"),
        key("pending_total"),
        key("flushing_total"),
        key("replayed", replay_id) if replay_id is not None else "",
    ]
    args = [max(1, int(window)), f"{article_id}:{day.isoformat()}", article_id, uuid.uuid4().hex, 86400]
    counted, unflushed = shared_redis.client().eval(RECORD, len(keys), *keys, *args)
    return bool(counted), max(0, int(unflushed))


def mark_seen(*, article_id: int, visitor: str, window: int) -> None:
    shared_redis.client().set(key("seen", article_id, visitor), 1, nx=True, ex=max(1, int(window)))


def unflushed(article_ids: list[int]) -> dict[int, int]:
    """Views counted in Redis but not yet in the database, per article."""
    if not article_ids:
        return {}
    pipe = shared_redis.client().pipeline(transaction=False)
    pipe.hmget(key("pending_total"), article_ids)
    pipe.hmget(key("flushing_total"), article_ids)
    pending, flushing = pipe.execute()
    return {a: int(p or 0) + int(f or 0) for a, p, f in zip(article_ids, pending, flushing)}


def begin_flush() -> tuple[str, dict[str, str]] | None:
    """Set the pending counts aside as one batch (or resume the batch a crashed flush left)."""
    keys = [key("pending"), key("pending_total"), key("flushing"), key("flushing_total")]
    batch = shared_redis.client().eval(BEGIN_FLUSH, len(keys), *keys, uuid.uuid4().hex)
    if not batch:
        return None
    fields = shared_redis.client().hgetall(key("flushing"))
    fields.pop("batch", None)
    return batch, fields


END_FLUSH = """
if redis.call('HGET', KEYS[1], 'batch') == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2])
end
"""


def end_flush(batch_id: str) -> None:
    """Drop the batch being flushed, if it is still `batch_id`.

    A flush that stalled (its job's lease expired meanwhile) may end after another
    flush has resumed its batch, cleared it and set the next one aside: deleting
    whatever is in `flushing` then would lose that next batch's views.
    """
    keys = [key("flushing"), key("flushing_total")]
    shared_redis.client().eval(END_FLUSH, len(keys), *keys, batch_id)


def unflushed_days(article_id: int, days: list) -> dict:
    """Views of one article per day that are still in Redis."""
    fields = [f"{article_id}:{day.isoformat()}" for day in days]
    pipe = shared_redis.client().pipeline(transaction=False)
    pipe.hmget(key("pending"), fields)
    pipe.hmget(key("flushing"), fields)
    pending, flushing = pipe.execute()
    return {day: int(p or 0) + int(f or 0) for day, p, f in zip(days, pending, flushing) if p or f}
