"""Which of a Russian and an English value a reader sees: one rule for every bilingual field.

The rule: the value in the requested language, else the other language's value
if that one is not empty, else "". (An English reader of a rubric with no
English name sees the Russian name, and a Russian reader of a tagline written
only in English sees the English one, rather than nothing.)

The Russian value lives in `<field>_ru`, or in `<field>` itself where the base
field is Russian (`Author.name` beside `Author.name_en`); the English one in
`<field>_en`.
"""

from django.conf import settings
from django.utils import translation

LANGUAGES = ("ru", "en")


def reader_language(language: str | None = None) -> str:
    """"ru" or "en": the one asked for, else the active language, else the site's default."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE or "ru")[:2].lower()
    return code if code in LANGUAGES else "ru"


def in_language(obj, field: str, language: str | None = None) -> str:
    """`obj`'s `field` in `language` (default: the active one), falling back to the other language."""
    russian = getattr(obj, f"{field}_ru") if hasattr(obj, f"{field}_ru") else getattr(obj, field)
    english = getattr(obj, f"{field}_en")
    first, second = (english, russian) if reader_language(language) == "en" else (russian, english)
    return first or second or ""
