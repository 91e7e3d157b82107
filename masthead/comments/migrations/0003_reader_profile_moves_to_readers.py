"""ReaderProfile now belongs to the readers app: forget it here, keep its table (readers renames it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_default_rules_and_words"),
        ("readers", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReaderProfile")],
            database_operations=[],
        ),
    ]
