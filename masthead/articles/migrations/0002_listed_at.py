"""Listing keys on the author, rubric and tag rows: listed_at, filled from the live articles, then indexed."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_listed_at(apps, schema_editor):
    ArticlePage = apps.get_model("articles", "ArticlePage")
    for model_name, page_field in (("ArticleAuthor", "page"), ("ArticleRubric", "page"), ("ArticleTag", "content_object")):
        published = ArticlePage.objects.filter(pk=OuterRef(f"{page_field}_id"), live=True).values("published_at")[:1]
        apps.get_model("articles", model_name).objects.update(listed_at=Subquery(published))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0001_initial'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.AddField(
            model_name='articleauthor',
            name='listed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='listed at'),
        ),
        migrations.AddField(
            model_name='articlerubric',
            name='listed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='listed at'),
        ),
        migrations.AddField(
            model_name='articletag',
            name='listed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='listed at'),
        ),
        migrations.RunPython(fill_listed_at, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='articleauthor',
            index=models.Index(fields=['author', '-listed_at', '-page'], name='articleauthor_listing'),
        ),
        migrations.AddIndex(
            model_name='articlerubric',
            index=models.Index(fields=['rubric', '-listed_at', '-page'], name='articlerubric_listing'),
        ),
        migrations.AddIndex(
            model_name='articletag',
            index=models.Index(fields=['tag', '-listed_at', '-content_object'], name='articletag_listing'),
        ),
    ]
