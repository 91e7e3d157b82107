"""Every interface string has its Russian (and English) translation."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po"))


def test_there_are_russian_catalogs():
    assert any("/ru/" in str(path) for path in CATALOGS)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalog_is_complete(path):
    catalog = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalog if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)]
    assert missing == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_translations_keep_every_placeholder(path):
    import re

    placeholder = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")
    broken = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.translated():
            continue
        expected = set(placeholder.findall(entry.msgid))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = set(placeholder.findall(text))
            # Russian plural forms may spell the number out in words only for "one"; all else must match.
            if found != expected and not (entry.msgid_plural and found < expected):
                broken.append((entry.msgid, text))
    assert broken == []
