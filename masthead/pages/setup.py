"""The page tree a site needs before anything can be published in it.

Production code (the importer, the benchmark corpus, the demo) and the tests
build it the same way, so it lives here and `masthead.testing` re-exports it.
"""

from __future__ import annotations

from wagtail.models import Page, Site

from masthead.articles.models import ArticleIndexPage
from masthead.pages.models import HomePage


def build_site() -> tuple[HomePage, ArticleIndexPage]:
    """The page tree the site needs: root -> home -> news; the default Site points at home.

    Idempotent: existing pages are reused, so it is safe before every import or bench run.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or _make_root()
        for page in root.get_children():
            page.delete()
        home = root.add_child(instance=HomePage(title="Masthead", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    news = ArticleIndexPage.objects.first() or home.add_child(instance=ArticleIndexPage(title="News", slug="news"))
    return home, news


def _make_root() -> Page:
    """An empty database (or one a transactional test truncated) has no root page, locale or image collection."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale

    ContentType.objects.clear_cache()  # a flushed table was refilled with new ids
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.get_first_root_node():  # images and documents need it
        Collection.add_root(name="Root")
    return Page.add_root(instance=Page(title="Root", slug="root"))
