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
