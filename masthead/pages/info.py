"""The information pages other parts of the site link: the footer's list and a page by its role."""

from django.utils import translation

from masthead.core.bilingual import reader_language
from masthead.core.cache import cached
from masthead.pages.models import InfoPage


def footer_links(language: str | None = None) -> list[tuple[str, str]]:
    """[(title, path)] of the live pages placed in the footer, in the edition's language, read once per version."""
    language = reader_language(language)

    def read():
        with translation.override(language):
            pages = InfoPage.objects.live().filter(footer_order__isnull=False).order_by("footer_order", "pk")
            return [(page.display_title(language), page.url) for page in pages]

    return cached(f"info-footer:{language}", read, timeout=3600)


def path_for_role(role: str, language: str | None = None) -> str:
    """The edition's address of the live page with this role (InfoPage.Role), or "" when there is none."""
    language = reader_language(language)

    def read():
        with translation.override(language):
            page = InfoPage.objects.live().filter(role=role).first()
            return page.url if page else ""

    return cached(f"info-role:{role}:{language}", read, timeout=3600)
