"""Who is reading: a first-party signed cookie, else a daily-salted hash; and who is not a reader.

No raw IP address or cookie value is ever stored: the counting key is a keyed
hash of one or the other. The hash's salt changes with the site's calendar day,
so a cookieless visitor cannot be followed from one day to the next.
"""

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.core import signing

from masthead.core import times

COOKIE_NAME = "mh_vid"
COOKIE_SALT = "masthead.pageviews.visitor"
COOKIE_MAX_AGE = 365 * 24 * 3600
PREFETCH_VALUES = ("prefetch", "prerender")
MAX_USER_AGENT = 512

_detector = CrawlerDetect()


@dataclass(frozen=True)
class Visitor:
    key: str  # what de-duplication is keyed on: 32 hex characters
    new_cookie: str | None = None  # a signed id to set, when the browser had none
    new_cookie_key: str | None = None  # the key that new cookie will stand for


class ForgedVisitor(Exception):
    """The request carried a visitor cookie whose signature does not hold."""


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """Crawlers, previews, monitors and announced headless browsers; an empty User-Agent too."""
    user_agent = user_agent.strip()
    if not user_agent:
        return True
    return _detector.is_crawler(user_agent[:MAX_USER_AGENT])


def is_prefetch(request) -> bool:
    """A speculative load (prefetch, prerender) rather than a reader opening the page."""
    for header in ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_MOZ", "HTTP_X_PURPOSE"):
        value = request.META.get(header, "").lower()
        if any(word in value for word in PREFETCH_VALUES):
            return True
    return False


def client_ip(request) -> str:
    """REMOTE_ADDR, or the nearest X-Forwarded-For hop when REMOTE_ADDR is a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _in(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    # Walk from the right: every hop our proxies appended is trusted, the first other one is the client.
    for hop in reversed(hops):
        if not _in(hop, networks):
            return hop if _valid_ip(hop) else remote
    return remote


def _valid_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _in(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


@lru_cache(maxsize=8)
def _trusted_networks(values: tuple[str, ...]):
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def _digest(*parts: str) -> str:
    key = hashlib.sha256(("masthead.pageviews:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, "\x00".join(parts).encode(), hashlib.sha256).hexdigest()[:32]


def daily_salt() -> str:
    # Derived, not stored: every worker process agrees on it without sharing state,
    # and it cannot be recomputed without SECRET_KEY.
    return _digest("salt", times.site_today().isoformat())


def network_key(request) -> str:
    """The daily-salted hash of (IP, User-Agent): the visitor when there is no cookie."""
    return _digest("net", daily_salt(), client_ip(request), request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT])


def cookie_key(visitor_id: str) -> str:
    return _digest("cookie", visitor_id)


def sign_visitor_id(visitor_id: str) -> str:
    return signing.Signer(salt=COOKIE_SALT).sign(visitor_id)


def new_visitor_cookie() -> tuple[str, str]:
    """A fresh signed cookie value and the counting key it stands for."""
    visitor_id = secrets.token_urlsafe(16)
    return sign_visitor_id(visitor_id), cookie_key(visitor_id)


def visitor_from_request(request) -> Visitor:
    """The counting identity of this request; raises ForgedVisitor for a cookie we did not sign."""
    raw = request.COOKIES.get(COOKIE_NAME)
    if raw:
        try:
            visitor_id = signing.Signer(salt=COOKIE_SALT).unsign(raw[:200])
        except signing.BadSignature:
            raise ForgedVisitor from None
        return Visitor(key=cookie_key(visitor_id))
    cookie, key = new_visitor_cookie()
    return Visitor(key=network_key(request), new_cookie=cookie, new_cookie_key=key)


def set_visitor_cookie(response, request, value: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
    )
