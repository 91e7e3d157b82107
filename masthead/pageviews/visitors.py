"""Who is reading: a first-party signed cookie, else a daily-salted hash; and who is not a reader.

No raw IP address or cookie value is ever stored: the counting key is a keyed
hash of one or the other (`masthead.core.identity`, which also decides the
client's address behind a trusted proxy). The hash's salt changes with the
site's calendar day, so a cookieless visitor cannot be followed from one day to
the next.

A new visitor cookie is a new reader as far as counting goes, so it is handed
out sparingly: only with a beacon that is itself countable (see
`views._count`) and only while the address is within
`PAGEVIEWS_NEW_VISITOR_LIMIT` new cookies per window. Otherwise a script could
harvest cookies (as a crawler, from prefetches, for unknown articles, or past
the cap) and replay each one as a new reader.
"""

import dataclasses
import secrets
from dataclasses import dataclass
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.core import signing

from masthead.core import identity, ratelimit, times

COOKIE_NAME = "mh_vid"
COOKIE_SALT = "masthead.pageviews.visitor"
COOKIE_MAX_AGE = 365 * 24 * 3600
PREFETCH_VALUES = ("prefetch", "prerender")
HASH_PURPOSE = "pageviews"

_detector = CrawlerDetect()


@dataclass(frozen=True)
class Visitor:
    key: str  # what de-duplication is keyed on: 32 hex characters
    new_cookie: str | None = None  # a signed id offered to a browser that had none
    new_cookie_key: str | None = None  # the key that new cookie will stand for

    def without_new_cookie(self) -> "Visitor":
        return dataclasses.replace(self, new_cookie=None, new_cookie_key=None)


class ForgedVisitor(Exception):
    """The request carried a visitor cookie whose signature does not hold."""


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """Crawlers, previews, monitors and announced headless browsers; an empty User-Agent too."""
    user_agent = user_agent.strip()
    if not user_agent:
        return True
    return _detector.is_crawler(user_agent[: identity.MAX_USER_AGENT])


def is_prefetch(request) -> bool:
    """A speculative load (prefetch, prerender) rather than a reader opening the page."""
    for header in ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_MOZ", "HTTP_X_PURPOSE"):
        value = request.META.get(header, "").lower()
        if any(word in value for word in PREFETCH_VALUES):
            return True
    return False


def is_reader(request) -> bool:
    """Neither a crawler nor a speculative load: a request that may count as a view."""
    return not is_bot(identity.user_agent(request)) and not is_prefetch(request)


def daily_salt() -> str:
    # Derived, not stored: every worker process agrees on it without sharing state,
    # and it cannot be recomputed without SECRET_KEY.
    return identity.keyed_hash(HASH_PURPOSE, "salt", times.site_today().isoformat())


def network_key(request) -> str:
    """The daily-salted hash of (IP, User-Agent): the visitor when there is no cookie."""
    return identity.keyed_hash(HASH_PURPOSE, "net", daily_salt(), identity.client_ip(request), identity.user_agent(request))


def address_key(request) -> str:
    """The client's address alone, hashed: what per-address limits are keyed on."""
    return identity.visitor_key(request, "pageviews.address")


def cookie_key(visitor_id: str) -> str:
    return identity.keyed_hash(HASH_PURPOSE, "cookie", visitor_id)


def sign_visitor_id(visitor_id: str) -> str:
    return signing.Signer(salt=COOKIE_SALT).sign(visitor_id)


def new_visitor_cookie() -> tuple[str, str]:
    """A fresh signed cookie value and the counting key it stands for."""
    visitor_id = secrets.token_urlsafe(16)
    return sign_visitor_id(visitor_id), cookie_key(visitor_id)


def visitor_from_request(request) -> Visitor:
    """The counting identity of this request; raises ForgedVisitor for a cookie we did not sign.

    A browser without our cookie is counted under the network hash and offered a
    new cookie; whether the offer is made is `new_visitor_allowed`'s to decide.
    """
    raw = request.COOKIES.get(COOKIE_NAME)
    if raw:
        try:
            visitor_id = signing.Signer(salt=COOKIE_SALT).unsign(raw[:200])
        except signing.BadSignature:
            raise ForgedVisitor from None
        return Visitor(key=cookie_key(visitor_id))
    cookie, key = new_visitor_cookie()
    return Visitor(key=network_key(request), new_cookie=cookie, new_cookie_key=key)


def new_visitor_limit() -> ratelimit.Limit:
    return ratelimit.Limit("pageviews.new", settings.PAGEVIEWS_NEW_VISITOR_LIMIT, settings.PAGEVIEWS_WINDOW)


def new_visitor_allowed(request) -> bool:
    """Whether this address may be handed one more new visitor cookie in this window (counts it).

    Handing cookies out lets two people behind one address count as two, but it
    also lets a script that clears its cookies pass for a new reader each time:
    past the cap, cookieless browsers count under the network hash. A limit that
    cannot be checked hands out nothing (the view still counts, by network hash).
    """
    return bool(ratelimit.hit(new_visitor_limit(), address_key(request)))


def set_visitor_cookie(response, request, value: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
    )
