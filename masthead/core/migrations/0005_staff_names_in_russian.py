"""Wagtail's default groups and moderation workflow named in the site's language.

Wagtail's own migrations create the groups "Editors" and "Moderators" and the
workflow (and its task) "Moderators approval", in English whatever the site's
language. A Russian newsroom (LANGUAGE_CODE "ru") reads them in Russian in the
admin: in the users' groups, on the "Submit to ..." button and in the
moderation history. Only the names Wagtail gave are changed: a newsroom that
renamed them keeps its own. The names are written here, not looked up in the
catalog, so the migration does the same thing whenever it runs.
"""

from django.conf import settings
from django.db import migrations

GROUPS = {"Editors": "Редакторы", "Moderators": "Модераторы"}
WORKFLOWS = {"Moderators approval": "Утверждение модераторами"}


def rename(apps, mapping_for):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    for model, names in ((Group, GROUPS), (Workflow, WORKFLOWS), (Task, WORKFLOWS)):
        for old, new in mapping_for(names).items():
            if not model.objects.filter(name=new).exists():
                model.objects.filter(name=old).update(name=new)


def to_russian(apps, schema_editor):
    if settings.LANGUAGE_CODE == "ru":
        rename(apps, lambda names: names)


def to_english(apps, schema_editor):
    rename(apps, lambda names: {new: old for old, new in names.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_periodic_job_run"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_russian, to_english)]
