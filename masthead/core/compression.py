"""Text responses compressed by the app itself, so a reader gets gzip also when no proxy stands in front.

Django's GZipMiddleware, kept to text: it would otherwise gzip JPEG and WebP
renditions too, spending CPU for nothing. It sits above the page cache
(config/settings/base.py), so the cache stores and compares the plain page and
a hit is compressed on the way out; Varnish, when present, asks for gzip and
keeps the compressed copy itself. Pages with a CSRF token are per reader and
Django masks the token anew in every response, which is Django's answer to
BREACH; the public pages carry no secret at all.

A page-cache hit is the same bytes for every reader, so its compressed form is
kept too (per process, by the page's digest): compressing a 20 KB article cost
as much as the rest of the hit.
"""

import hashlib

from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers

PACKED_PAGES = 256  # compressed hits kept per process; the oldest half goes when full

COMPRESSIBLE = ("text/", "application/xml", "application/rss+xml", "application/atom+xml", "application/json",
                "application/javascript", "application/manifest+json", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    def __init__(self, get_response):
        super().__init__(get_response)
        self.packed: dict[bytes, bytes] = {}  # a hit's plain bytes' digest -> its compressed bytes

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        digest = self.hit_digest(request, response)
        if digest is None:
            return super().process_response(request, response)
        packed = self.packed.get(digest)
        if packed is None:
            response = super().process_response(request, response)
            if response.get("Content-Encoding") == "gzip":
                self.keep(digest, response.content)
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        response.content = packed
        response.headers["Content-Length"] = str(len(packed))
        if response.get("ETag", "").startswith('"'):
            response.headers["ETag"] = "W/" + response["ETag"]
        response.headers["Content-Encoding"] = "gzip"
        return response

    @staticmethod
    def hit_digest(request, response) -> bytes | None:
        """The digest of a page-cache hit that this reader takes gzipped, else None."""
        if (response.get("X-Page-Cache") != "hit" or response.status_code != 200 or response.streaming
                or response.has_header("Content-Encoding")
                or not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))):
            return None
        return hashlib.blake2b(response.content, digest_size=16).digest()

    def keep(self, digest: bytes, packed: bytes) -> None:
        if len(self.packed) >= PACKED_PAGES:
            for old in list(self.packed)[: PACKED_PAGES // 2]:
                self.packed.pop(old, None)  # another thread may have dropped it already
        self.packed[digest] = packed
