"""The moved profile table takes this app's name (a rename: rows, keys and constraints stay)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("readers", "0001_initial")]

    operations = [migrations.AlterModelTable(name="readerprofile", table=None)]
