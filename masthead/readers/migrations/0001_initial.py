"""ReaderProfile moves here from comments with its rows: this migration only takes over the model's state.

The table `comments_readerprofile` stays where it is (no database operation);
0002 then gives it this app's name. Comments' 0003 drops the model from its
own state, without touching the table.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("comments", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReaderProfile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("display_name", models.CharField(blank=True, max_length=60, verbose_name="display name")),
                        (
                            "notify_replies",
                            models.BooleanField(default=True, verbose_name="e-mail me when someone replies to my comment"),
                        ),
                        ("language", models.CharField(default="ru", max_length=2, verbose_name="language")),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reader_profile",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "reader profile",
                        "verbose_name_plural": "reader profiles",
                        "db_table": "comments_readerprofile",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
