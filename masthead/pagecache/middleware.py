"""Reader pages for anonymous readers from the page cache; correct HTTP caching headers on all of them.

It stands above the session, locale, authentication and policy middleware, so
a hit costs no session, no database query, no template and no header building:
only a cache read. The stored copy carries the headers the layers below set
(the Content-Security-Policy among them). Who is
anonymous is read from the request itself: no session cookie, no
Authorization header. Whether a response may be shared is said by the view
(`masthead.core.surrogate.page`), so a page nobody marked (search, the
account pages, a form) is never shared, and a response that sets a cookie is
never stored whatever the view said.
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from masthead.core import freshness, surrogate
from masthead.pagecache import store

SITE_KEY = "site"  # every page shows the site's furniture
NEVER_CACHED = ("/admin/", "/django-admin/", "/accounts/")
FILES = (settings.STATIC_URL, settings.MEDIA_URL)  # whitenoise and the proxy serve these, with their own headers
# Per response, not per page: these are never stored with an entry.
NOT_STORED = {"age", "x-page-cache", "set-cookie", "x-request-id", "date"}


def is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(FILES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES  # a one-time notice waits for this reader
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(NEVER_CACHED)
    )


def shared_cache_control(lifetime: float | None = None) -> str:
    if lifetime is not None and lifetime < settings.PAGE_CACHE_SECONDS:
        # Time alone changes this page soon (surrogate.changes_in): no copy, fresh or stale, outlives that.
        seconds = int(lifetime)
        return f"public, max-age={min(seconds, settings.PAGE_CACHE_BROWSER_SECONDS)}, s-maxage={seconds}"
    return (
        f"public, max-age={settings.PAGE_CACHE_BROWSER_SECONDS}, s-maxage={settings.PAGE_CACHE_SECONDS}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_SECONDS}, stale-if-error={settings.PAGE_CACHE_GRACE_SECONDS}"
    )


def is_shareable(request, response, collected) -> bool:
    return (
        collected.is_page
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(request, "is_preview", False)
        and "private" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header("Cache-Control"):
                response["Cache-Control"] = "private, no-cache"  # this reader's own page
            return response
        key = store.key_for(request) if settings.PAGE_CACHE else None
        seen = None
        if key is not None:
            entry = store.lookup(key)
            if entry is not None:
                return from_entry(request, entry)
            # A miss renders what the database holds now: the newest purges and content version first.
            seen = store.purges.read(now=True)
            freshness.forget()
        with surrogate.collecting() as collected:
            response = self.get_response(request)
        if not is_shareable(request, response, collected):
            return response
        keys = (SITE_KEY, *sorted(collected.keys - {SITE_KEY}))
        self.make_shareable(response, keys, collected.lifetime)
        if key is None:
            response["X-Page-Cache"] = "off" if not settings.PAGE_CACHE else "bypass"
        elif store.purges.purged_after(keys, seen):
            # Changed while it rendered: this copy may be old already, so nobody keeps it.
            response["Cache-Control"] = "public, max-age=0, s-maxage=0"
            response["X-Page-Cache"] = "miss"
        else:
            store.save(key, self.to_entry(response, keys, seen, collected.lifetime))
            response["X-Page-Cache"] = "miss"
        return conditional(request, response)

    @staticmethod
    def make_shareable(response, keys, lifetime=None) -> None:
        response["Cache-Control"] = shared_cache_control(lifetime)
        if not response.has_header("ETag"):  # a view that knows better (the feeds) keeps its own validators
            response["ETag"] = quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest())
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()
        response["xkey"] = " ".join(keys)
        # The language is in the URL, not the Accept-Language header; a session cookie does change the page.
        vary = {v.strip(): None for v in response.get("Vary", "").split(",") if v.strip()}
        del response["Vary"]
        patch_vary_headers(response, [v for v in {**vary, "Cookie": None} if v.lower() != "accept-language"])

    @staticmethod
    def to_entry(response, keys, seen, lifetime=None) -> store.Entry:
        # ResponseHeaders' own store ({lower name: (name, value)}), already validated and encoded.
        headers = {lower: pair for lower, pair in response.headers._store.items() if lower not in NOT_STORED}
        return store.Entry(response.content, headers, keys, seen, time.time(), lifetime)


def cached_page(request):
    """This anonymous reader's page from the cache when it is there and current, without reading the database.

    None otherwise: not a request for a shared page, not cached, or the purges
    are due to be read (the middleware's full path reads them).
    """
    if not settings.PAGE_CACHE or not is_anonymous_read(request):
        return None
    key = store.key_for(request)
    if key is None:
        return None
    entry = store.lookup(key, read_purges=False)
    return None if entry is None else from_entry(request, entry)


def from_entry(request, entry):
    response = HttpResponse(entry.content)
    # The stored headers were checked and encoded when the page was stored; setting them one by one
    # again would be a third of a hit's time.
    response.headers._store = dict(entry.headers)
    response["Age"] = str(max(0, int(time.time() - entry.stored_at)))
    response["X-Page-Cache"] = "hit"
    return conditional(request, response)


def conditional(request, response):
    if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
        return response
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )
