"""Purges sent to the reverse proxies in front of the app (Varnish with xkey, deploy/varnish).

One `PURGE /` per proxy with the keys in an `xkey-purge` header; the shipped VCL
drops every object tagged with any of them. Wagtail's frontend-cache backends
purge by URL, and a page's URL list is exactly what surrogate keys spare us from
keeping, so this is our own small sender. A proxy that does not answer costs at
most PURGE_TIMEOUT and is logged; the page then lives until its s-maxage.
"""

import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

PURGE_TIMEOUT = 1.0
KEYS_PER_REQUEST = 100  # keeps the header well under proxies' limits


def send(keys: list[str]) -> int:
    """Purge `keys` on every configured proxy; the number of proxies that confirmed."""
    confirmed = 0
    for base in settings.PROXY_PURGE_URLS:
        parts = urlsplit(base)
        try:
            for start in range(0, len(keys), KEYS_PER_REQUEST):
                connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=PURGE_TIMEOUT)
                try:
                    connection.request("PURGE", "/", headers={"xkey-purge": " ".join(keys[start : start + KEYS_PER_REQUEST])})
                    status = connection.getresponse().status
                finally:
                    connection.close()
                if status != 200:
                    raise OSError(f"answered {status}")
            confirmed += 1
        except OSError as error:
            logger.warning("page cache: proxy %s did not purge %d keys (%s)", base, len(keys), error)
    return confirmed
