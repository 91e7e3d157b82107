"""Reader pages read from a PostgreSQL streaming replica; everything else goes to the primary.

Active only with `DATABASE_REPLICA_URL` (settings add the `replica` alias, the
router and the middleware). What it promises:

- Only a GET or HEAD of a reader page may read from the replica: never the
  admin, the sign-in and account pages or /healthz, never a POST. A request
  reads from the primary from the moment it writes or opens a transaction of
  its own, so a flow never reads around what it has just changed.
- Read your writes: a response to a request that wrote sets `pin_primary`, a
  cookie that lives a few seconds longer than the lag limit, and the client's
  requests read from the primary while it lasts.
- A page for an anonymous reader may be kept and shared by the page cache and
  the proxy, so a stale render would outlive any lag limit (a purge, then a
  render from a replica that has not replayed the change yet). Such a page is
  read from the replica only when the replica has replayed everything the
  primary had committed when the request began; otherwise from the primary.
- Each process checks the replica's lag at most every CHECK_EVERY seconds; past
  `DATABASE_REPLICA_MAX_LAG` reads go to the primary until a check finds it
  caught up. After an error on the replica (down, refusing, timing out) the
  process leaves it alone for `DATABASE_REPLICA_RETRY_AFTER` seconds.
- A reader never gets an error because the replica failed: a page whose
  replica reads failed midway (and that wrote nothing) is rendered again from
  the primary.
"""

import functools
import logging
import math
import re
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "pin_primary"
PIN_MARGIN = 3  # seconds the pin outlives the lag limit
CHECK_EVERY = 1.0  # seconds a process trusts its last lag measurement
# Statements that change nothing; anything else run on the primary counts as a write.
READ_ONLY_STATEMENTS = frozenset({"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "SHOW", "EXPLAIN", "PRAGMA"})


def configured() -> bool:
    return REPLICA in connections.settings


@dataclass
class RequestReads:
    """What one request may read from the replica, and what it did."""

    eligible: bool  # a safe request for a reader page, from a client not pinned to the primary
    fenced: bool = False  # its page may be shared: the replica must have replayed what the primary had
    depth: int = 0  # the primary's atomic blocks already open when the request began (a test's own)
    wrote: bool = False
    ready: bool | None = None  # the replica checked for this request: None not yet, then usable or not
    used: bool = False  # a read was sent to the replica


_current: ContextVar[RequestReads | None] = ContextVar("replica_reads", default=None)


def measure_lag(connection) -> float:
    """Seconds the replica is behind: 0 when it has replayed all it received and still receives.

    `now() - pg_last_xact_replay_timestamp()` alone grows while the primary is idle,
    so a replica that has replayed everything its WAL receiver got counts as caught
    up; a replica with no WAL receiver (cut off from the primary) is as old as its
    last replayed transaction. A server not in recovery (a promoted replica) has no lag.
    """
    if connection.vendor != "postgresql":
        return 0.0  # the tests' mirror of the default database
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT CASE
              WHEN NOT pg_is_in_recovery() THEN 0
              WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                   AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status IS NULL OR status = 'streaming')
                THEN 0
              ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8, 'Infinity')
            END
            """
        )
        return float(cursor.fetchone()[0])


def caught_up_with_primary(replica, primary) -> bool:
    """Whether the replica has replayed everything the primary has committed so far.

    A primary that cannot tell is no fault of the replica: the answer is no, and the
    request meets the primary's trouble on the primary. The replica's errors propagate.
    """
    if replica.vendor != "postgresql":
        return True
    try:
        with primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            position = cursor.fetchone()[0]
    except DatabaseError:
        return False
    with replica.cursor() as cursor:
        cursor.execute("SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
        return bool(cursor.fetchone()[0])


class ReplicaHealth:
    """This process's view of the replica: in time (lag measured at most every CHECK_EVERY s) or paused."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.checked_at = -math.inf
        self.in_time = False
        self.down_until = 0.0

    def usable(self) -> bool:
        now = time.monotonic()
        if now < self.down_until:
            return False
        if now - self.checked_at < CHECK_EVERY or not self._lock.acquire(blocking=False):
            return self.in_time  # measured a moment ago, or another thread is measuring now
        try:
            try:
                lag = measure_lag(connections[REPLICA])
            except DatabaseError as error:
                self.trip(error)
                return False
            self.in_time = lag <= settings.DATABASE_REPLICA_MAX_LAG
            self.checked_at = time.monotonic()
            if not self.in_time:
                logger.warning("replica: %.1f s behind; reading from the primary", lag)
            return self.in_time
        finally:
            self._lock.release()

    def paused(self) -> bool:
        return time.monotonic() < self.down_until

    def trip(self, error: Exception | None = None) -> None:
        """The replica failed: this process reads from the primary for DATABASE_REPLICA_RETRY_AFTER seconds."""
        logger.warning("replica: %s; reading from the primary for %s s",
                       error.__class__.__name__ if error else "failed", settings.DATABASE_REPLICA_RETRY_AFTER)
        self.down_until = time.monotonic() + settings.DATABASE_REPLICA_RETRY_AFTER
        self.in_time = False
        self.checked_at = -math.inf
        # The broken connection itself is closed by Django when the request ends (errors_occurred), and a
        # thread's next replica read first checks its connection (_ready).


health = ReplicaHealth()


def _ready(reads: RequestReads) -> bool:
    """Whether this request's first replica read may go there: the process's view, then this thread's connection."""
    if not health.usable():
        return False
    replica = connections[REPLICA]
    try:
        # A persistent connection that died since its last request is replaced here, not midway through a page.
        replica.close_if_health_check_failed()
        replica.ensure_connection()
        if reads.fenced and not caught_up_with_primary(replica, connections[DEFAULT_DB_ALIAS]):
            return False
    except DatabaseError as error:
        health.trip(error)
        return False
    return True


class ReplicaRouter:
    """Reads of an eligible request go to the replica while it is usable; all else to the primary."""

    def db_for_read(self, model, **hints):
        reads = _current.get()
        if reads is None or not reads.eligible or reads.wrote or reads.ready is False:
            return DEFAULT_DB_ALIAS
        if len(connections[DEFAULT_DB_ALIAS].atomic_blocks) > reads.depth:
            return DEFAULT_DB_ALIAS  # inside a transaction of this request: read what it sees
        if reads.ready is None:
            reads.ready = _ready(reads)
            if not reads.ready:
                return DEFAULT_DB_ALIAS
        elif health.paused():
            return DEFAULT_DB_ALIAS  # the replica failed since this request began (here or in another thread)
        reads.used = True
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        aliases = {DEFAULT_DB_ALIAS, REPLICA}
        return True if {obj1._state.db, obj2._state.db} <= aliases else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


@functools.lru_cache(maxsize=4)
def _primary_only_paths(languages: tuple[str, ...]) -> re.Pattern:
    prefixes = "|".join(re.escape(code) for code in languages)
    return re.compile(rf"^/(?:(?:{prefixes})/)?(?:admin|django-admin|accounts|healthz)(?:/|$)")


def may_read_replica(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and PIN_COOKIE not in request.COOKIES
        and not _primary_only_paths(tuple(code for code, _ in settings.LANGUAGES)).match(request.path_info)
    )


def _is_write(sql) -> bool:
    if not isinstance(sql, str):
        return True
    words = sql.lstrip(" \n\t(").split(None, 1)
    return bool(words) and words[0].upper() not in READ_ONLY_STATEMENTS


class ReplicaReadsMiddleware:
    """Marks which requests may read from the replica, notes writes, pins writers, retries a failed replica read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured():
            return self.get_response(request)
        eligible = may_read_replica(request)
        reads = RequestReads(eligible=eligible, fenced=eligible and not request.user.is_authenticated)
        response = self._serve(request, reads)
        if (
            reads.used
            and not reads.wrote
            and response.status_code >= 500
            and connections[REPLICA].errors_occurred
        ):
            health.trip()
            reads = RequestReads(eligible=False)
            response = self._serve(request, reads)
        if reads.wrote:
            response.set_cookie(
                PIN_COOKIE, "1", max_age=math.ceil(settings.DATABASE_REPLICA_MAX_LAG) + PIN_MARGIN,
                httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def _serve(self, request, reads: RequestReads):
        primary = connections[DEFAULT_DB_ALIAS]
        reads.depth = len(primary.atomic_blocks)

        def note_writes(execute, sql, params, many, context):
            if not reads.wrote and _is_write(sql):
                reads.wrote = True
            return execute(sql, params, many, context)

        token = _current.set(reads)
        try:
            with primary.execute_wrapper(note_writes):
                return self.get_response(request)
        finally:
            _current.reset(token)
