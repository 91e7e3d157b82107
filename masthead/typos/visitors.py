"""Who is reporting, as far as rate limits and merging need to know, without storing an IP."""

import hashlib
import hmac

from django.conf import settings


def visitor_id(request) -> str:
    """A keyed hash of the address and browser: stable for a visitor, useless to anyone without SECRET_KEY."""
    address = request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    key = hashlib.sha256(f"masthead.typos.visitor:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{address}|{agent}".encode(), hashlib.sha256).hexdigest()[:32]
