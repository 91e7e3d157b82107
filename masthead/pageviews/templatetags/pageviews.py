"""Template tags for the reader pages: an article's number and the "most read" block."""

from django import template
from django.utils import formats

from masthead.articles import editions
from masthead.articles.models import ArticlePage
from masthead.core.cache import cached
from masthead.pageviews import services

register = template.Library()

MOST_READ_DAYS = 7
MOST_READ_COUNT = 5
MOST_READ_SECONDS = 120
# The number in the page as rendered: the beacon answers with the current one as soon as the page has loaded,
# so a render may show one a few seconds old and spare the database a query (a read round trip is a third of
# an uncached article's time on PostgreSQL).
SHOWN_SECONDS = 5


@register.simple_tag
def page_views(page) -> int:
    """Views of an article as the page first shows them: one small query, kept a few seconds."""
    return cached(f"pageviews:shown:{page.pk}", lambda: services.views_total(article_id=page.pk), timeout=SHOWN_SECONDS)


@register.filter
def views_number(value) -> str:
    """1204 as the reader's language writes it: "1,204", "1 204" (a non-breaking space in Russian)."""
    return formats.number_format(value, decimal_pos=0, force_grouping=True)


@register.simple_tag(takes_context=True)
def most_read_items(context) -> list[dict]:
    """The edition's most read articles of the last week, cached briefly: two queries when the cache is cold."""
    request = context.get("request")
    edition = editions.current()

    def build() -> list[dict]:
        ranked = services.most_read(days=MOST_READ_DAYS, limit=MOST_READ_COUNT, edition=edition)
        pages = ArticlePage.objects.published().only("title", "url_path", "language").in_bulk([pk for pk, _ in ranked])
        return [
            {"title": pages[pk].title, "url": pages[pk].get_url(request), "language": pages[pk].language, "views": n}
            for pk, n in ranked
            if pk in pages
        ]

    return cached(f"pageviews:most-read:{edition}", build, timeout=MOST_READ_SECONDS)
