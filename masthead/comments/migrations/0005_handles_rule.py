"""The messenger-handles rule (issue 16, item 9): a new check, and its row for existing databases.

The row's texts are frozen here, as 0002 would have written them, so the
migration means the same thing whenever it runs; an existing row is kept.
"""

from django.db import migrations, models


def add_rule(apps, schema_editor):
    Rule = apps.get_model("comments", "Rule")
    Rule.objects.get_or_create(
        code="handles",
        defaults={
            "name_en": "Messenger handles",
            "name_ru": "Ссылки на аккаунты в мессенджерах",
            "explanation_en": (
                "Comments naming accounts or channels in messengers are read by a moderator before they appear."
            ),
            "explanation_ru": (
                "Комментарии с упоминанием аккаунтов и каналов в мессенджерах появляются после проверки модератором."
            ),
            "action": "hold",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_evasion_words")]

    operations = [
        migrations.AlterField(
            model_name="rule",
            name="code",
            field=models.CharField(
                choices=[
                    ("links", "Third-party links"),
                    ("banned_words", "Banned words"),
                    ("rate_limit", "Posting too fast"),
                    ("duplicate", "The same text twice"),
                    ("new_account", "A new account's first comments"),
                    ("no_user_agent", "No browser identification"),
                    ("guest", "Guest comments"),
                    ("empty", "Empty comment"),
                    ("too_long", "Over-long comment"),
                    ("all_caps", "All capitals"),
                    ("handles", "Messenger handles"),
                ],
                max_length=20,
                unique=True,
                verbose_name="check",
            ),
        ),
        migrations.RunPython(add_rule, migrations.RunPython.noop),
    ]
