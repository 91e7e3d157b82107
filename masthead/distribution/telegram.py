"""Posting articles to the outlet's Telegram channel through the Bot API, at most once.

The flow
--------
1. Publishing an article (the first publish; a later one only when an editor asked
   for it) writes a `TelegramPost` row in the publish's own transaction
   (`services.telegram_post_enqueue`, called from the `page_published` handler).
   An article dated in the future waits until its time: the row's
   `next_attempt_at` is the publication time.
2. `manage.py deliver_telegram` (a periodic job) takes due rows one by one. It
   first *claims* a row with one conditional UPDATE (pending -> sending,
   attempts + 1); only the process whose UPDATE changed the row sends, so two
   jobs running at once never send the same row.
3. The answer decides the next state:
   - `ok: true`                         -> sent (the message id kept);
   - 429                                -> pending again after `retry_after`;
   - 5xx, connection refused, DNS or
     connect timeout                    -> pending again after a growing backoff;
   - other 4xx (bad token, bot not in
     the channel, ...)                  -> failed, with Telegram's description;
   - attempts used up                   -> failed, with the last reason;
   - the request may have reached
     Telegram but no answer came back
     (read timeout, connection dropped
     after sending, a garbled answer)   -> uncertain.

Why "uncertain" is not retried by itself
----------------------------------------
The Bot API has no idempotency key, and a bot cannot read its channel's history to
check whether a message arrived. When the request was sent and the answer was lost,
Telegram may or may not have posted it. Retrying would be at-least-once: a lost
answer to a successful post becomes a duplicate post in a public channel, seen by
every subscriber and impossible to take back quietly. Not retrying is at-most-once:
a post that really failed stays missing until someone looks. We choose at-most-once
and make the doubt visible: the row shows "Uncertain: check the channel" in the
admin, where an editor who looked at the channel either marks it posted or sends it
again (`services.telegram_post_mark_sent` / `telegram_post_retry`). Failures that
happen before a byte of the request left (connection refused, connect timeout) are
certain not to have posted and are retried automatically, as are 429 and 5xx
answers, where Telegram itself said it did not post. A process that dies between
the claim and the answer leaves the row "sending"; after `TELEGRAM_SENDING_LEASE`
seconds the job turns it to "uncertain" for the same reason.
"""

import http.client
import json
import logging
import random
import socket
import ssl
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from masthead.lib.text import strip_control_chars

logger = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096  # characters of a sendMessage text, after entity parsing
CAPTION_LIMIT = 1024  # characters of a sendPhoto caption


@dataclass
class Outcome:
    """What one call to the Bot API came to."""

    kind: str  # "sent", "retry", "failed", "uncertain"
    reason: str = ""
    message_id: int | None = None
    retry_after: int | None = None  # seconds Telegram asked us to wait (429)
    photo_refused: bool = False  # a 400 to sendPhoto: the same post may go as text


def message_html(*, title: str, lead: str, url: str, language: str, limit: int) -> str:
    """Headline, lead and link in Telegram's HTML subset, every piece escaped, within `limit` characters.

    Telegram counts the text after parsing entities, so the budget is counted on the
    plain text; the lead is shortened (on a word, with an ellipsis) when it would not fit.
    """
    title = strip_control_chars(title).strip()
    lead = strip_control_chars(lead).strip()
    with translation.override(language):
        more = gettext("Read on the site")
    title = title[:300]
    fixed = len(title) + len(more) + 4  # two blank lines between the three parts
    room = max(0, limit - fixed)
    if len(lead) > room:
        cut = lead[: max(0, room - 1)]
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
        lead = cut.rstrip(" ,.;:—-") + "…" if cut else ""
    parts = [f"<b>{escape(title)}</b>"]
    if lead:
        parts.append(escape(lead))
    parts.append(f'<a href="{escape(url, quote=True)}">{escape(more)}</a>')
    return "\n\n".join(parts)


def call(method: str, payload: dict) -> Outcome:
    """POST one Bot API method; classify what happened (see the module docstring)."""
    token = settings.TELEGRAM_BOT_TOKEN
    base = urlsplit(settings.TELEGRAM_API_URL)
    timeout = settings.TELEGRAM_TIMEOUT
    path = f"{base.path.rstrip('/')}/bot{token}/{method}"
    connection_class = http.client.HTTPSConnection if base.scheme == "https" else http.client.HTTPConnection
    kwargs = {"context": ssl.create_default_context()} if base.scheme == "https" else {}
    connection = connection_class(base.hostname, base.port, timeout=timeout, **kwargs)
    body = json.dumps(payload).encode()
    try:
        try:
            connection.connect()
        except (OSError, http.client.HTTPException) as error:
            # Nothing has left this machine: certain not to have posted.
            return Outcome("retry", f"connection failed: {_describe(error)}")
        try:
            connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            status = response.status
            raw = response.read(1_000_000)
        except (OSError, http.client.HTTPException) as error:
            return Outcome("uncertain", f"no answer after sending: {_describe(error)}")
    finally:
        connection.close()
    try:
        answer = json.loads(raw)
        if not isinstance(answer, dict):
            raise ValueError("not an object")
    except ValueError:
        if status >= 500:
            return Outcome("retry", f"HTTP {status}")
        return Outcome("uncertain", f"HTTP {status} with an unreadable answer")
    description = str(answer.get("description", ""))[:500]
    if status == 200 and answer.get("ok") is True:
        result = answer.get("result") or {}
        message_id = result.get("message_id") if isinstance(result, dict) else None
        return Outcome("sent", message_id=message_id if isinstance(message_id, int) else None)
    if status == 429:
        parameters = answer.get("parameters") or {}
        retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
        if not isinstance(retry_after, int) or retry_after < 0:
            retry_after = 30
        return Outcome("retry", f"429 {description}".strip(), retry_after=min(retry_after, 86_400))
    if status >= 500:
        return Outcome("retry", f"HTTP {status} {description}".strip())
    return Outcome("failed", f"HTTP {status} {description}".strip(), photo_refused=(status == 400 and method == "sendPhoto"))


def backoff_seconds(attempts: int) -> float:
    """Seconds before the next try after `attempts` tries: doubling from the base, capped, with jitter."""
    base = settings.TELEGRAM_BACKOFF
    delay = min(base * 2 ** max(0, attempts - 1), settings.TELEGRAM_BACKOFF_MAX)
    return delay * random.uniform(0.8, 1.2)


def _describe(error: BaseException) -> str:
    if isinstance(error, socket.timeout | TimeoutError):
        return "timed out"
    return f"{error.__class__.__name__}: {error}"[:300]
