from django.db import migrations


def load_defaults(apps, schema_editor):
    from masthead.comments.policy import DEFAULT_ACTIONS
    from masthead.comments.policy.default_words import default_entries
    from masthead.comments.rules import DEFAULT_RULES

    Rule = apps.get_model("comments", "Rule")
    BannedWord = apps.get_model("comments", "BannedWord")
    for code, (names, explanations) in DEFAULT_RULES.items():
        Rule.objects.get_or_create(
            code=code,
            defaults={
                "name_en": names[0],
                "name_ru": names[1],
                "explanation_en": explanations[0],
                "explanation_ru": explanations[1],
                "action": DEFAULT_ACTIONS[code],
            },
        )
    BannedWord.objects.bulk_create(
        [BannedWord(language=language, entry=entry) for language, entry in dict.fromkeys(default_entries())],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
