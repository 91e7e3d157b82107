"""Signed, expiring tokens in the newsletter's links (django.core.signing, under SECRET_KEY).

A confirmation token names the subscriber and the `token_version` it was made
for; confirming bumps the version, so a token works once and an old link cannot
bring back an address that unsubscribed. An unsubscribe token names the
subscriber only: unsubscribing twice is harmless, and it must keep working in
old mails for as long as `NEWSLETTER_UNSUBSCRIBE_MAX_AGE`.
"""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "masthead.newsletter.confirm"
UNSUBSCRIBE_SALT = "masthead.newsletter.unsubscribe"
MAX_TOKEN_LENGTH = 200  # ours are about 60 characters; longer is not ours and is not unsigned at all


def confirm_token(subscriber) -> str:
    return signing.dumps([subscriber.pk, subscriber.token_version], salt=CONFIRM_SALT, compress=False)


def read_confirm_token(token: str) -> tuple[int, int] | None:
    """(subscriber id, token version), or None for a token that is forged, damaged or expired."""
    value = _load(token, CONFIRM_SALT, settings.NEWSLETTER_CONFIRM_MAX_AGE)
    if isinstance(value, list) and len(value) == 2 and all(type(part) is int for part in value):
        return value[0], value[1]
    return None


def unsubscribe_token(subscriber) -> str:
    return signing.dumps(subscriber.pk, salt=UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> int | None:
    value = _load(token, UNSUBSCRIBE_SALT, settings.NEWSLETTER_UNSUBSCRIBE_MAX_AGE)
    return value if type(value) is int else None


def _load(token: str, salt: str, max_age: int):
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        return None
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, UnicodeError):  # SignatureExpired is a BadSignature
        return None
