import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.templatetags.static import static
from django.template.loader import get_template
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from masthead.core import surrogate
from masthead.core.health import health

UNAVAILABLE_RETRY_AFTER = 10
# Endpoints that scripts call: they get JSON, not a page.
JSON_ENDPOINTS = ("/pageviews/", "/typos/")


@cache_control(public=True, max_age=86400)
def media(request, path):
    """Uploaded files, served so that none can act as a page of our origin.

    Documents go through Wagtail's document view (privacy, Content-Disposition).
    """
    if path.startswith("documents/"):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """500, or 503 with Retry-After when the database is what failed.

    Rendered without context processors or database reads: the database may be
    why we are here. Without a database the site comes back by itself when the
    database does (connections are opened anew per request or health-checked),
    so the reader is told to retry, scripts get JSON, and a form's text stays in
    the reader's browser (the 503 page says to go back for it).
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return HttpResponseServerError(get_template("500.html").render({"stylesheet": _stylesheet()}))


def _stylesheet() -> str:
    # An error page must not fail in turn: without a collected manifest, the plain static URL.
    try:
        return static("masthead/site.css")
    except ValueError:
        return settings.STATIC_URL + "masthead/site.css"


def database_unavailable(request):
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    if request.path_info.startswith(JSON_ENDPOINTS) or "application/json" in request.META.get("HTTP_ACCEPT", ""):
        response = JsonResponse({"error": "unavailable", "retry_after": UNAVAILABLE_RETRY_AFTER}, status=503)
    else:
        with translation.override(language):
            html = get_template("503.html").render(
                {
                    "posted": request.method == "POST",
                    "stylesheet": _stylesheet(),
                    "site_name": settings.WAGTAIL_SITE_NAME,
                    "home_url": "/" if language == settings.LANGUAGE_CODE else f"/{language}/",
                }
            )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(UNAVAILABLE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def healthz(request):
    """For the proxy and monitoring: 503 when the database is gone, the parts' states in JSON."""
    status, report = health()
    response = JsonResponse(report, status=status)
    if status == 503:
        response["Retry-After"] = "5"
    return response


@require_safe
def web_app_manifest(request):
    """The web app manifest of the reader's edition: the outlet's name, its home page, its icons."""
    surrogate.page()  # the same for every reader of one edition; every page's `site` key purges it
    home = reverse("wagtail_serve", args=[""])
    manifest = {
        "name": settings.WAGTAIL_SITE_NAME,
        "short_name": settings.WAGTAIL_SITE_NAME[:12],
        "lang": translation.get_language(),
        "start_url": home,
        "scope": "/",
        "display": "standalone",
        "background_color": "#fdfcf9",
        "theme_color": "#9b1c1c",
        "icons": [
            {"src": static(f"masthead/icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ] + [{"src": static("masthead/icons/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return JsonResponse(manifest, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says; the icon lives with the static files."""
    return HttpResponsePermanentRedirect(static("masthead/icons/favicon.ico"))
