"""The view beacon and its no-JavaScript pixel: parse, check, count, answer."""

import base64
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from masthead.core import ratelimit
from masthead.pageviews import services
from masthead.pageviews.visitors import (
    COOKIE_NAME,
    ForgedVisitor,
    Visitor,
    address_key,
    is_reader,
    new_visitor_allowed,
    set_visitor_cookie,
    visitor_from_request,
)

MAX_BODY = 256
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@dataclass(frozen=True)
class Outcome:
    """What one beacon (or pixel) came to: an HTTP status and what to answer with it."""

    status: int
    views: int = 0
    error: str = ""
    retry_after: int = 0
    again: bool = False  # asked to send the beacon again, with the cookie just given
    cookie: str | None = None  # a new visitor cookie to set


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


def beacon_limits(request, visitor: Visitor) -> list[tuple[ratelimit.Limit, str]]:
    """Per visitor (cookie or network hash) and per address, over one window: checked in one round trip."""
    window = settings.PAGEVIEWS_WINDOW
    return [
        (ratelimit.Limit("pageviews.visitor", settings.PAGEVIEWS_VISITOR_LIMIT, window), visitor.key),
        (ratelimit.Limit("pageviews.network", settings.PAGEVIEWS_NETWORK_LIMIT, window), address_key(request)),
    ]


def _refused(decision: ratelimit.Decision) -> Outcome:
    """Over a limit: 429. No store could count the limits: 503, failing closed (the view is not counted)."""
    return Outcome(503 if decision.store_down else 429, retry_after=decision.retry_after)


def _offer_cookie(request, visitor: Visitor, *, offer: bool) -> Visitor:
    """Keep the new cookie offered to a cookieless browser only when asked and within the new-visitor cap."""
    if visitor.new_cookie and not (offer and new_visitor_allowed(request)):
        return visitor.without_new_cookie()
    return visitor


def _count(request, article_id: int, *, offer_cookie: bool, ask_again: bool) -> Outcome:
    """Check, then count when allowed; what to answer.

    `offer_cookie`: a cookieless browser may be handed a visitor cookie, but only
    when this request is otherwise countable (a reader, a published article,
    within the limits and the new-visitor cap), so cookies cannot be harvested.
    `ask_again`: a browser just handed one is not counted yet but asked to send
    the beacon again with it; only a second beacon still without the cookie (the
    browser keeps none) is counted under the network hash. Asking first lets two
    browsers on one network and one User-Agent be two visitors.
    """
    try:
        visitor = visitor_from_request(request)
    except ForgedVisitor:
        return Outcome(400, error="invalid visitor")
    if not (decision := ratelimit.hit_all(beacon_limits(request, visitor))):
        return _refused(decision)
    try:
        if not is_reader(request):
            return Outcome(200, views=services.views_shown(article_id=article_id))
        services.check_published(article_id)
        visitor = _offer_cookie(request, visitor, offer=offer_cookie)
        if visitor.new_cookie and ask_again:
            return Outcome(200, views=services.views_shown(article_id=article_id), again=True, cookie=visitor.new_cookie)
        result = services.view_record(article_id=article_id, visitor=visitor)
    except services.UnknownArticle:
        return Outcome(404, error="unknown article")
    return Outcome(200, views=result.views, cookie=visitor.new_cookie)


def _beacon_response(outcome: Outcome) -> JsonResponse:
    if outcome.status == 200:
        response = JsonResponse({"views": outcome.views, "again": True} if outcome.again else {"views": outcome.views})
        response["Cache-Control"] = "no-store"
    elif outcome.status == 429:
        response = _error(429, "too many requests", Retry_After=str(outcome.retry_after))
    elif outcome.status == 503:
        response = _error(503, "counting is unavailable", Retry_After=str(outcome.retry_after))
    else:
        response = _error(outcome.status, outcome.error)
    return response


# CSRF-exempt on purpose: article pages are served from a full-page cache, so they
# cannot carry a per-reader token. What stands in for it: the browser-set
# Sec-Fetch-Site/Origin must say same-origin, the body can only name an article,
# and a view counts once per visitor per window, so a forged beacon changes nothing
# but (at most once) a counter.
@csrf_exempt
@require_POST
def beacon(request):
    """POST {"article": id} after the page has loaded; answers {"views": N}.

    A browser without our visitor cookie may get one and {"views": N, "again": true}:
    the script then sends {"article": id, "again": true} once, counted under the
    cookie if the browser kept it, else under the network hash. Over a limit: 429;
    with no store to check the limits: 503; either with Retry-After, the view not
    counted, and the page unaffected (its script keeps the number it has).
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
    outcome = _count(request, article_id, offer_cookie=not again, ask_again=not again)
    response = _beacon_response(outcome)
    if outcome.status == 400:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
    elif outcome.cookie:
        set_visitor_cookie(response, request, outcome.cookie)
    return response


@require_GET
def pixel(request, article_id: int):
    """The <noscript> fallback: a 1x1 GIF that counts only as an image our own page asked for.

    A GET that changes a counter is tolerable here for the same reasons as the
    beacon, and only because browsers alone set Sec-Fetch-Dest and Sec-Fetch-Site:
    a link, a prefetch or another site's image tag never passes. Refused by a
    limit, the reader still gets the image: nothing on the page depends on it.
    """
    dest = request.META.get("HTTP_SEC_FETCH_DEST")
    outcome = None
    if dest == "image" and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin":
        # No second round trip is possible here: a cookieless browser counts under the network hash.
        outcome = _count(request, article_id, offer_cookie=True, ask_again=False)
        if outcome.status == 404:
            return _error(404, "unknown article")
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    if outcome is not None and outcome.cookie:
        set_visitor_cookie(response, request, outcome.cookie)
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
