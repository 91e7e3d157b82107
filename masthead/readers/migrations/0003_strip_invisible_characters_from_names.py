"""Names saved before the display-name check lose their format characters too (a "\u202e" override, say).

A name with nothing visible left becomes empty, which comments show as "Reader".
"""

from django.db import migrations


def strip_names(apps, schema_editor):
    from masthead.readers.names import strip_invisible

    ReaderProfile = apps.get_model("readers", "ReaderProfile")
    for profile in ReaderProfile.objects.exclude(display_name="").only("pk", "display_name").iterator():
        name = strip_invisible(profile.display_name)
        if name != profile.display_name:
            ReaderProfile.objects.filter(pk=profile.pk).update(display_name=name)


class Migration(migrations.Migration):
    dependencies = [("readers", "0002_rename_table")]

    operations = [migrations.RunPython(strip_names, migrations.RunPython.noop)]
