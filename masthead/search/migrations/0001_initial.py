import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FTS_SQLITE = [
    """CREATE VIRTUAL TABLE masthead_search_fts USING fts5(
        headline, lead, body, pairs,
        content='masthead_search_searchentry', content_rowid='article_id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
    )""",
    """CREATE TRIGGER masthead_search_fts_ai AFTER INSERT ON masthead_search_searchentry BEGIN
        INSERT INTO masthead_search_fts(rowid, headline, lead, body, pairs)
        VALUES (new.article_id, new.headline, new.lead, new.body, new.pairs);
    END""",
    """CREATE TRIGGER masthead_search_fts_ad AFTER DELETE ON masthead_search_searchentry BEGIN
        INSERT INTO masthead_search_fts(masthead_search_fts, rowid, headline, lead, body, pairs)
        VALUES ('delete', old.article_id, old.headline, old.lead, old.body, old.pairs);
    END""",
    """CREATE TRIGGER masthead_search_fts_au AFTER UPDATE ON masthead_search_searchentry BEGIN
        INSERT INTO masthead_search_fts(masthead_search_fts, rowid, headline, lead, body, pairs)
        VALUES ('delete', old.article_id, old.headline, old.lead, old.body, old.pairs);
        INSERT INTO masthead_search_fts(rowid, headline, lead, body, pairs)
        VALUES (new.article_id, new.headline, new.lead, new.body, new.pairs);
    END""",
]
FTS_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS masthead_search_fts_au",
    "DROP TRIGGER IF EXISTS masthead_search_fts_ad",
    "DROP TRIGGER IF EXISTS masthead_search_fts_ai",
    "DROP TABLE IF EXISTS masthead_search_fts",
]
GIN_POSTGRES = ["CREATE INDEX masthead_search_vector_gin ON masthead_search_searchentry USING gin (vector)"]
GIN_POSTGRES_DROP = ["DROP INDEX IF EXISTS masthead_search_vector_gin"]


def on_vendor(vendor, statements):
    """Run `statements` only on the named database vendor (FTS5 and GIN exist on one each)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [("articles", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="articles.articlepage",
                        verbose_name="article",
                    ),
                ),
                ("language", models.CharField(db_index=True, max_length=2, verbose_name="language")),
                ("published_at", models.DateTimeField(db_index=True, verbose_name="publication time")),
                ("headline", models.TextField(blank=True)),
                ("lead", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("pairs", models.TextField(blank=True)),
                ("text", models.TextField(blank=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={"verbose_name": "search index entry", "verbose_name_plural": "search index entries"},
        ),
        migrations.RunPython(on_vendor("sqlite", FTS_SQLITE), on_vendor("sqlite", FTS_SQLITE_DROP)),
        migrations.RunPython(on_vendor("postgresql", GIN_POSTGRES), on_vendor("postgresql", GIN_POSTGRES_DROP)),
    ]
