"""Writes of the newsletter, one function per action: subscribe, confirm, unsubscribe, manage, send an issue.

No enumeration: `subscriber_subscribe` does the same work and gives the same
answer whatever the address's history (new, waiting, subscribed, gone): it
mails the address, a confirmation link or, to a confirmed address, a note that
it already is. The only difference is inside that mailbox, which belongs to the
address's owner. At most `NEWSLETTER_MAILS_PER_ADDRESS` such mails go to one
address per `NEWSLETTER_MAIL_WINDOW`, so the form cannot be used to flood a
victim's inbox from many addresses.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from masthead.core import identity, ratelimit
from masthead.core.mail import send_templated_mail
from masthead.core.times import to_site_time
from masthead.newsletter import selectors, tokens
from masthead.newsletter.models import Issue, NewsletterSettings, Subscriber

logger = logging.getLogger(__name__)
State = Subscriber.State


def mail_limit() -> ratelimit.Limit:
    return ratelimit.Limit(
        "newsletter.mails", settings.NEWSLETTER_MAILS_PER_ADDRESS, settings.NEWSLETTER_MAIL_WINDOW
    )


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def localized_url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return absolute(reverse(name, kwargs=kwargs))


def unsubscribe_headers(subscriber: Subscriber, url: str) -> dict[str, str]:
    """RFC 2369 `List-Unsubscribe` (the https link, and mailto when configured) and RFC 8058 one-click."""
    targets = [f"<{url}>"]
    mailto = settings.NEWSLETTER_UNSUBSCRIBE_MAILTO
    if mailto:
        targets.append(f"<mailto:{mailto}?subject=unsubscribe%20{tokens.unsubscribe_token(subscriber)}>")
    return {"List-Unsubscribe": ", ".join(targets), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def subscriber_subscribe(*, email: str, language: str, rubrics=(), user=None) -> None:
    """Record the wish and mail the address (see the module docstring); never says what it found."""
    email = email.strip().lower()
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(email=email, defaults={"language": language})
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.state != State.CONFIRMED:
            # The wish of whoever can read the mailbox; nothing changes until they confirm.
            Subscriber.objects.filter(pk=subscriber.pk).update(language=language, state=State.PENDING)
            subscriber.language, subscriber.state = language, State.PENDING
            subscriber.rubrics.set(rubrics)
        if user is not None and subscriber.user_id is None and _owns(user, email):
            Subscriber.objects.filter(pk=subscriber.pk).update(user=user)
    allowed = ratelimit.hit(mail_limit(), identity.keyed_hash("newsletter.address", email))
    if not allowed:
        logger.info("newsletter: mail to a subscriber address held back by the per-address limit")
        return
    _mail_subscribe_answer(subscriber)  # after the write is committed: slow I/O outside the transaction


def _owns(user, email: str) -> bool:
    return bool(user.is_authenticated and user.email and user.email.strip().lower() == email)


def _mail_subscribe_answer(subscriber: Subscriber) -> None:
    unsubscribe_url = localized_url("newsletter:unsubscribe", subscriber.language, token=tokens.unsubscribe_token(subscriber))
    headers = None
    if subscriber.state == State.CONFIRMED:
        # A mail of the list to an address on it: one-click unsubscribe as in every issue (RFC 8058).
        # The confirmation mail goes to an address not on the list yet, and nothing follows it unconfirmed.
        template, context = "newsletter/emails/already", {"unsubscribe_url": unsubscribe_url}
        headers = unsubscribe_headers(subscriber, unsubscribe_url)
    else:
        confirm_url = localized_url("newsletter:confirm", subscriber.language, token=tokens.confirm_token(subscriber))
        template = "newsletter/emails/confirm"
        context = {"confirm_url": confirm_url, "days": settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400}
    try:
        send_templated_mail(
            template_prefix=template, context=context, to=subscriber.email, language=subscriber.language, headers=headers
        )
    except Exception:  # the reader's answer must not depend on our mail server
        logger.exception("newsletter: the confirmation mail could not be sent")
        return
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=timezone.now())


def subscriber_confirm(*, token: str) -> Subscriber | None:
    """Confirm the address the token was made for; None when the token is bad, used or expired."""
    read = tokens.read_confirm_token(token)
    if read is None:
        return None
    pk, version = read
    confirmed = Subscriber.objects.filter(pk=pk, token_version=version, state=State.PENDING).update(
        state=State.CONFIRMED, confirmed_at=timezone.now(), unsubscribed_at=None, token_version=F("token_version") + 1
    )
    return Subscriber.objects.filter(pk=pk).first() if confirmed else None


def subscriber_unsubscribe(*, token: str) -> Subscriber | None:
    """Unsubscribe the token's address (one click, idempotent); None when the token is bad."""
    pk = tokens.read_unsubscribe_token(token)
    if pk is None:
        return None
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is not None:
        _leave(subscriber)
    return subscriber


def _leave(subscriber: Subscriber) -> None:
    Subscriber.objects.filter(pk=subscriber.pk).exclude(state=State.UNSUBSCRIBED).update(
        state=State.UNSUBSCRIBED, unsubscribed_at=timezone.now(), token_version=F("token_version") + 1
    )


def subscriptions_of(user) -> list[Subscriber]:
    """The subscriptions a signed-in reader may manage: those under the account's own verified address."""
    if not user.is_authenticated or not user.email:
        return []
    return list(
        Subscriber.objects.filter(email=user.email.strip().lower()).exclude(state=State.UNSUBSCRIBED).prefetch_related("rubrics")
    )


def subscriber_update_by_owner(*, user, subscriber_id: int, language: str | None, rubrics, leave: bool) -> bool:
    """A signed-in reader changes or ends a subscription of their account's address."""
    subscriber = next((s for s in subscriptions_of(user) if s.pk == subscriber_id), None)
    if subscriber is None:
        return False
    if leave:
        _leave(subscriber)
        return True
    Subscriber.objects.filter(pk=subscriber.pk).update(language=language or subscriber.language, user=user)
    subscriber.rubrics.set(rubrics)
    return True


def digest_prepare(*, now: dt.datetime | None = None) -> list[Issue]:
    """Make today's digest of each edition once the digest hour has come; returns the issues made.

    Its content is fixed now (the story of the day, the most read of yesterday and
    today so far), so every subscriber gets the same issue even when the send is
    resumed later. A day with nothing to tell makes no issue.
    """
    now = now or timezone.now()
    options = NewsletterSettings.load()
    local = to_site_time(now)
    if not options.digest_enabled or local.hour < options.digest_hour:
        return []
    day = local.date()
    made = []
    for language, _name in settings.LANGUAGES:
        if Issue.objects.filter(kind=Issue.Kind.DIGEST, language=language, digest_day=day).exists():
            continue
        story = selectors.story_of(day, language)
        exclude = {story.pk} if story else set()
        ranked = selectors.most_read_ids(days=2, limit=options.most_read_count, edition=language, exclude=exclude)
        if story is None and not ranked:
            continue
        with translation.override(language):
            subject = gettext("The day's news, %(date)s") % {"date": _date_text(day, language)}
        try:
            with transaction.atomic():
                issue = Issue.objects.create(
                    kind=Issue.Kind.DIGEST, language=language, digest_day=day, subject=subject,
                    story_id=story.pk if story else None, most_read_ids=ranked,
                    state=Issue.State.SENDING, send_started_at=now,
                )
        except IntegrityError:
            continue  # another job made it meanwhile
        made.append(issue)
    return made


def _date_text(day: dt.date, language: str) -> str:
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


def issue_send(*, issue: Issue) -> bool:
    """An editor sends a draft issue: the periodic job mails it to every confirmed subscriber of its edition."""
    return bool(
        Issue.objects.filter(pk=issue.pk, state=Issue.State.DRAFT).update(
            state=Issue.State.SENDING, send_started_at=timezone.now()
        )
    )
