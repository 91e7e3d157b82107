"""Wagtail's own search index (modelsearch `IndexEntry`) for a batch of new articles.

modelsearch's database backends already write a batch in one statement, but
their `ObjectIndexer` reads every search field of a page once per index column
(three times on SQLite, five on PostgreSQL: title, body, autocomplete and the two
plain texts), and a StreamField body is walked again each time: with the
statement's compilation (one Django expression per vector) it was a third of the
bulk import's time. Here each field is read once per page (`_OnceIndexer`, the
backend's own indexer with its values remembered) and on PostgreSQL the statement
is written directly: `setweight(to_tsvector(config, text), weight)` per text,
joined with `||`, which is the SQL Django's `SearchVector` compiles to. The rows are
the ones the backend's `add_items` writes (tested column by column); as there, the
new rows' title norms are refreshed once per batch.

A backend this module does not know (Elasticsearch, say) gets its own `add_bulk`.
"""

from __future__ import annotations

from django.db import connections, router
from modelsearch.backends import get_search_backends
from modelsearch.utils import get_content_type_pk

from masthead.articles.models import ArticlePage


def add_articles(articles: list[ArticlePage]) -> None:
    """Index `articles` (saved pages of one model) in every auto-updated Wagtail search backend."""
    if not articles:
        return
    for backend in get_search_backends(with_auto_update=True):
        index = backend.get_index_for_model(ArticlePage)
        writer = _WRITERS.get(type(index).__module__ + "." + type(index).__name__)
        if writer is None or not ArticlePage.get_search_fields():
            backend.add_bulk(ArticlePage, articles)
            continue
        writer(index, articles)


def _once_indexer(vendor_indexer: type) -> type:
    """The backend's ObjectIndexer, reading each of the page's own fields only once."""

    class OnceIndexer(vendor_indexer):
        def prepare_field(self, obj, field):
            if obj is not self.obj:  # a related object's field: as the backend does it
                return super().prepare_field(obj, field)
            prepared = self.__dict__.setdefault("_prepared", {})
            if id(field) not in prepared:
                prepared[id(field)] = (field, list(super().prepare_field(obj, field)))
            return iter(prepared[id(field)][1])

    return OnceIndexer


def _write_sqlite(index, articles: list[ArticlePage]) -> None:
    from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer

    indexer_class = _once_indexer(ObjectIndexer)
    content_type_pk = get_content_type_pk(ArticlePage)
    rows = {}
    for article in articles:
        indexer = indexer_class(article, index.backend)
        rows[indexer.id] = (indexer.title, indexer.autocomplete, indexer.body)
    entries = index.entries.filter(content_type_id=content_type_pk)
    for object_id in entries.filter(object_id__in=list(rows)).values_list("object_id", flat=True):
        title, autocomplete, body = rows.pop(object_id)  # already indexed: updated as add_items does
        entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
    model = index.entries.model
    index.entries.bulk_create(
        model(content_type_id=content_type_pk, object_id=object_id, title=title, autocomplete=autocomplete, body=body)
        for object_id, (title, autocomplete, body) in rows.items()
    )
    index._refresh_title_norms()


def _write_postgres(index, articles: list[ArticlePage]) -> None:
    from modelsearch.backends.database.postgres.postgres import AutocompleteField, ObjectIndexer, SearchField

    indexer_class = _once_indexer(ObjectIndexer)
    content_type_pk = get_content_type_pk(ArticlePage)
    connection = connections[router.db_for_write(index.entries.model)]
    rows_sql, params = [], []
    for article in articles:
        indexer = indexer_class(article, index.backend)
        # One pass over the fields, in the order (and with the weights) the backend's properties use.
        title, body, autocomplete = [], [], []
        for field in indexer.search_fields:
            for current, weight, value in indexer.prepare_field(article, field):
                if isinstance(current, SearchField):
                    (title if current.field_name == "title" else body).append((value, weight))
                elif isinstance(current, AutocompleteField):
                    autocomplete.append((value, weight))
        row = ["%s", "%s"]
        params += [content_type_pk, indexer.id]
        for texts, config in ((title, index.backend.config), (autocomplete, index.backend.autocomplete_config), (body, index.backend.config)):
            sql, vector_params = _vector_sql(texts, config)
            row.append(sql)
            params += vector_params
        row += ["1.0", "%s", "%s"]
        params += [_plain(title), _plain(body)]
        rows_sql.append(f"({', '.join(row)})")
    table = connection.ops.quote_name(index.entries.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
            (VALUES {', '.join(rows_sql)})
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,
                          body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
            """,
            params,
        )
    index._refresh_title_norms()


def _vector_sql(texts: list[tuple[str, str]], config: str | None) -> tuple[str, list]:
    """What `ObjectIndexer.as_vector` compiles to: one weighted `to_tsvector` per non-empty text, `||`-joined."""
    texts = [(text.strip(), weight) for text, weight in texts]
    texts = [(text, weight) for text, weight in texts if text]
    if not texts:
        return "to_tsvector(COALESCE(%s, %s))", ["", ""]  # the backend's EMPTY_VECTOR
    parts, params = [], []
    for text, weight in texts:
        if config:
            parts.append("setweight(to_tsvector(%s::regconfig, COALESCE(%s, %s)), %s)")
            params += [config, text, "", weight]
        else:
            parts.append("setweight(to_tsvector(COALESCE(%s, %s)), %s)")
            params += [text, "", weight]
    return " || ".join(parts), params


def _plain(texts: list[tuple[str, str]]) -> str:
    """ObjectIndexer.title_text / body_text: the stripped non-empty values, space-joined."""
    return " ".join(text.strip() for text, _weight in texts if text.strip())


_WRITERS = {
    "modelsearch.backends.database.sqlite.sqlite.SQLiteIndex": _write_sqlite,
    "modelsearch.backends.database.postgres.postgres.PostgresIndex": _write_postgres,
}
