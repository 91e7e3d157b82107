"""Bring the banned words added for issue 16 (item 9) to databases that already have the lists.

The additions are frozen here rather than read from default_words.py, so that
a word an editor deleted from an older list is not brought back, and so that
this migration means the same thing whenever it runs. Existing entries are
left alone (ignore_conflicts).
"""

from django.db import migrations

ADDED = {
    "ru": [
        "идиотский", "идиотизм", "идиотина", "дурацкий", "дебильный", "кретинский", "уродский", "мразота",
        "сволочной", "ублюдочный", "гнидовский", "гондон", "гандон", "педераст", "пидр", "пидар", "пидорасина",
        "мудачье", "мудачок", "долбаеб", "далбаеб", "долбоящер", "еблан", "ебанько", "хуета", "хуило", "нахуя",
        "нихуя", "похую", "похуист", "писдец", "пездец", "пиздос", "выблядок", "шлюшка", "жидяра",
        "жидовский", "хуй*", "бляд*", "выбляд*", "заеб*", "наеб*", "выеб*", "уеб*", "съеб*", "проеб*", "разъеб*",
        "долбоеб*", "долбаеб*", "пидор*", "пидар*", "мудач*", "пизж*", "зига", "зиговать", "зигануть", "сиг хайль",
        "зиг хаиль", "хаиль гитлер", "смерть хохлам", "смерть хачам", "смерть чуркам", "бей хачей", "бей хохлов",
        "бей чурок", "москва для русских", "уайт пауэр", "вайт пауэр",
    ],
    "en": [
        "fck", "fuk", "fcuk", "phuck", "fuq", "dumbfuck", "clusterfuck", "cocksucker", "dickwad", "douchebag",
        "asshat", "asswipe", "biatch", "blyad", "blyat", "pizdec", "pizdets", "pizda", "nahuy", "mudak", "pidor",
        "pidoras", "eblan", "zaebal", "debil", "zig heil", "zig hail", "sieg hail", "zieg heil", "heil gitler",
        "hail gitler", "slava gitleru", "smert zhidam", "bei zhidov", "rossiya dlya russkih", "white pride",
        "white pride world wide", "gas the kikes", "jews will not replace us",
    ],
}


def add_words(apps, schema_editor):
    BannedWord = apps.get_model("comments", "BannedWord")
    BannedWord.objects.bulk_create(
        [BannedWord(language=language, entry=entry) for language, entries in ADDED.items() for entry in entries],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_reader_profile_moves_to_readers")]

    operations = [migrations.RunPython(add_words, migrations.RunPython.noop)]
