"""Page-cache hits answered before Django's request cycle: the WSGI application wraps Django's.

A hit needs no database, session, URL resolver or view, yet going through
Django's handler costs it the request signals (which visit every database
connection and cache), the exception wrappers and the response's close: more
than half of a hit's time, measured. So `config/wsgi.py` wraps Django's
application in `PageCacheApplication`, which builds the request, runs the
middleware that stands above the page cache in `settings.MIDDLEWARE` (security
headers, the request id, gzip: the same classes in the same order, so a hit's
headers are what they would be) around `cached_page`, and answers.

Anything else goes to Django unchanged: a request that is not an anonymous
read, a page not cached or stale, a moment when the purges are due to be read
(that read touches the database, so it happens inside Django's cycle), a host
Django would refuse (its key is never in the cache), and any error.
"""

import logging

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.utils.module_loading import import_string

from masthead.pagecache.middleware import cached_page

logger = logging.getLogger(__name__)
PAGE_CACHE_MIDDLEWARE = "masthead.pagecache.middleware.PageCacheMiddleware"


class Miss(Exception):
    """No cached page for this request: Django answers it."""


def _hit_or_miss(request):
    response = cached_page(request)
    if response is None:
        raise Miss
    return response


def middleware_above_page_cache() -> list[str]:
    names = list(settings.MIDDLEWARE)
    return names[: names.index(PAGE_CACHE_MIDDLEWARE)] if PAGE_CACHE_MIDDLEWARE in names else []


class PageCacheApplication:
    def __init__(self, django_application):
        self.django_application = django_application
        handler = _hit_or_miss
        for name in reversed(middleware_above_page_cache()):
            handler = import_string(name)(handler)
        self.serve_hit = handler
        self.enabled = PAGE_CACHE_MIDDLEWARE in settings.MIDDLEWARE

    def __call__(self, environ, start_response):
        if self.enabled and settings.PAGE_CACHE and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            try:
                response = self.serve_hit(WSGIRequest(environ))
            except Miss:
                pass
            except Exception:  # Django's own cycle answers it, with its error handling and logging
                logger.debug("page cache: the early hit path failed; Django answers", exc_info=True)
            else:
                start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
                # Not the response itself: its close() would send request_finished, the cost this path avoids.
                return [response.content]
        return self.django_application(environ, start_response)
