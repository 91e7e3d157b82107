"""Race-free counter writes in SQL, shared by SQLite and PostgreSQL.

Django's ORM has no "insert, or add to the existing row" (bulk_create's
update_conflicts can only overwrite), so the three writes that must never lose
or double a view are single `INSERT ... ON CONFLICT` statements. Both databases
run each such statement atomically against concurrent writers: nothing is read
into Python and written back.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import connection

from masthead.pageviews.models import ArticleViews, DailyViews, DeferredView, ViewMark


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def mark_if_due(*, visitor: str, article_id: int, now: int, window: int) -> bool:
    """Record that `visitor` is counted for the article now, unless counted in the last `window` seconds.

    True when this call won: the row was new, or its last count is at least a window old.
    Under concurrency exactly one of the racing calls sees a changed row.
    """
    table = _table(ViewMark)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (visitor, article_id, counted_at) VALUES (%s, %s, %s) "
            f"ON CONFLICT (visitor, article_id) DO UPDATE SET counted_at = excluded.counted_at "
            f"WHERE {table}.counted_at <= %s",
            [visitor, article_id, now, now - window],
        )
        return cursor.rowcount == 1


def add_views(rows: Iterable[tuple[int, dt.date, int]]) -> None:
    """Add `n` views to each (article id, day, n): the day's row and the article's total."""
    rows = [row for row in rows if row[2] > 0]
    if not rows:
        return
    daily, total = _table(DailyViews), _table(ArticleViews)
    totals: dict[int, int] = {}
    for article_id, _day, n in rows:
        totals[article_id] = totals.get(article_id, 0) + n
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {daily} (article_id, day, views) VALUES (%s, %s, %s) "
            f"ON CONFLICT (article_id, day) DO UPDATE SET views = {daily}.views + excluded.views",
            [(article_id, connection.ops.adapt_datefield_value(day), n) for article_id, day, n in rows],
        )
        cursor.executemany(
            f"INSERT INTO {total} (article_id, base, counted) VALUES (%s, 0, %s) "
            f"ON CONFLICT (article_id) DO UPDATE SET counted = {total}.counted + excluded.counted",
            sorted(totals.items()),  # a fixed order, so two flushes never wait on each other crosswise
        )


def add_view(*, article_id: int, day: dt.date, n: int = 1) -> int:
    """Add views to one article and return its new total (base + counted), in two statements."""
    daily, total = _table(DailyViews), _table(ArticleViews)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {daily} (article_id, day, views) VALUES (%s, %s, %s) "
            f"ON CONFLICT (article_id, day) DO UPDATE SET views = {daily}.views + excluded.views",
            [article_id, connection.ops.adapt_datefield_value(day), n],
        )
        cursor.execute(
            f"INSERT INTO {total} (article_id, base, counted) VALUES (%s, 0, %s) "
            f"ON CONFLICT (article_id) DO UPDATE SET counted = {total}.counted + excluded.counted "
            f"RETURNING base + counted",
            [article_id, n],
        )
        return int(cursor.fetchone()[0])


def total_of(article_id: int) -> int:
    """An article's base + counted views in the database (0 before its first view)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT base + counted FROM {_table(ArticleViews)} WHERE article_id = %s", [article_id])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def total_with_deferred(article_id: int) -> int:
    """`total_of` plus the views taken during a Redis outage and not yet replayed, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE((SELECT base + counted FROM {_table(ArticleViews)} WHERE article_id = %s), 0)"
            f" + (SELECT COUNT(*) FROM {_table(DeferredView)} WHERE article_id = %s)",
            [article_id, article_id],
        )
        return int(cursor.fetchone()[0])
