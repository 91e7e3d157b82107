"""The two endpoints the reader's script calls: a CSRF token, and the report itself."""

import json

from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from masthead.core import identity, ratelimit
from masthead.typos.forms import ReportForm
from masthead.typos.selectors import reportable_article, seen_revision
from masthead.typos.services import Hints, typo_report_submit


def _error(status: int, code: str, message: str, **extra) -> JsonResponse:
    return JsonResponse({"ok": False, "error": code, "message": message, **extra}, status=status)


def report_limit() -> ratelimit.Limit:
    return ratelimit.Limit("typos.reports", settings.TYPOS_RATE_LIMIT, settings.TYPOS_RATE_WINDOW)


def _limited(request) -> JsonResponse | None:
    """None within the limit, else the answer: 429 over it, 503 when no store can count it (failing closed).

    A signed-in reader is limited per account; anyone else per address alone, as
    `masthead.core.identity` reads it behind a trusted proxy: a User-Agent is the
    client's to rotate, so it must not be part of the key.
    """
    key = f"user-{request.user.pk}" if request.user.is_authenticated else identity.visitor_key(request, "typos")
    decision = ratelimit.hit(report_limit(), key)
    if decision:
        return None
    if decision.store_down:
        response = _error(503, "unavailable", _("Reports cannot be taken just now. Please try again in a minute."))
    else:
        response = _error(429, "rate_limited", _("Too many reports. Please try again later."))
    response["Retry-After"] = str(decision.retry_after)
    return response


@never_cache
@ensure_csrf_cookie
@require_GET
def csrf_token(request):
    """A fresh token for pages served from a full-page cache, where none is baked in."""
    return JsonResponse({"token": get_token(request)})


@never_cache
def report(request):
    if request.method != "POST":
        response = _error(405, "method_not_allowed", _("Send reports with POST."))
        response["Allow"] = "POST"
        return response
    limit = settings.TYPOS_MAX_BODY_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _error(400, "bad_length", _("Malformed Content-Length."))
    if declared > limit or len(request.body) > limit:
        return _error(413, "too_large", _("The report is too large."))

    if (refused := _limited(request)) is not None:
        return refused

    try:
        payload = json.loads(request.body)
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: "[[[[…" nested deep
        return _error(400, "bad_json", _("The report is not valid JSON."))
    if not isinstance(payload, dict):
        return _error(400, "bad_json", _("The report must be a JSON object."))
    form = ReportForm(payload)
    if not form.is_valid():
        return _error(400, "invalid", _("The report is not valid."), fields=form.errors.get_json_data())
    data = form.cleaned_data

    article = reportable_article(data["article"])
    if article is None:
        return _error(400, "unknown_article", _("No such article."))
    revision = seen_revision(article, data["revision"])
    if revision is None:
        return _error(400, "unknown_revision", _("No such revision of this article."))

    report = typo_report_submit(
        article=article,
        revision=revision,
        fragment=data["fragment"],
        comment=data["comment"],
        hints=Hints(block=data["block"], offset=data["offset"], before=data["before"], after=data["after"]),
        user=request.user,
        visitor=identity.visitor_key(request, "typos", with_user_agent=True),
    )
    return JsonResponse({"ok": True, "count": report.count}, status=201)
