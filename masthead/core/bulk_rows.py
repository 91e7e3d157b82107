"""Many rows of one table written at once, without reading anything back.

Django's bulk insert builds one SQL expression per value in Python: for a
1,000-article import batch that compilation cost more than the database's work.
`write_rows` hands the values to the driver instead: COPY on PostgreSQL (psycopg's
C writer), one prepared INSERT run by `executemany` on SQLite. Values are prepared
as an INSERT prepares them (pre_save, so auto_now fields are filled;
get_db_prep_save). Shared by the importer's bulk path and the search index.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import fields as model_fields
from django.db.models.fields import AutoFieldMixin
from django.db.models.fields.related import ForeignKey
from django.db.models.sql.subqueries import InsertQuery

# Fields whose value, once it is of this exact type, is what get_db_prep_save would return (their
# get_prep_value is a type conversion): such a value is written as it is, without the three calls
# per value that were most of write_rows' own time. Any other value or field goes the long way.
_VALUE_TYPES = {
    model_fields.CharField: str, model_fields.TextField: str, model_fields.SlugField: str,
    model_fields.EmailField: str, model_fields.URLField: str,
    model_fields.IntegerField: int, model_fields.BigIntegerField: int, model_fields.SmallIntegerField: int,
    model_fields.PositiveIntegerField: int, model_fields.PositiveBigIntegerField: int,
    model_fields.PositiveSmallIntegerField: int,
    model_fields.BooleanField: bool,
}
_INTEGER_KEYS = (
    model_fields.AutoField, model_fields.BigAutoField, model_fields.SmallAutoField,
    model_fields.IntegerField, model_fields.BigIntegerField,
)


def copy_supported() -> bool:
    return connection.vendor == "postgresql"


def write_rows(model, objs, fields=None) -> None:
    """Insert `objs` without reading anything back.

    `fields` defaults to the model's own columns but its automatic primary key
    (the database numbers the rows). A refused row raises Django's
    IntegrityError/DatabaseError, as bulk_create would.
    """
    objs = list(objs)
    if not objs:
        return
    if fields is None:
        fields = [f for f in model._meta.local_concrete_fields if not (f.primary_key and f.auto_created or isinstance(f, AutoFieldMixin))]
    fields = [f for f in fields if not getattr(f, "generated", False)]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    specs = [(field.attname, _value_type(field), field) for field in fields]
    rows = (
        [
            value if type(value := getattr(obj, attname)) is kind else field.get_db_prep_save(field.pre_save(obj, True), connection)
            for attname, kind, field in specs
        ]
        for obj in objs
    )
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if copy_supported():
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", list(rows))


def _value_type(field) -> type | None:
    """The type a value of `field` passes through unchanged in, or None (always prepared)."""
    if type(field) is ForeignKey:
        return int if type(field.target_field) in _INTEGER_KEYS else None
    return _VALUE_TYPES.get(type(field))


def insert_rows(model, objs, fields, returning: bool = False):
    """Django's own bulk insert (what QuerySet.bulk_create runs), usable for one table of a
    multi-table model, which bulk_create refuses; with `returning`, the new primary keys."""
    size = max(connection.ops.bulk_batch_size(fields, objs), 1)  # SQLite's limit on parameters
    rows = []
    for start in range(0, len(objs), size):
        query = InsertQuery(model)
        query.insert_values(fields, objs[start : start + size])
        compiler = query.get_compiler(using="default")
        rows += compiler.execute_sql(returning_fields=[model._meta.pk] if returning else None) or []
    return rows
