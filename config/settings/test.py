"""Test settings: the base settings with fast hashing and an in-memory outbox."""

from .base import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

if REDIS_URL:  # noqa: F405
    import uuid

    # A prefix per run keeps runs (and parallel checkouts) from seeing each other's keys.
    _prefix = f"test-{uuid.uuid4().hex[:8]}"
    CACHES["default"]["KEY_PREFIX"] = _prefix  # noqa: F405
    CACHES["renditions"]["KEY_PREFIX"] = _prefix + "-renditions"  # noqa: F405
