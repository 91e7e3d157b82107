"""The reader's side of the newsletter: subscribe, confirm, unsubscribe. Thin: each calls one service.

Why `subscribe` is csrf_exempt, with its own check
--------------------------------------------------
The form sits on the article and home pages, which anonymous readers get from
the page cache (masthead.pagecache): that HTML is shared, so it may carry no
CSRF token and its response may set no cookie. The form therefore posts without
a token, and this view accepts a POST when either
- its `Origin` header is our own site (every current browser sends `Origin` on
  a form POST, and a page on another site cannot forge it), or
- it carries a valid CSRF token (from the page below).
Anything else (an old browser, a privacy extension that strips `Origin`, a
foreign site) gets a small uncached page with the same form, the address filled
in and a token: one more click, never a forged subscription. And even a forged
one could only trigger a confirmation mail, limited per address per day.

`unsubscribe` is csrf_exempt because RFC 8058 says so: a mail client POSTs
`List-Unsubscribe=One-Click` to the URL in the header, with no cookie and no
token; the signed token in the URL is the only credential, and unsubscribing
cannot harm anyone but the owner of the address.

`confirm` takes a POST with Django's CSRF token (the page is per reader and
never cached): a GET only shows the button, since mail scanners fetch links.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from masthead.core import identity, ratelimit
from masthead.newsletter import services
from masthead.newsletter.forms import SubscribeForm, SubscriptionChangeForm


def subscribe_limit() -> ratelimit.Limit:
    return ratelimit.Limit("newsletter.subscribe", settings.NEWSLETTER_RATE_LIMIT, settings.NEWSLETTER_RATE_WINDOW)


def _from_our_site(request) -> bool:
    origin = request.META.get("HTTP_ORIGIN", "")
    if not origin or origin == "null":
        return False
    ours = {f"{request.scheme}://{request.get_host()}"}
    site = urlsplit(settings.SITE_URL)
    ours.add(f"{site.scheme}://{site.netloc}")
    return origin in ours


def _has_valid_token(request) -> bool:
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


def _page(request, template: str, context: dict | None = None, status: int = 200) -> HttpResponse:
    return render(request, template, context or {}, status=status)


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        initial = {"language": get_language()}
        if request.user.is_authenticated and request.user.email:
            initial["email"] = request.user.email  # the page is never cached: per reader is fine
        return _page(request, "newsletter/subscribe.html", {"form": SubscribeForm(initial=initial)})
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = settings.NEWSLETTER_MAX_BODY_BYTES + 1
    if declared > settings.NEWSLETTER_MAX_BODY_BYTES:
        return _page(request, "newsletter/problem.html", {"message": _("The form is too large.")}, status=413)
    form = SubscribeForm(request.POST)
    if not (_from_our_site(request) or _has_valid_token(request)):
        # The same form again, with a token this time (the page is per reader, never cached).
        form = SubscribeForm(initial={"email": request.POST.get("email", "")[:254], "language": get_language()})
        return _page(request, "newsletter/subscribe.html", {"form": form, "again": True})
    if not form.is_valid():
        return _page(request, "newsletter/subscribe.html", {"form": form}, status=400)
    decision = ratelimit.hit(subscribe_limit(), identity.visitor_key(request, "newsletter"))
    if not decision:
        status = 503 if decision.store_down else 429
        message = _("We cannot take subscriptions right now. Please try again in a few minutes.") if decision.store_down else _(
            "Too many attempts. Please try again later."
        )
        response = _page(request, "newsletter/problem.html", {"message": message}, status=status)
        response["Retry-After"] = str(decision.retry_after)
        return response
    if not form.is_bot():
        services.subscriber_subscribe(
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
            rubrics=form.cleaned_data["rubrics"],
            user=request.user if request.user.is_authenticated else None,
        )
    return _page(request, "newsletter/check_mail.html", {"email": form.cleaned_data["email"]})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    if request.method == "GET":
        return _page(request, "newsletter/confirm.html", {"token": token})
    subscriber = services.subscriber_confirm(token=token)
    if subscriber is None:
        return _page(request, "newsletter/problem.html", {"message": _(
            "This confirmation link has expired or has already been used. Subscribe again to get a new one."
        ), "offer_subscribe": True}, status=400)
    return _page(request, "newsletter/confirmed.html", {"subscriber": subscriber})


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    if request.method == "GET":
        return _page(request, "newsletter/unsubscribe.html", {"token": token})
    subscriber = services.subscriber_unsubscribe(token=token)
    if subscriber is None:
        return _page(request, "newsletter/problem.html", {"message": _(
            "This unsubscribe link is damaged or too old. Write to us and we will remove your address."
        )}, status=400)
    return _page(request, "newsletter/unsubscribed.html", {})


@login_required
@require_POST
def account_manage(request):
    """A signed-in reader changes the edition or rubrics of a subscription of their account's address, or ends it.

    The account page is per reader and never cached, so this takes Django's CSRF token as usual.
    """
    raw = request.POST.get("subscriber", "")
    subscriber = None
    if raw.isascii() and raw.isdigit() and len(raw) < 19:
        subscriber = next((s for s in services.subscriptions_of(request.user) if s.pk == int(raw)), None)
    if subscriber is None:
        messages.error(request, _("This subscription is not one of your account's."))
        return redirect("readers:account")
    if request.POST.get("action") == "leave":
        services.subscriber_update_by_owner(user=request.user, subscriber_id=subscriber.pk, language=None, rubrics=(), leave=True)
        messages.success(request, _("You are unsubscribed from the newsletter."))
        return redirect("readers:account")
    form = SubscriptionChangeForm.for_subscriber(subscriber, request.POST)
    if not form.is_valid():
        messages.error(request, _("The subscription was not changed: %(errors)s") % {
            "errors": " ".join(str(error) for errors in form.errors.values() for error in errors)
        })
        return redirect("readers:account")
    services.subscriber_update_by_owner(
        user=request.user, subscriber_id=subscriber.pk, language=form.cleaned_data["language"],
        rubrics=form.cleaned_data["rubrics"], leave=False,
    )
    messages.success(request, _("Your subscription is saved."))
    return redirect("readers:account")
