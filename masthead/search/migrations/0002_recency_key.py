"""The recency key, and FTS5 keyed by it (SQLite).

`recency` orders entries by publication time in one integer (see
`models.recency_key`). On SQLite the FTS5 table is rebuilt with it as its rowid,
so the newest matches of a query are a rowid range FTS5 reads in its own order;
existing rows get their key here, in SQL, and the FTS5 table is rebuilt from
the entry table (no lemmatising again).
"""

from django.db import migrations, models

SHIFT = 20
FTS_TRIGGERS = ("masthead_search_fts_au", "masthead_search_fts_ad", "masthead_search_fts_ai")
DROP_SQLITE = [f"DROP TRIGGER IF EXISTS {name}" for name in FTS_TRIGGERS] + ["DROP TABLE IF EXISTS masthead_search_fts"]


def fts_sqlite(rowid: str) -> list[str]:
    return [
        f"""CREATE VIRTUAL TABLE masthead_search_fts USING fts5(
            headline, lead, body, pairs,
            content='masthead_search_searchentry', content_rowid='{rowid}',
            tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
        )""",
        f"""CREATE TRIGGER masthead_search_fts_ai AFTER INSERT ON masthead_search_searchentry BEGIN
            INSERT INTO masthead_search_fts(rowid, headline, lead, body, pairs)
            VALUES (new.{rowid}, new.headline, new.lead, new.body, new.pairs);
        END""",
        f"""CREATE TRIGGER masthead_search_fts_ad AFTER DELETE ON masthead_search_searchentry BEGIN
            INSERT INTO masthead_search_fts(masthead_search_fts, rowid, headline, lead, body, pairs)
            VALUES ('delete', old.{rowid}, old.headline, old.lead, old.body, old.pairs);
        END""",
        f"""CREATE TRIGGER masthead_search_fts_au AFTER UPDATE ON masthead_search_searchentry BEGIN
            INSERT INTO masthead_search_fts(masthead_search_fts, rowid, headline, lead, body, pairs)
            VALUES ('delete', old.{rowid}, old.headline, old.lead, old.body, old.pairs);
            INSERT INTO masthead_search_fts(rowid, headline, lead, body, pairs)
            VALUES (new.{rowid}, new.headline, new.lead, new.body, new.pairs);
        END""",
        "INSERT INTO masthead_search_fts(masthead_search_fts) VALUES ('rebuild')",
    ]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "UPDATE masthead_search_searchentry SET recency ="
            f" (CAST(strftime('%s', published_at) AS INTEGER) << {SHIFT}) | (article_id & {(1 << SHIFT) - 1})"
        )
        for statement in DROP_SQLITE + fts_sqlite("recency"):
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(
            "UPDATE masthead_search_searchentry SET recency ="
            f" (FLOOR(EXTRACT(EPOCH FROM published_at))::bigint << {SHIFT}) | (article_id & {(1 << SHIFT) - 1})"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP_SQLITE + fts_sqlite("article_id"):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("masthead_search", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="recency",
            field=models.BigIntegerField(null=True, unique=True, verbose_name="recency key"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
