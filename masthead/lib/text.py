"""Plain text helpers: no models, no Django (an import contract keeps `masthead.lib` so)."""

import re
import unicodedata

from unidecode import unidecode

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def slugify(text: str) -> str:
    """ASCII letters, digits and hyphens, as Django's slugify makes them."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[-\s]+", "-", text).strip("-_")


def transliterated_slug(text: str, max_length: int = 80) -> str:
    """A readable Latin slug: "Выборы в Казахстане" -> "vybory-v-kazakhstane"."""
    slug = slugify(unidecode(text or ""))[:max_length].strip("-")
    return slug or "item"


def strip_control_chars(text: str) -> str:
    """Drop C0 control characters (keeping tab and newlines) that break XML and mail."""
    return _CONTROL.sub("", text or "")


# "Фото:", "Фото —", "Photo by", "Foto:" and the like at the start of a credit: imported credits often carry their
# own prefix, and the page adds its own ("Фото:" / "Photo:"), which would show it twice.
_CREDIT_PREFIX = re.compile(r"^\s*(?:фото|фотография|photo(?:graph)?|foto|credit|источник)\s*(?:by\b|[:—–-])\s*", re.IGNORECASE)


def credit_without_prefix(credit: str) -> str:
    """A picture credit without a leading "Фото:"/"Photo:" of its own, for the page to add one prefix."""
    return _CREDIT_PREFIX.sub("", credit or "", count=1).strip()
