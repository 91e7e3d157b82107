"""Password sign-in with a brake on guessing, for every login form: the admin's and the readers'.

Failures are counted per client address and per (account, address) pair on the
shared limiter (`core.ratelimit`, the address from `core.identity`, so behind
the proxy it is the reader's and not the proxy's): a guesser is slowed down,
but nobody can lock an owner out by failing on their name from somewhere else.
allauth's own per-account lock is switched off for that reason
(`ACCOUNT_RATE_LIMITS["login_failed"]`).

One check and one count for every attempt, whichever backend would answer it:
- `ThrottledModelBackend` comes first in AUTHENTICATION_BACKENDS. Over a limit,
  or with no store to ask (fail closed), it raises PermissionDenied, and Django
  then tries no other backend: typing the e-mail instead of the username
  (allauth's backend) gets past nothing.
- `count_failure` receives `user_login_failed`, which Django sends when every
  backend said no, so failures count whichever backend was tried.
The refusal is noted on the request so that the login forms can say why
(`refusal_message`, used by `masthead.core.login_forms`).
"""

import logging
import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from masthead.core import ratelimit
from masthead.core.identity import client_ip, keyed_hash, visitor_key
from masthead.core.ratelimit import Decision, Limit

logger = logging.getLogger(__name__)
REFUSAL_ATTRIBUTE = "masthead_login_refusal"


class ThrottledModelBackend(ModelBackend):
    """Django's username backend, asked first, that refuses every attempt over a failure limit."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            refusal = _over_limit(request, {"username": username, **kwargs})
            if refusal is not None:
                setattr(request, REFUSAL_ATTRIBUTE, refusal)
                # Stops Django's loop over the backends: no other one is asked.
                raise PermissionDenied("sign-in failures over the limit")
        return super().authenticate(request, username, password, **kwargs)


def count_failure(sender, credentials, request=None, **kwargs) -> None:
    """`user_login_failed`: one more failure for the address and for the account from it."""
    if request is None or getattr(request, REFUSAL_ATTRIBUTE, None) is not None:
        return  # refused before any backend was asked: not a guess at the password
    decision = ratelimit.hit_all(_limits(request, credentials))
    if decision.store_down:
        logger.warning("sign-in failure not counted: no rate-limit store")


def refusal_message(request) -> str | None:
    """Why this request's sign-in was refused before the password was checked, or None."""
    refusal = getattr(request, REFUSAL_ATTRIBUTE, None)
    if refusal is None:
        return None
    if refusal.store_down:
        return _("Signing in is unavailable for a moment. Please try again in a minute.")
    return _("Too many failed login attempts from your address. Please try again in %(minutes)d min.") % {
        "minutes": max(1, math.ceil(refusal.retry_after / 60))
    }


def _over_limit(request, credentials: dict) -> Decision | None:
    """The refusing decision when one more failure would not be allowed (or nothing can tell), else None."""
    refused = None
    for limit, key in _limits(request, credentials):
        decision = ratelimit.peek(limit, key)
        if decision.store_down:
            return decision
        if not decision and (refused is None or decision.retry_after > refused.retry_after):
            refused = decision
    return refused


def _limits(request, credentials: dict) -> list[tuple[Limit, str]]:
    window = settings.LOGIN_FAILURE_WINDOW
    address = client_ip(request)
    return [
        (Limit("login.address", settings.LOGIN_FAILURES_PER_ADDRESS, window), visitor_key(request, "login")),
        (
            Limit("login.account", settings.LOGIN_FAILURES_PER_ACCOUNT, window),
            keyed_hash("login", _account(credentials), address),
        ),
    ]


def _account(credentials: dict) -> str:
    """The account an attempt is aimed at, however it was typed (username or e-mail, any case)."""
    typed = str(credentials.get("username") or credentials.get("email") or "").strip()[:254]
    if not typed:
        return ""
    users = get_user_model()._default_manager
    field = get_user_model().USERNAME_FIELD
    found = list(users.filter(Q(**{f"{field}__iexact": typed}) | Q(email__iexact=typed)).values_list("pk", flat=True)[:2])
    return f"user:{found[0]}" if len(found) == 1 else f"name:{typed.casefold()}"
