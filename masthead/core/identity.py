"""Who is asking: the client's address, and keyed hashes that stand for a visitor.

Behind the production proxy every request arrives from the proxy's address, so
the client is read from `X-Forwarded-For`, but only when the request came from
one of `TRUSTED_PROXIES`: from anyone else that header is a lie for the asking.
This is the one place that reads `REMOTE_ADDR` or `X-Forwarded-For`; rate limits,
view counting, typo reports, comments and login throttling all ask here.

No raw address is stored anywhere: what apps keep is `visitor_key`, a keyed
hash (HMAC under a key derived from SECRET_KEY and the purpose), so the same
reader has unrelated keys in different apps and nobody without the secret can
go back from a key to an address.
"""

import hashlib
import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings

MAX_USER_AGENT = 512


def client_ip(request) -> str:
    """REMOTE_ADDR, or the nearest untrusted X-Forwarded-For hop when REMOTE_ADDR is a trusted proxy."""
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


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT]


def keyed_hash(purpose: str, *parts: str) -> str:
    """32 hex characters that stand for `parts`, unrelated across purposes and useless without SECRET_KEY."""
    return hmac.new(_purpose_key(purpose, settings.SECRET_KEY), "\x00".join(parts).encode(), hashlib.sha256).hexdigest()[:32]


def visitor_key(request, purpose: str, *, with_user_agent: bool = False) -> str:
    """The visitor's address (and, if asked, browser) as a keyed hash for `purpose`.

    Limits should key on the address alone: a User-Agent is the client's to
    rotate, so a limit keyed on it is lifted by changing it.
    """
    parts = [client_ip(request)]
    if with_user_agent:
        parts.append(user_agent(request))
    return keyed_hash(purpose, *parts)


@lru_cache(maxsize=64)
def _purpose_key(purpose: str, secret: str) -> bytes:
    return hashlib.sha256(f"masthead.{purpose}:{secret}".encode()).digest()


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
