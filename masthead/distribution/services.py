"""Writes of the distribution app: the Telegram outbox and editors' choices about it.

Each write is one function; the delivery rules and the at-most-once trade-off are
explained in masthead/distribution/telegram.py.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.core.media_storage import absolute_media_url
from masthead.distribution import telegram
from masthead.distribution.models import ArticleAutopost, TelegramPost

logger = logging.getLogger(__name__)
State = TelegramPost.State


def telegram_channels() -> list[str]:
    """Channels configured for autoposting; none when the bot or the channel is not set."""
    if not settings.TELEGRAM_BOT_TOKEN:
        return []
    return [channel for channel in settings.TELEGRAM_CHANNELS if channel]


def telegram_post_enqueue(*, article: ArticlePage, revision_id: int, first_publish: bool) -> list[TelegramPost]:
    """Outbox rows for a publish: on the first publish, or when the editor asked to post this edit again.

    Runs inside the publish's transaction, so a publish that rolls back leaves no row,
    and a row exists for every publish that stands.
    """
    channels = telegram_channels()
    if not channels:
        return []
    choice = ArticleAutopost.objects.filter(article=article).first()
    if choice is not None and not choice.enabled:
        return []
    repost = choice is not None and choice.repost_next_publish
    already = TelegramPost.objects.filter(article=article).exists()
    if not repost and (already or not first_publish):
        return []
    too_old = timezone.now() - dt.timedelta(hours=settings.TELEGRAM_MAX_AGE_HOURS)
    if not repost and article.published_at and article.published_at < too_old:
        return []  # an archive piece published late (backdated, restored): news channels carry news
    due = max(timezone.now(), article.published_at or timezone.now())
    rows = []
    for channel in channels:
        row, _ = TelegramPost.objects.get_or_create(
            article=article, channel=channel, revision_id=revision_id, defaults={"next_attempt_at": due}
        )
        rows.append(row)
    if repost:
        ArticleAutopost.objects.filter(article=article).update(repost_next_publish=False)
    return rows


def autopost_choose(*, article: ArticlePage, enabled: bool, repost_next_publish: bool) -> ArticleAutopost:
    """An editor switches autoposting for one article on or off, or asks for the next edit to be posted."""
    choice, _ = ArticleAutopost.objects.update_or_create(
        article=article, defaults={"enabled": enabled, "repost_next_publish": repost_next_publish and enabled}
    )
    if not enabled:  # rows not yet sent stay unsent
        TelegramPost.objects.filter(article=article, state=State.PENDING).update(
            state=State.SKIPPED, last_error="autoposting switched off by an editor"
        )
    return choice


def telegram_post_retry(*, post: TelegramPost) -> bool:
    """An editor sends a failed, skipped or uncertain post again (after checking the channel)."""
    return bool(
        TelegramPost.objects.filter(pk=post.pk, state__in=[State.FAILED, State.UNCERTAIN, State.SKIPPED]).update(
            state=State.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
        )
    )


def telegram_post_mark_sent(*, post: TelegramPost) -> bool:
    """An editor saw an uncertain post in the channel: it counts as posted and is never sent again."""
    return bool(
        TelegramPost.objects.filter(pk=post.pk, state=State.UNCERTAIN).update(state=State.SENT, sent_at=timezone.now())
    )


def telegram_deliver_due(*, now: dt.datetime | None = None, limit: int = 50) -> dict[str, int]:
    """Send the rows that are due, each claimed first; returns how many ended in each state."""
    now = now or timezone.now()
    lease = dt.timedelta(seconds=settings.TELEGRAM_SENDING_LEASE)
    TelegramPost.objects.filter(state=State.SENDING, claimed_at__lt=now - lease).update(
        state=State.UNCERTAIN, last_error="the sender stopped before Telegram answered"
    )
    counts: dict[str, int] = {}
    if not settings.TELEGRAM_BOT_TOKEN:
        return counts
    due = list(
        TelegramPost.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        state = _deliver_one(pk, now)
        if state:
            counts[state] = counts.get(state, 0) + 1
    return counts


def _deliver_one(pk: int, now: dt.datetime) -> str | None:
    claimed = TelegramPost.objects.filter(pk=pk, state=State.PENDING, next_attempt_at__lte=now).update(
        state=State.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return None  # another job took it
    post = TelegramPost.objects.get(pk=pk)
    article = ArticlePage.objects.published().select_related("lead_image").filter(pk=post.article_id).first()
    if article is None:
        ahead = ArticlePage.objects.live().filter(pk=post.article_id, published_at__gt=timezone.now()).first()
        if ahead is not None:  # re-dated into the future after publishing: wait for its new time
            return _finish(post, State.PENDING, "", next_attempt_at=ahead.published_at, attempts=F("attempts") - 1)
        return _finish(post, State.SKIPPED, "the article is not published any more")
    if ArticleAutopost.objects.filter(article_id=post.article_id, enabled=False).exists():
        return _finish(post, State.SKIPPED, "autoposting switched off by an editor")
    outcome = _send(article, post.channel)
    if outcome.kind == "sent":
        return _finish(post, State.SENT, "", message_id=outcome.message_id, sent_at=timezone.now())
    if outcome.kind == "uncertain":
        return _finish(post, State.UNCERTAIN, outcome.reason)
    if outcome.kind == "retry" and post.attempts < settings.TELEGRAM_MAX_ATTEMPTS:
        wait = outcome.retry_after if outcome.retry_after is not None else telegram.backoff_seconds(post.attempts)
        return _finish(post, State.PENDING, outcome.reason, next_attempt_at=timezone.now() + dt.timedelta(seconds=wait))
    if outcome.kind == "retry":
        return _finish(post, State.FAILED, f"gave up after {post.attempts} attempts: {outcome.reason}")
    return _finish(post, State.FAILED, outcome.reason)


def _send(article: ArticlePage, channel: str) -> telegram.Outcome:
    url = article.canonical_url()
    photo = _lead_image_url(article)
    if photo:
        caption = telegram.message_html(
            title=article.title, lead=article.lead, url=url, language=article.language, limit=telegram.CAPTION_LIMIT
        )
        outcome = telegram.call(
            "sendPhoto", {"chat_id": channel, "photo": photo, "caption": caption, "parse_mode": "HTML"}
        )
        if not outcome.photo_refused:
            return outcome
        # Telegram could not fetch the picture and said so (400): nothing was posted, so text is safe.
    text = telegram.message_html(
        title=article.title, lead=article.lead, url=url, language=article.language, limit=telegram.MESSAGE_LIMIT
    )
    return telegram.call("sendMessage", {"chat_id": channel, "text": text, "parse_mode": "HTML"})


def _lead_image_url(article: ArticlePage) -> str:
    if not article.lead_image_id or not settings.TELEGRAM_SEND_PHOTO:
        return ""
    try:
        return absolute_media_url(article.lead_image.get_rendition("fill-1200x675|format-jpeg").url)
    except OSError:  # the file is gone: post as text
        return ""


def _finish(post: TelegramPost, state: str, reason: str, **fields) -> str:
    # Only the claimer changes a row it holds: the filter keeps an editor's concurrent action intact.
    TelegramPost.objects.filter(Q(pk=post.pk) & Q(state=State.SENDING)).update(
        state=state, last_error=reason[:2000], claimed_at=None, **fields
    )
    if state in (State.FAILED, State.UNCERTAIN):
        logger.warning("telegram: article %s to %s: %s (%s)", post.article_id, post.channel, state, reason)
    return state
