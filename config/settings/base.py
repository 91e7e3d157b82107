"""Masthead settings: everything a deployment changes comes from the environment.

`.env.example` lists every key. Values are parsed by django-environ, which
raises ImproperlyConfigured on a malformed value instead of guessing.
"""

import os
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
VAR_DIR = Path(env.str("MASTHEAD_VAR_DIR", default=str(BASE_DIR / "var")))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/."""
    if key := env.str("SECRET_KEY", default=""):
        return key
    path = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:  # created once, readable by the owner only, even when two processes start together
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Unset, it follows PORT (as `make run` and `PORT=8080 make run` serve), so links point at the running site.
SITE_URL = (env.str("SITE_URL", default="") or f"http://127.0.0.1:{env.int('PORT', default=8000)}").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="Masthead")

INSTALLED_APPS = [
    "masthead.core",
    "masthead.pagecache",
    "masthead.articles",
    "masthead.pages",
    "masthead.readers",
    "masthead.pageviews",
    "masthead.typos",
    "masthead.comments",
    "masthead.importers",
    "masthead.distribution",
    "masthead.newsletter",
    "masthead.search",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "masthead.core.requestid.RequestIdMiddleware",
    # gzip for text when no proxy is in front; above the page cache, which keeps the plain copy (core/compression.py).
    "masthead.core.compression.TextGZipMiddleware",
    # Above all but the HTTPS redirect, the request id and gzip: a cached page for an anonymous reader costs no
    # session, query, template or policy header (the stored copy carries the headers the layers below set).
    "masthead.pagecache.middleware.PageCacheMiddleware",
    # The view beacon goes straight to its view from here (core/middleware.py says why).
    "masthead.core.middleware.LeanEndpointsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "masthead.core.middleware.SiteCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]
# URL names of the endpoints LeanEndpointsMiddleware answers past the session, auth and policy middleware.
LEAN_ENDPOINTS = ["pageviews:beacon"]

# Content-Security-Policy of reader pages (django-csp): our own scripts, styles and images only, so an
# injected <script> or inline handler cannot run. JSON-LD and json_script blocks are data, not scripts,
# and are unaffected. Video embeds may frame their players; embeds that need a third-party script (X,
# Telegram) show their quoted fallback. The admin (Wagtail's inline scripts) is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env.list("CSP_IMG_SOURCES", default=[])],
        "frame-src": env.list(
            "CSP_FRAME_SOURCES",
            default=["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        ),
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "masthead" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "masthead.core.context_processors.site",
            ],
        },
    },
]

# Databases: SQLite in var/ by default; PostgreSQL in production via DATABASE_URL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write
    # lock up front so concurrent writers queue on busy_timeout instead of
    # failing with "database is locked" when a read transaction upgrades.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # Persistent too: a new connection's first statement reads the whole schema (some 2-4 ms with Wagtail's
    # tables, measured), which a request paid every time with Django's default of closing after each one.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
else:
    # Persistent connections double throughput on PostgreSQL (measured: 44 -> 94 req/s).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer must not hold a reader's request for long: 503 within seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=2))
# A streaming replica of the PostgreSQL primary (optional): reader pages read there (masthead/core/replica.py).
# Seconds it may lag before reads go back to the primary, and how long a process leaves it alone after an error.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
DATABASE_REPLICA_MAX_LAG = env.float("DATABASE_REPLICA_MAX_LAG", default=5.0)
DATABASE_REPLICA_RETRY_AFTER = env.float("DATABASE_REPLICA_RETRY_AFTER", default=10.0)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    if "postgresql" not in DATABASES["default"]["ENGINE"] or "postgresql" not in DATABASES["replica"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs PostgreSQL for both DATABASE_URL and the replica")
    DATABASES["replica"].update(
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True, TEST={"MIRROR": "default"}
    )
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=2))
    DATABASE_ROUTERS = ["masthead.core.replica.ReplicaRouter"]
    # Below authentication and messages (a retried page shows its notices again), above the views it routes.
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
                      "masthead.core.replica.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# masthead/core/redis.py: how long a Redis call may take, and how long a process leaves Redis alone after an error.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.25)
REDIS_RETRY_AFTER = env.float("REDIS_RETRY_AFTER", default=2.0)
# Whether Redis keeps its data across a restart: "auto" asks it (CONFIG GET appendonly/save); "yes"/"no" for a
# Redis that forbids CONFIG. View counts wait in Redis for their flush only when it does (masthead.pageviews).
REDIS_PERSISTENT = env.str("REDIS_PERSISTENT", default="auto")
if REDIS_PERSISTENT not in ("auto", "yes", "no"):
    raise ImproperlyConfigured(f"REDIS_PERSISTENT must be auto, yes or no, not {REDIS_PERSISTENT!r}")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down reads as misses, so pages are served (slower) instead of failing.
            "BACKEND": "masthead.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="masthead"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database, so every app node knows every signed-in reader; with Redis each is
# also kept in the shared cache, and a signed-in request reads it without a query (Redis failing: the
# database answers, TolerantRedisCache reads as a miss).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
# Sign-in (the admin's and the readers'): failed attempts allowed per address, and per account from one
# address, per window (masthead/core/auth.py; counted on the shared limiter, refused when it cannot count).
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=30)
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=10)
LOGIN_FAILURE_WINDOW = env.int("LOGIN_FAILURE_WINDOW", default=300)
# Seconds a process trusts its copy of the content version (masthead/core/freshness.py).
CONTENT_VERSION_TTL = env.float("CONTENT_VERSION_TTL", default=1.0)
# Whole reader pages for anonymous readers (masthead/pagecache): PAGE_CACHE=off turns the app's own copy
# off (benchmarks, debugging); the HTTP headers for the proxy and the purges stay. Seconds: how long the
# proxy and the app keep a page (purges end it sooner), how long a browser keeps it, how long a stale copy
# may be served while a fresh one renders or while the app is down.
PAGE_CACHE = env.str("PAGE_CACHE", default="on").lower() not in ("off", "0", "false", "no")
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_BROWSER_SECONDS = env.int("PAGE_CACHE_BROWSER_SECONDS", default=60)
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", default=60)
PAGE_CACHE_GRACE_SECONDS = env.int("PAGE_CACHE_GRACE_SECONDS", default=86_400)
# Seconds a process may go without reading the purges other processes made (a change shows within it).
PAGE_CACHE_POLL = env.float("PAGE_CACHE_POLL", default=0.5)
# Reverse proxies to purge by surrogate key (deploy/varnish), e.g. http://127.0.0.1:8080.
PROXY_PURGE_URLS = env.list("PROXY_PURGE_URLS", default=[])
CACHES["pages"] = (
    {**CACHES["default"], "KEY_PREFIX": CACHES["default"].get("KEY_PREFIX", "") + "-pages"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages", "OPTIONS": {"MAX_ENTRIES": 2000}}
)
# Wagtail looks image renditions up here before asking the database.
CACHES["renditions"] = {**CACHES["default"], "KEY_PREFIX": CACHES["default"].get("KEY_PREFIX", "") + "-renditions"}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time. Russian is the default edition (no URL prefix), English under /en/.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="ru")
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}")
LOCALE_PATHS = [BASE_DIR / "masthead" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
# The label printed after times, per interface language: "23:57 (Moscow time)".
TIME_ZONE_LABELS = {
    "en": env.str("TIME_ZONE_LABEL_EN", default="Moscow time"),
    "ru": env.str("TIME_ZONE_LABEL_RU", default="мск"),
}

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "masthead" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "masthead.core.stylesheet.BundleFinder",  # masthead/site.bundle.css: the site's and the apps' styles in one file
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# `manage.py backup` writes its dated folders here (masthead/core/backup.py).
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible object storage, shared by every app node (masthead/core/media_storage.py has the URL's form).
MEDIA_STORAGE_URL = env.str("MEDIA_STORAGE_URL", default="")
if MEDIA_STORAGE_URL:
    from masthead.core.media_storage import public_origin, storage_from_url

    STORAGES["default"] = storage_from_url(MEDIA_STORAGE_URL)
    # Readers' browsers fetch the pictures from the bucket (or its CDN), so the pages' policy lets them.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(public_origin(STORAGES["default"]))
WHITENOISE_MAX_AGE = 3600

# Security. HTTPS-only settings depend on the deployment (see README, "Deploying").
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's live preview shows the page in a same-origin frame, so not DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = False
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": env.str("SEARCH_CONFIG", default="russian"),
    }
}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it can carry script
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TAGGIT_CASE_INSENSITIVE = True

# Pages per listing and the scheduler's jobs (name -> (management command, seconds)).
ARTICLES_PER_PAGE = env.int("ARTICLES_PER_PAGE", default=20)
PERIODIC_COMMANDS = {
    "publish_scheduled": (["publish_scheduled"], 30),
    "refresh_content": (["refresh_content"], 30),
    "flush_pageviews": (["flush_pageviews"], 10),
    "send_typo_digests": (["send_typo_digests"], env.int("TYPOS_DIGEST_EVERY", default=300)),
    "deliver_telegram": (["deliver_telegram"], env.int("TELEGRAM_EVERY", default=15)),
    "send_newsletter": (["send_newsletter"], env.int("NEWSLETTER_EVERY", default=60)),
}
# Seconds a job's runner holds its lease without renewing it (masthead/core/jobs.py): a runner killed
# mid-job is replaced after this long. Renewed every third of it while the job runs.
JOB_LEASE_TTL = env.int("JOB_LEASE_TTL", default=60)

# Proxies whose X-Forwarded-For is believed (IPs or CIDRs); nobody's by default.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# View counting (masthead.pageviews): one view per visitor per article per window.
PAGEVIEWS_WINDOW = env.int("PAGEVIEWS_WINDOW", default=1800)
PAGEVIEWS_VISITOR_LIMIT = env.int("PAGEVIEWS_VISITOR_LIMIT", default=300)
PAGEVIEWS_NETWORK_LIMIT = env.int("PAGEVIEWS_NETWORK_LIMIT", default=3000)
PAGEVIEWS_NEW_VISITOR_LIMIT = env.int("PAGEVIEWS_NEW_VISITOR_LIMIT", default=100)
PAGEVIEWS_KEY_PREFIX = env.str("PAGEVIEWS_KEY_PREFIX", default="pageviews")

# Typo reports (masthead.typos): server-side limits; the script's own limits are only a courtesy.
TYPOS_MAX_FRAGMENT = env.int("TYPOS_MAX_FRAGMENT", default=300)
TYPOS_MAX_COMMENT = env.int("TYPOS_MAX_COMMENT", default=1000)
TYPOS_MAX_BODY_BYTES = env.int("TYPOS_MAX_BODY_BYTES", default=16 * 1024)
TYPOS_RATE_LIMIT = env.int("TYPOS_RATE_LIMIT", default=20)
TYPOS_RATE_WINDOW = env.int("TYPOS_RATE_WINDOW", default=600)

# Importer: the largest single article (a WXR item, an HTML page, a text capture) taken in.
IMPORTERS_MAX_ITEM_BYTES = env.int("IMPORTERS_MAX_ITEM_BYTES", default=10 * 1024 * 1024)

# Reader accounts (django-allauth at /accounts/): e-mail and password, the address confirmed.
AUTHENTICATION_BACKENDS = [
    # First: over the failure limits it refuses before any backend is tried (allauth's by e-mail included).
    "masthead.core.auth.ThrottledModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
WAGTAILADMIN_USER_LOGIN_FORM = "masthead.core.login_forms.AdminLoginForm"
ACCOUNT_FORMS = {"login": "masthead.core.login_forms.ReaderLoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # mail scanners fetch links: confirming takes a POST
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "masthead.readers.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "masthead.readers.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{WAGTAIL_SITE_NAME}] "
# allauth's defaults throttle signups, password resets and mails; kept on. Its login limits are off: the lock on
# an account after failures from anywhere (anyone could lock a reader out) and the per-address cap on every
# login, which keys on the proxy's address and, counted in the cache, refuses every reader while Redis is down.
# Failures are limited per address and per account from one address by masthead/core/auth.py, as for the admin.
ACCOUNT_RATE_LIMITS = {"login_failed": None, "login": None}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "readers:account"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# Comments (masthead/comments). The policy's rules and word lists are edited in the admin.
COMMENTS_MAX_CHARS = env.int("COMMENTS_MAX_CHARS", default=5000)
COMMENTS_LONG_CHARS = env.int("COMMENTS_LONG_CHARS", default=3000)
COMMENTS_EDIT_MINUTES = env.int("COMMENTS_EDIT_MINUTES", default=10)
COMMENTS_MIN_INTERVAL = env.int("COMMENTS_MIN_INTERVAL", default=15)
COMMENTS_PER_HOUR = env.int("COMMENTS_PER_HOUR", default=30)
COMMENTS_VISITOR_PER_HOUR = env.int("COMMENTS_VISITOR_PER_HOUR", default=60)
COMMENTS_ATTEMPTS_PER_MINUTE = env.int("COMMENTS_ATTEMPTS_PER_MINUTE", default=10)
COMMENTS_DUPLICATE_HOURS = env.int("COMMENTS_DUPLICATE_HOURS", default=24)
COMMENTS_NEW_ACCOUNT_HELD = env.int("COMMENTS_NEW_ACCOUNT_HELD", default=2)
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=30)

# Feeds and sitemaps (masthead.distribution).
FEED_ITEMS = env.int("FEED_ITEMS", default=50)
FEED_CACHE_SECONDS = env.int("FEED_CACHE_SECONDS", default=300)  # Cache-Control max-age of feeds and sitemaps

# Telegram channel autopost (masthead.distribution): nothing is posted until both are set.
TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_CHANNEL = env.str("TELEGRAM_CHANNEL", default="")  # @name of a public channel, or its numeric id
TELEGRAM_CHANNELS = [c.strip() for c in TELEGRAM_CHANNEL.split(",") if c.strip()]
TELEGRAM_API_URL = env.str("TELEGRAM_API_URL", default="https://api.telegram.org").rstrip("/")
TELEGRAM_TIMEOUT = env.float("TELEGRAM_TIMEOUT", default=10.0)
TELEGRAM_MAX_ATTEMPTS = env.int("TELEGRAM_MAX_ATTEMPTS", default=8)
TELEGRAM_BACKOFF = env.float("TELEGRAM_BACKOFF", default=30.0)
TELEGRAM_BACKOFF_MAX = env.float("TELEGRAM_BACKOFF_MAX", default=3600.0)
TELEGRAM_SENDING_LEASE = env.int("TELEGRAM_SENDING_LEASE", default=300)
TELEGRAM_SEND_PHOTO = env.bool("TELEGRAM_SEND_PHOTO", default=True)
TELEGRAM_MAX_AGE_HOURS = env.int("TELEGRAM_MAX_AGE_HOURS", default=48)  # older articles are not autoposted on first publish

# Newsletter (masthead.newsletter): double opt-in, the daily digest (its hour is in the admin's settings).
NEWSLETTER_CONFIRM_MAX_AGE = env.int("NEWSLETTER_CONFIRM_MAX_AGE", default=3 * 86400)  # seconds a confirmation link works
NEWSLETTER_UNSUBSCRIBE_MAX_AGE = env.int("NEWSLETTER_UNSUBSCRIBE_MAX_AGE", default=400 * 86400)  # an old issue's link
NEWSLETTER_UNSUBSCRIBE_MAILTO = env.str("NEWSLETTER_UNSUBSCRIBE_MAILTO", default="")  # also offered in List-Unsubscribe
NEWSLETTER_RATE_LIMIT = env.int("NEWSLETTER_RATE_LIMIT", default=10)  # subscribe attempts per address (IP) per window
NEWSLETTER_RATE_WINDOW = env.int("NEWSLETTER_RATE_WINDOW", default=3600)
NEWSLETTER_MAILS_PER_ADDRESS = env.int("NEWSLETTER_MAILS_PER_ADDRESS", default=1)  # confirmation mails per e-mail per window
NEWSLETTER_MAIL_WINDOW = env.int("NEWSLETTER_MAIL_WINDOW", default=86400)
NEWSLETTER_MAX_BODY_BYTES = env.int("NEWSLETTER_MAX_BODY_BYTES", default=8192)
NEWSLETTER_SENDING_LEASE = env.int("NEWSLETTER_SENDING_LEASE", default=900)  # a claim older than this is given up

# Logs go to stderr, one JSON object per line (LOG_FORMAT=json, the default) or plain text; every record
# made while serving a request carries that request's id (masthead/core/requestid.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "masthead.core.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env.str("LOG_FORMAT", default="json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
