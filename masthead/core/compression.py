"""Text responses compressed by the app itself, so a reader gets gzip also when no proxy stands in front.

Django's GZipMiddleware, kept to text: it would otherwise gzip JPEG and WebP
renditions too, spending CPU for nothing. It sits above the page cache
(config/settings/base.py), so the cache stores and compares the plain page and
a hit is compressed on the way out; Varnish, when present, asks for gzip and
keeps the compressed copy itself. Pages with a CSRF token are per reader and
Django masks the token anew in every response, which is Django's answer to
BREACH; the public pages carry no secret at all.
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = ("text/", "application/xml", "application/rss+xml", "application/atom+xml", "application/json",
                "application/javascript", "application/manifest+json", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
