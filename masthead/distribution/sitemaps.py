"""Sitemaps: articles, rubrics, authors, tags and archive days, and the Google News sitemap.

Subclasses of Django's `Sitemap`. Items are `values()` rows, not model
instances, and pages are cut by COUNT and LIMIT/OFFSET, so neither the index nor
a 50,000-URL file loads more than it prints. Every address is built on SITE_URL.
"""

import datetime as dt
import math
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone, translation
from taggit.models import Tag
from wagtail.models import Site

from masthead.articles.models import ArticlePage, ArticleAuthor, ArticleRubric, ArticleTag, Author, Rubric
from masthead.core import times
from masthead.core.cache import cached


def article_translations(article_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """For each article id that has a published translation, every version as (language code, absolute URL).

    The article itself included, as Google asks that every version list all versions;
    each at its address in its own language's edition (/news/x/, /en/news/x/). Two
    queries for a whole sitemap page of ids: the pairs (linked from either side),
    then their rows. ArticleSitemap prints each as
    `<xhtml:link rel="alternate" hreflang=".." href=".."/>`.
    """
    if not article_ids:
        return {}
    published = ArticlePage.objects.published()
    pairs = published.filter(translation__isnull=False, translation__in=published).filter(
        Q(pk__in=article_ids) | Q(translation_id__in=article_ids)).values_list("pk", "translation_id")
    partners: dict[int, set[int]] = {}
    for a, b in pairs:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    if not partners:
        return {}
    rows = {row["pk"]: row for row in published.filter(pk__in=partners).values("pk", "url_path", "language")}
    root = _root_url_path()
    base = settings.SITE_URL

    def address(row) -> str:
        path = "/" + row["url_path"][len(root):]
        return base + (path if row["language"] == settings.LANGUAGE_CODE else f"/{row['language']}{path}")

    result = {}
    for pk in article_ids:
        versions = [rows[p] for p in sorted({pk, *partners.get(pk, ())}) if p in rows]
        if len(versions) > 1 and len({row["language"] for row in versions}) > 1:
            result[pk] = [(row["language"], address(row)) for row in versions]
    return result


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL, whatever Host the request came with."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def index_pages(self) -> int:
        """How many files this section has, for the index; sections override it with a cheaper count."""
        return self.paginator.num_pages

    def has_items(self) -> bool:
        """Whether the section has an address at all: sitemaps.org's schema wants at least one <url> in a file."""
        return self.items().exists()

    def location(self, item):
        # reverse() in the default edition: unprefixed addresses, as the canonical links.
        with translation.override(settings.LANGUAGE_CODE):
            return self.path(item)


def _root_url_path() -> str:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def _newest(a, b):
    return max(filter(None, [a, b]), default=None)


def published_span() -> dict:
    """How many articles are published, the first and last publication times and the last edit.

    The index asks each section for its newest date and its number of files,
    and at 100,000 articles each of those aggregates scans every published
    article (a quarter of a second apiece on PostgreSQL); one scan answers them
    all, kept under the content version for a minute.
    """
    return cached(
        "sitemaps:published-span",
        lambda: ArticlePage.objects.published().aggregate(
            count=Count("pk"), first=Min("published_at"), last=Max("published_at"), edited=Max("last_published_at")
        ),
        timeout=60,
    )


class ArticleSitemap(SiteSitemap):
    limit = 50_000

    def items(self):
        return (
            ArticlePage.objects.published()
            .order_by("pk")
            .values("pk", "url_path", "published_at", "last_published_at")
        )

    def location(self, item):
        if not hasattr(self, "_root"):
            self._root = _root_url_path()
        return "/" + item["url_path"][len(self._root):]

    def lastmod(self, item):
        return _newest(item["last_published_at"], item["published_at"])

    def get_latest_lastmod(self):
        span = published_span()
        return _newest(span["edited"], span["last"])

    def index_pages(self) -> int:
        return math.ceil(published_span()["count"] / self.limit)

    def has_items(self) -> bool:
        return published_span()["count"] > 0

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        alternates = article_translations([url["item"]["pk"] for url in urls])
        if alternates:
            for url in urls:
                url["alternates"] = [
                    {"lang_code": code, "location": location} for code, location in alternates.get(url["item"]["pk"], [])
                ]
        return urls


def _last_article_in(link_model, field: str):
    """The newest publication among one rubric's (or author's) published articles, as a subquery."""
    published = ArticlePage.objects.published().values("pk")
    return Subquery(
        link_model.objects.filter(**{field: OuterRef("pk")}, page__in=published)
        .order_by("-page__published_at")
        .values("page__published_at")[:1]
    )


class RubricSitemap(SiteSitemap):
    def items(self):
        return Rubric.objects.annotate(last=_last_article_in(ArticleRubric, "rubric")).order_by("pk").values("slug", "last")

    def path(self, item):
        return reverse("articles:rubric", kwargs={"slug": item["slug"]})

    def lastmod(self, item):
        return item["last"]

    def get_latest_lastmod(self):
        return published_span()["last"]


class AuthorSitemap(RubricSitemap):
    def items(self):
        return Author.objects.annotate(last=_last_article_in(ArticleAuthor, "author")).order_by("pk").values("slug", "last")

    def path(self, item):
        return reverse("articles:author", kwargs={"slug": item["slug"]})


class TagSitemap(SiteSitemap):
    limit = 50_000

    def items(self):
        used = ArticleTag.objects.filter(content_object__in=ArticlePage.objects.published().values("pk"))
        return Tag.objects.filter(pk__in=used.values("tag_id")).order_by("pk").values("slug")

    def path(self, item):
        return reverse("articles:tag", kwargs={"slug": item["slug"]})

    def index_pages(self) -> int:
        # Counting used tags joins every tagging; all tags together bound it, and rarely pass one file.
        if Tag.objects.count() <= self.limit:
            return 1
        return super().index_pages()


class ArchiveDaySitemap(SiteSitemap):
    """Every day (in the site's timezone) with a published article."""

    limit = 50_000

    def items(self):
        return (
            ArticlePage.objects.published()
            .annotate(day=TruncDate("published_at", tzinfo=times.site_zone()))
            .values("day")
            .annotate(last=Max("published_at"))
            .order_by("day")
        )

    def index_pages(self) -> int:
        # Counting distinct local days converts every row's time; the span from first to last bounds it.
        span = published_span()
        if span["first"] is None or (span["last"] - span["first"]).days + 2 <= self.limit:
            return 1
        return super().index_pages()

    def path(self, item):
        day = item["day"]
        return reverse("pages:archive_day", kwargs={"year": day.year, "month": day.month, "day": day.day})

    def lastmod(self, item):
        return item["last"]

    def get_latest_lastmod(self):
        return published_span()["last"]

    def has_items(self) -> bool:
        return published_span()["count"] > 0  # a published article makes a day; no need to group


class NewsSitemap(SiteSitemap):
    """Google News: the articles of the last 48 hours, newest first, at most 1,000.

    https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap
    """

    limit = 1_000
    window = dt.timedelta(hours=48)

    def items(self):
        return (
            self.in_window()
            .order_by("-published_at", "-pk")
            .values("pk", "url_path", "title", "language", "published_at")[: self.limit]
        )

    location = ArticleSitemap.location

    def lastmod(self, item):
        return None

    def in_window(self):
        return ArticlePage.objects.published().filter(published_at__gte=timezone.now() - self.window)

    def newest_in_window(self) -> dt.datetime | None:
        return self.in_window().aggregate(newest=Max("published_at"))["newest"]

    def seconds_in_window(self, published_at: dt.datetime) -> int:
        """Seconds until an article published at `published_at` leaves the window. Time alone changes the
        news sitemap (no publish announces it), so a cached copy must not outlive that moment."""
        return max(1, math.ceil((published_at + self.window - timezone.now()).total_seconds()))

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:  # W3C datetime in the site's zone, to the second: 2026-11-30T21:40:54+03:00
            url["publication_date"] = times.to_site_time(url["item"]["published_at"]).replace(microsecond=0).isoformat()
        return urls


SECTIONS = {
    "articles": ArticleSitemap,
    "rubrics": RubricSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
    "days": ArchiveDaySitemap,
}
