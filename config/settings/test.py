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
    CACHES["pages"]["KEY_PREFIX"] = _prefix + "-pages"  # noqa: F405

# One process: a bump forgets the copy at once; no re-read every second to skew query counts.
CONTENT_VERSION_TTL = 3600

# Most tests read a page after changing the database behind Wagtail's back; the page cache's own tests
# (masthead/pagecache/tests) turn it on. The headers and keys are still made for every page.
# A test server in a subprocess (the fault tests) turns it on with PAGE_CACHE_IN_TESTS=on.
PAGE_CACHE = env.str("PAGE_CACHE_IN_TESTS", default="off") == "on"  # noqa: F405

# The router's tests (masthead/core/tests/test_replica.py) need a second alias: the test database itself.
# Nothing routes to it unless a test installs the router; a DATABASE_REPLICA_URL in the environment (a
# sourced var/cluster.env) is ignored, as the tests make the private replica they need.
DATABASE_REPLICA_URL = ""
DATABASE_ROUTERS = []
MIDDLEWARE = [name for name in MIDDLEWARE if name != "masthead.core.replica.ReplicaReadsMiddleware"]  # noqa: F405
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
if DATABASES["replica"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A reader only: IMMEDIATE transactions and the WAL pragma on the shared in-memory database lock it.
    DATABASES["replica"]["OPTIONS"] = {}  # noqa: F405
