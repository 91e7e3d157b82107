import time

from django.conf import settings
from django.urls import resolve, reverse
from wagtail.models import Site

from masthead.core.freshness import content_version

SITE_CACHE_SECONDS = 30


class SiteCacheMiddleware:
    """Remember which Wagtail Site (and its root page) serves each host.

    Wagtail looks the Site up with a query on every request and then loads its
    root page twice more; on a news site both change about never. A per-process
    memo keyed by host and the content version saves three queries a page.

    A memo, not `masthead.core.cache.cached`: what it keeps is live objects of
    this process (the home page remembers its children, see HomePage.route),
    which a shared cache would hand back as fresh unpickled copies on every
    request, costing a Redis round trip and the memoised children with it. The
    content version in the key still makes an edit visible within a second.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._memo: dict[tuple[str, int], tuple[float, Site | None]] = {}

    def __call__(self, request):
        key = (request.get_host(), content_version())
        now = time.monotonic()
        cached = self._memo.get(key)
        if cached and now - cached[0] < SITE_CACHE_SECONDS:
            request._wagtail_site = cached[1]
        else:
            site = Site.find_for_request(request)
            if site is not None:
                site.root_page.specific  # noqa: B018 - load now, reuse while memoised
            if len(self._memo) > 100:
                self._memo.clear()
            self._memo[key] = (now, site)
        return self.get_response(request)


class LeanEndpointsMiddleware:
    """Hand a request for one of `LEAN_ENDPOINTS` straight to its view, past the middleware below.

    Every page view sends the view beacon, so it is the most frequent request
    after the pages themselves (issue 13 asks it to answer at least five times as
    many as an uncached article). It reads no session, user, message, language
    or site, guards itself (same-origin check, size and rate limits, no CSRF
    cookie needed) and answers JSON, which no CSP or frame header concerns; in
    the profile the ten middleware below cost it more than its own work. It
    stands under the HTTPS redirect, the request id, gzip and the page cache,
    so those still apply. The endpoints are named by URL name in the settings,
    so this layer imports no feature app.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._views: dict[str, object] | None = None

    def __call__(self, request):
        if self._views is None:
            self._views = {reverse(name): resolve(reverse(name)).func for name in settings.LEAN_ENDPOINTS}
        view = self._views.get(request.path_info)
        if view is None:
            return self.get_response(request)
        return view(request)
