from django.conf import settings
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.views.decorators.cache import cache_control, never_cache
from django.views.static import serve

from masthead.core.health import health


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
    # Rendered without context processors: the database may be why we failed.
    return HttpResponseServerError(get_template("500.html").render())


@never_cache
def healthz(request):
    """For the proxy and monitoring: 503 when the database is gone, the parts' states in JSON."""
    status, report = health()
    response = JsonResponse(report, status=status)
    if status == 503:
        response["Retry-After"] = "5"
    return response
