"""Thin views: feeds, sitemaps and robots.txt, cached under the content version, answering conditional GETs.

Every response here depends only on published content (and the edition), so it
is rendered once per content version (core/freshness.py) and kept in the cache;
its ETag is a hash of the bytes, so a repeat with If-None-Match (or
If-Modified-Since) gets 304 without a render or a query. Query strings are
ignored, except a sitemap's page number, which is read strictly.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.views.decorators.http import require_safe
from wagtail.models import Site

from masthead.articles.surrogates import FEEDS
from masthead.core import surrogate
from masthead.core.freshness import content_version
from masthead.distribution import feeds, sitemaps
from masthead.distribution.models import DistributionSettings

MAX_CACHED_BYTES = 8 * 1024 * 1024  # a full 50,000-URL sitemap file fits
CACHE_SECONDS = 3600  # at most; a response that time alone changes sets a shorter `cache_seconds`


def _cached(request, key: str, produce) -> HttpResponse:
    """`produce()`'s response, from the cache when this content version already has it, or a 304."""
    surrogate.page(FEEDS)  # shared by the page cache and the proxy; every publication purges it
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"distribution:{content_version()}:{digest}"
    stored = cache.get(cache_key)
    if stored is None:
        response = produce()  # may raise Http404
        if hasattr(response, "render"):
            response.render()
        content = response.content
        stored = {
            "content": content,
            "type": response["Content-Type"],
            "etag": quote_etag(hashlib.sha256(content).hexdigest()[:32]),
            "modified": response.get("Last-Modified"),
            "changes_at": time.time() + response.cache_seconds if hasattr(response, "cache_seconds") else None,
        }
        if len(content) <= MAX_CACHED_BYTES:
            cache.set(cache_key, stored, min(CACHE_SECONDS, getattr(response, "cache_seconds", CACHE_SECONDS)))
    if stored.get("changes_at") is not None:  # the page cache and the proxy keep it no longer either
        surrogate.changes_in(max(0.0, stored["changes_at"] - time.time()))
    modified = parse_http_date_safe(stored["modified"]) if stored["modified"] else None
    response = get_conditional_response(request, etag=stored["etag"], last_modified=modified)
    if response is None:
        response = HttpResponse(stored["content"], content_type=stored["type"])
    response["ETag"] = stored["etag"]
    if stored["modified"]:
        response["Last-Modified"] = stored["modified"]
    patch_cache_control(response, public=True, max_age=settings.FEED_CACHE_SECONDS)
    return response


def _key(request, *parts) -> str:
    return "|".join([request.path, translation.get_language() or "", *map(str, parts)])


@require_safe
def feed(request, feed_class: type[feeds.ArticleFeed], **kwargs):
    return _cached(request, _key(request), lambda: feed_class()(request, **kwargs))


@require_safe
def rss_redirect(request):
    return HttpResponsePermanentRedirect(reverse("feeds:site"))


def _page_number(request) -> int:
    raw = request.GET.get("p", "1")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6) or int(raw) < 1:
        raise Http404("No such page")
    return int(raw)


def _last_modified_header(response, moment) -> None:
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())


@require_safe
def sitemap_index(request):
    """The index: every page of every section that has addresses, and the news sitemap when it has news, on SITE_URL.

    sitemaps.org's schema allows no file without a <url>, so an empty section is left out (and answers 404).
    """

    def produce():
        items, newest = [], None
        for section, sitemap_class in sitemaps.SECTIONS.items():
            sitemap = sitemap_class()
            if not sitemap.has_items():
                continue
            location = settings.SITE_URL + reverse("distribution:sitemap_section", kwargs={"section": section})
            lastmod = sitemap.get_latest_lastmod()
            newest = max(filter(None, [newest, lastmod]), default=None)
            for page in range(1, max(1, sitemap.index_pages()) + 1):
                items.append(SitemapIndexItem(location if page == 1 else f"{location}?p={page}", lastmod))
        news = sitemaps.NewsSitemap()
        newest_news = news.newest_in_window()
        if newest_news is not None:
            items.append(SitemapIndexItem(settings.SITE_URL + reverse("distribution:sitemap_news"), None))
        if not items:
            raise Http404("Nothing to list yet")  # and no index without a <sitemap>
        response = TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")
        _last_modified_header(response, newest)
        if newest_news is not None:
            response.cache_seconds = news.seconds_in_window(newest_news)  # the news file may empty before then
        return response

    return _cached(request, _key(request), produce)


@require_safe
def sitemap_section(request, section: str):
    sitemap_class = sitemaps.SECTIONS.get(section)
    if sitemap_class is None:
        raise Http404("No such sitemap")
    page = _page_number(request)

    def produce():
        sitemap = sitemap_class()
        try:
            urls = sitemap.get_urls(page=page)
        except (EmptyPage, PageNotAnInteger):
            urls = []
        if not urls:  # past the last page, or an empty section: the schema allows no file without a <url>
            raise Http404("No such page")
        response = TemplateResponse(request, "sitemap.xml", {"urlset": urls}, content_type="application/xml")
        _last_modified_header(response, getattr(sitemap, "latest_lastmod", None))
        return response

    return _cached(request, _key(request, page), produce)


@require_safe
def sitemap_news(request):
    def produce():
        sitemap = sitemaps.NewsSitemap()
        try:
            urls = sitemap.get_urls(page=1)
        except EmptyPage:
            urls = []
        if not urls:
            raise Http404("No news in the window")  # the schema allows no file without a <url>
        context = {"urlset": urls, "publication_name": _distribution_settings().publication_name()}
        response = TemplateResponse(request, "distribution/sitemap_news.xml", context, content_type="application/xml")
        # Newest first: the last one leaves the window first, and the file changes then, publish or not.
        response.cache_seconds = sitemap.seconds_in_window(urls[-1]["item"]["published_at"])
        return response

    return _cached(request, _key(request), produce)


@require_safe
def robots_txt(request):
    def produce():
        rules = _distribution_settings().robots_txt.strip()
        lines = [rules, ""] if rules else []
        # The index only: it names the news sitemap whenever there is news (an empty one is a 404).
        lines.append(f"Sitemap: {settings.SITE_URL}{reverse('distribution:sitemap_index')}")
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

    return _cached(request, _key(request), produce)


def _distribution_settings() -> DistributionSettings:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return DistributionSettings()
    return DistributionSettings.for_site(site)
