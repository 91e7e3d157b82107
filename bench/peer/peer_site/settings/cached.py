"""The peer with Django's per-site cache middleware, as its documentation sets it up (locmem, 600 s)."""

from .uncached import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHE_MIDDLEWARE_SECONDS = 600
MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    *MIDDLEWARE,  # noqa: F405
    "django.middleware.cache.FetchFromCacheMiddleware",
]
