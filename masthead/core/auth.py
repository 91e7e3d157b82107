"""Password sign-in with a brake on guessing, for the admin's login form.

Failures are counted per address and per (account, address) pair: a guesser
is slowed down, but nobody can lock an editor out by failing on their name
from somewhere else. allauth's reader login has its own limits.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache


def _limits() -> tuple[int, int, int]:
    return settings.LOGIN_FAILURES_PER_ADDRESS, settings.LOGIN_FAILURES_PER_ACCOUNT, settings.LOGIN_FAILURE_WINDOW


def _keys(request, username: str) -> tuple[str, str]:
    address = request.META.get("REMOTE_ADDR", "")
    return f"login-fail:addr:{address}", f"login-fail:acct:{(username or '').casefold()[:150]}:{address}"


def _count(key: str) -> int:
    return cache.get(key) or 0


def _record(key: str, window: int) -> None:
    if not cache.add(key, 1, window):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return super().authenticate(request, username, password, **kwargs)
        per_address, per_account, window = _limits()
        address_key, account_key = _keys(request, username)
        if _count(address_key) >= per_address or _count(account_key) >= per_account:
            return None
        user = super().authenticate(request, username, password, **kwargs)
        if user is None:
            _record(address_key, window)
            _record(account_key, window)
        return user
