"""Mailing an issue to its subscribers, each at most once, resumable after a crash.

The ledger is `Delivery`, unique per (issue, subscriber):
1. *claim*: insert the row (state "sending") before the mail is handed to the
   SMTP server. The unique constraint makes the claim atomic: of two jobs, or
   of a job and its resumed self, only one inserts the row, only that one sends.
2. send the mail through one SMTP connection for the whole run;
3. *mark* the row "sent" (or "failed" with the server's reason).

A process that dies between 1 and 3 leaves a "sending" row. Whether that mail
left is unknown (the server may have accepted it just before the crash), and a
newsletter must not mail a reader twice, so such a row is never retried: after
`NEWSLETTER_SENDING_LEASE` seconds it turns "failed" with the reason shown, and
the run goes on with the subscribers that have no row yet. At most once, as the
Telegram outbox in masthead/distribution/telegram.py chooses for the same reason.
When the SMTP server cannot be reached at all, nothing is claimed and the next
run tries again.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from masthead.core.mail import send_templated_mail
from masthead.newsletter import selectors, tokens
from masthead.newsletter.mail_body import mail_html, mail_text
from masthead.newsletter.models import Delivery, Issue, Subscriber
from masthead.newsletter.services import absolute, localized_url, unsubscribe_headers

logger = logging.getLogger(__name__)


def issue_context(issue: Issue, language: str) -> dict:
    """What an issue's templates show, the same for every subscriber but their links."""
    story = None
    most_read = []
    if issue.kind == Issue.Kind.DIGEST:
        ids = ([issue.story_id] if issue.story_id else []) + list(issue.most_read_ids)
        articles = selectors.digest_articles(ids)
        story = next((a for a in articles if a.pk == issue.story_id), None)
        most_read = [_teaser(a, language) for a in articles if a.pk != issue.story_id]
        story = _teaser(story, language) if story else None
    body = mail_html(issue.body)
    return {"issue": issue, "story": story, "most_read": most_read, "body_html": body, "body_text": mail_text(body)}


def _teaser(article, language: str) -> dict:
    rubrics = [r.rubric for r in article.article_rubrics.all()]
    return {
        "pk": article.pk,
        "title": article.title,
        "lead": article.lead,
        "url": article.canonical_url(),
        "language": article.language,
        "rubric_ids": {r.pk for r in rubrics},
        "section": rubrics[0].display_name(language) if rubrics else "",
    }


def send_issue_to(issue: Issue, subscriber: Subscriber, *, context: dict, connection=None, to: str | None = None) -> bool:
    """Render and send one issue to one subscriber (or, for a test send, to `to`); False when nothing fits them."""
    wanted = {r.pk for r in subscriber.rubrics.all()} if subscriber.pk else set()
    most_read = context["most_read"]
    if wanted:
        most_read = [t for t in most_read if t["rubric_ids"] & wanted]
    if issue.kind == Issue.Kind.DIGEST and not most_read and context["story"] is None:
        return False
    token = tokens.unsubscribe_token(subscriber) if subscriber.pk else "test"
    unsubscribe_url = localized_url("newsletter:unsubscribe", issue.language, token=token)
    with translation.override(issue.language):
        home_url = absolute(reverse("newsletter:subscribe"))
    send_templated_mail(
        template_prefix="newsletter/emails/issue",
        context={**context, "most_read": most_read, "unsubscribe_url": unsubscribe_url, "manage_url": home_url},
        to=to or subscriber.email,
        language=issue.language,
        headers=unsubscribe_headers(subscriber, unsubscribe_url),
        connection=connection,
    )
    return True


def expire_stale_claims(now: dt.datetime) -> int:
    lease = dt.timedelta(seconds=settings.NEWSLETTER_SENDING_LEASE)
    return Delivery.objects.filter(state=Delivery.State.SENDING, claimed_at__lt=now - lease).update(
        state=Delivery.State.FAILED,
        finished_at=now,
        error="the sender stopped before the mail was marked sent; not sent again to avoid a duplicate",
    )


def deliver(issue: Issue, *, batch: int = 500) -> dict[str, int]:
    """Mail `issue` to every confirmed subscriber of its edition that has no delivery row yet."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # nothing claimed: the next run tries again
        logger.warning("newsletter: the mail server cannot be reached (%s); issue %s waits", error, issue.pk)
        return counts
    try:
        context = issue_context(issue, issue.language)
        while True:
            pending = list(
                selectors.recipients(issue.language)
                .exclude(deliveries__issue=issue)
                .prefetch_related("rubrics")
                .order_by("pk")[:batch]
            )
            if not pending:
                break
            for subscriber in pending:
                outcome = _deliver_one(issue, subscriber, context, connection)
                if outcome:
                    counts[outcome] += 1
    finally:
        connection.close()
    _close_if_done(issue)
    return counts


def _deliver_one(issue: Issue, subscriber: Subscriber, context: dict, connection) -> str | None:
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(issue=issue, subscriber=subscriber)
    except IntegrityError:
        return None  # claimed by another run
    try:
        mailed = send_issue_to(issue, subscriber, context=context, connection=connection)
    except Exception as error:
        logger.warning("newsletter: issue %s to subscriber %s failed: %s", issue.pk, subscriber.pk, error)
        mark(delivery, Delivery.State.FAILED, f"{error.__class__.__name__}: {error}"[:2000])
        return "failed"
    if not mailed:
        mark(delivery, Delivery.State.SKIPPED, "nothing in the subscriber's rubrics")
        return "skipped"
    mark(delivery, Delivery.State.SENT)
    return "sent"


def mark(delivery: Delivery, state: str, error: str = "") -> None:
    Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.SENDING).update(
        state=state, error=error, finished_at=timezone.now()
    )


def _close_if_done(issue: Issue) -> None:
    left = selectors.recipients(issue.language).exclude(deliveries__issue=issue).exists()
    in_flight = issue.deliveries.filter(state=Delivery.State.SENDING).exists()
    if not left and not in_flight:
        Issue.objects.filter(pk=issue.pk, state=Issue.State.SENDING).update(state=Issue.State.SENT, sent_at=timezone.now())


def deliver_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic job: expire stale claims, make today's digests, mail every issue that is sending."""
    from masthead.newsletter.services import digest_prepare

    now = now or timezone.now()
    expire_stale_claims(now)
    digest_prepare(now=now)
    totals: dict[str, int] = {}
    for issue in Issue.objects.filter(state=Issue.State.SENDING).order_by("pk"):
        for state, n in deliver(issue).items():
            totals[state] = totals.get(state, 0) + n
    return totals
