"""The other-language versions of an article: their links on its page, each at its address in its edition."""

from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from masthead.core import surrogate
from masthead.core.cache import cached

LINK_LABELS = {"en": _("Read in English"), "ru": _("Read in Russian")}


def edition_path(page) -> str:
    """The article's address in the edition of its own language (/news/x/ for Russian, /en/news/x/ for English)."""
    with translation.override(page.language):
        return translate_url(page.url, page.language)


def translation_links(page) -> list[tuple[str, str, str]]:
    """[(language, path, label)] of the article's published translations, read once per content version.

    The label is in the language of the article the reader is on ("Читать на английском").
    The page shows its translations' keys, so an unpublished one leaves it at once.
    """

    def read():
        links = []
        for other in page.translations():
            with translation.override(page.language):
                label = str(LINK_LABELS.get(other.language, other.get_language_display()))
            links.append((other.pk, other.language, edition_path(other), label))
        return links

    links = cached(f"translations:{page.pk}", read)
    surrogate.shows(*(f"a{pk}" for pk, *_ in links))
    return [(language, path, label) for _, language, path, label in links]
