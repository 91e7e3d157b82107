"""The view beacon and its no-JavaScript pixel: parse, check, count, answer."""

import base64
import json

from django.conf import settings
from django.utils.translation import gettext
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from masthead.pageviews import ratelimit, services
from masthead.pageviews.visitors import (
    COOKIE_NAME,
    ForgedVisitor,
    client_ip,
    is_bot,
    is_prefetch,
    set_visitor_cookie,
    visitor_from_request,
)

MAX_BODY = 256
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _error(status: int, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    response["Cache-Control"] = "no-store"
    return response


def _same_origin(request) -> bool:
    """The request comes from one of our pages, as the browser itself attests.

    Browsers set Sec-Fetch-Site and Origin and scripts cannot change them, so another
    site's page cannot make a reader's browser send a beacon that passes.
    """
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    if site is not None:
        return site == "same-origin"
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        return False
    allowed = {f"{request.scheme}://{request.get_host()}", settings.SITE_URL, *settings.CSRF_TRUSTED_ORIGINS}
    return origin.rstrip("/") in allowed


def _read_body(request) -> tuple[int, bool] | None:
    """(article id, again) from {"article": id} or {"article": id, "again": true}; None if malformed."""
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    # Only these: a client has no say in deltas, visitor ids or counts.
    if not isinstance(data, dict) or "article" not in data or not set(data) <= {"article", "again"}:
        return None
    article, again = data["article"], data.get("again", False)
    if isinstance(article, bool) or not isinstance(article, int) or not 0 < article < 2**63:
        return None
    if not isinstance(again, bool):
        return None
    return article, again


def _limited(request, visitor_key: str) -> int | None:
    limits = [
        ("visitor", visitor_key, settings.PAGEVIEWS_VISITOR_LIMIT),
        ("net", client_ip(request), settings.PAGEVIEWS_NETWORK_LIMIT),
    ]
    return ratelimit.hit_many(limits, period=settings.PAGEVIEWS_WINDOW)


def _many_new_visitors(request) -> bool:
    """Past this many new visitors from one address, cookieless browsers count under the network hash.

    Asking for a cookie lets two people behind one address count as two, but it also
    lets a script that clears its cookies pass for a new reader each time: this caps that.
    """
    limit = settings.PAGEVIEWS_NEW_VISITOR_LIMIT
    return ratelimit.hit("new", client_ip(request), limit=limit, period=settings.PAGEVIEWS_WINDOW) is not None


def _count(request, article_id: int, *, ask_for_cookie: bool):
    """(status, views or error, visitor, again) after the common checks; counts when allowed.

    `ask_for_cookie`: a browser without our cookie is not counted yet; it gets one
    and is asked to send the beacon again. Only a second beacon still without the
    cookie (the browser keeps none) is counted under the network hash. Asking
    first lets two browsers on one network and one User-Agent be two visitors.
    """
    try:
        visitor = visitor_from_request(request)
    except ForgedVisitor:
        return 400, "invalid visitor", None, False
    if retry_after := _limited(request, visitor.key):
        return 429, retry_after, visitor, False
    ignored = is_bot(request.META.get("HTTP_USER_AGENT", "")) or is_prefetch(request)
    again = ask_for_cookie and visitor.new_cookie is not None and not ignored and not _many_new_visitors(request)
    try:
        if ignored or again:
            return 200, services.views_shown(article_id=article_id), visitor, again
        result = services.view_record(article_id=article_id, visitor=visitor)
    except services.UnknownArticle:
        return 404, "unknown article", visitor, False
    return 200, result.views, visitor, False


# CSRF-exempt on purpose: article pages are served from a full-page cache, so they
# cannot carry a per-reader token. What stands in for it: the browser-set
# Sec-Fetch-Site/Origin must say same-origin, the body can only name an article,
# and a view counts once per visitor per window, so a forged beacon changes nothing
# but (at most once) a counter.
@csrf_exempt
@require_POST
def beacon(request):
    """POST {"article": id} after the page has loaded; answers {"views": N}.

    A browser without our visitor cookie gets one and {"views": N, "again": true}:
    the script then sends {"article": id, "again": true} once, counted under the
    cookie if the browser kept it, else under the network hash.
    """
    if not _same_origin(request):
        return _error(403, "cross-origin request")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _error(400, "bad length")
    if length > MAX_BODY or len(request.body) > MAX_BODY:  # the second for bodies sent chunked
        return _error(413, "body too large")
    parsed = _read_body(request)
    if parsed is None:
        return _error(400, "expected {\"article\": id}")
    article_id, again = parsed
    status, value, visitor, ask_again = _count(request, article_id, ask_for_cookie=not again)
    if status == 200:
        response = JsonResponse({"views": value, "again": True} if ask_again else {"views": value})
        response["Cache-Control"] = "no-store"
    elif status == 429:
        response = _error(429, "too many requests", Retry_After=str(value))
    else:
        response = _error(status, value)
    if status == 400:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
    elif visitor is not None and visitor.new_cookie:
        set_visitor_cookie(response, request, visitor.new_cookie)
    return response


@require_GET
def pixel(request, article_id: int):
    """The <noscript> fallback: a 1x1 GIF that counts only as an image our own page asked for.

    A GET that changes a counter is tolerable here for the same reasons as the
    beacon, and only because browsers alone set Sec-Fetch-Dest and Sec-Fetch-Site:
    a link, a prefetch or another site's image tag never passes.
    """
    dest = request.META.get("HTTP_SEC_FETCH_DEST")
    visitor = None
    if dest == "image" and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin":
        # No second round trip is possible here: a cookieless browser counts under the network hash.
        status, _value, visitor, _again = _count(request, article_id, ask_for_cookie=False)
        if status == 404:
            return _error(404, "unknown article")
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    if visitor is not None and visitor.new_cookie:
        set_visitor_cookie(response, request, visitor.new_cookie)
    return response


def article_stats(request, page_id: int):
    """Admin: an article's total and its daily views over the last 30 days as a server-drawn SVG chart."""
    from django.http import HttpResponseForbidden
    from django.shortcuts import get_object_or_404
    from django.template.response import TemplateResponse

    from masthead.articles.models import ArticlePage
    from masthead.pageviews.chart import daily_chart
    from masthead.pageviews.models import ArticleViews
    from masthead.pageviews.permissions import can_view_stats

    article = get_object_or_404(ArticlePage, pk=page_id)
    if not can_view_stats(request.user, article):
        # A plain 403, not Wagtail's redirect-with-message: a direct URL must not look like it worked.
        return HttpResponseForbidden(gettext("You may not see the views of this article."))
    totals = ArticleViews.objects.filter(article=article).first() or ArticleViews(article=article)
    series = services.daily_series(article_id=article.pk, days=30)
    return TemplateResponse(
        request,
        "pageviews/admin/article_stats.html",
        {
            "article": article,
            "totals": totals,
            "shown": services.views_total(article_id=article.pk),
            "chart": daily_chart(series),
            "series": series,
        },
    )
