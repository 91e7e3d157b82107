"""Every write the typo feature makes: one function per action."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Revision

from masthead.articles.models import ArticlePage
from masthead.core.freshness import bump_content_version
from masthead.pagecache.purge import purge
from masthead.typos.locate import article_blocks, locate, normalise
from masthead.typos.models import Correction, ResponsibleEditor, TypoReport

logger = logging.getLogger(__name__)

# New reports settle this long before a digest takes them, so one committed
# a moment after the digest started is not skipped by the watermark.
DIGEST_SETTLE = dt.timedelta(seconds=5)


@dataclass(frozen=True)
class Hints:
    """Where the reader's browser says the selection is. Advisory only."""

    block: str = ""
    offset: int | None = None
    before: str = ""
    after: str = ""


def _fingerprint(fragment: str, block_id: str, offset: int | None) -> str:
    place = f"{block_id}:{offset}" if offset is not None else "?"
    return hashlib.sha256(f"{place}|{normalise(fragment)[0]}".encode()).hexdigest()


def _as_seen(article: ArticlePage, revision: Revision) -> ArticlePage:
    """The article as the reader saw it: the live page, or the revision's copy when they read an older one."""
    if revision.pk == article.live_revision_id:
        return article
    return revision.as_object()


def typo_report_submit(
    *,
    article: ArticlePage,
    revision: Revision,
    fragment: str,
    comment: str = "",
    hints: Hints = Hints(),
    user=None,
    visitor: str = "",
) -> TypoReport:
    """Store a reader's report, merged with an earlier report of the same fragment at the same place.

    The fragment is located in the revision the reader saw; context comes from
    that revision, never from the request. Not found: stored, flagged unverified.
    """
    location = locate(
        article_blocks(_as_seen(article, revision)),
        fragment,
        block_hint=hints.block,
        offset_hint=hints.offset,
        before_hint=hints.before,
        after_hint=hints.after,
    )
    now = timezone.now()
    fields = {
        "fragment": fragment,
        "comment": comment,
        "user": user if user is not None and user.is_authenticated else None,
        "visitor": visitor,
        "created_at": now,
        "last_reported_at": now,
    }
    if location:
        fields.update(
            located=True,
            block_id=location.block_id,
            block_index=location.block_index,
            offset=location.offset,
            context_before=location.context_before,
            context_after=location.context_after,
        )
    fingerprint = _fingerprint(fragment, location.block_id if location else "", location.offset if location else None)
    with transaction.atomic():
        report, created = TypoReport.objects.get_or_create(
            article=article, revision=revision, fingerprint=fingerprint, defaults=fields
        )
        if not created:
            # Atomic: concurrent duplicates each add one, none is lost.
            TypoReport.objects.filter(pk=report.pk).update(count=F("count") + 1, last_reported_at=now)
            if comment:
                TypoReport.objects.filter(pk=report.pk, comment="").update(comment=comment)
            report.refresh_from_db()
    return report


def typo_report_resolve(*, report: TypoReport, status: str, user) -> TypoReport:
    """Close (fixed / not an error) or reopen a report."""
    if status not in TypoReport.Status.values:
        raise ValueError(f"unknown status {status!r}")
    report.status = status
    report.resolved_at = None if status == TypoReport.Status.OPEN else timezone.now()
    report.resolved_by = None if status == TypoReport.Status.OPEN else user
    report.save(update_fields=["status", "resolved_at", "resolved_by"])
    return report


CORRECTIONS_LOG = "corrections"  # the public log's surrogate key


def correction_publish(*, article: ArticlePage, text: str, user, report: TypoReport | None = None) -> Correction:
    """Publish a dated correction note on the article and in the corrections log."""
    text = text.strip()
    if not text:
        raise ValueError("a correction needs its text")
    with transaction.atomic():
        correction = Correction.objects.create(
            article=article, text=text, language=article.language, report=report, created_by=user
        )
        if report is not None:
            typo_report_resolve(report=report, status=TypoReport.Status.FIXED, user=user)
    # Cached fragments keyed on the content version show the note at once; so do cached pages.
    transaction.on_commit(bump_content_version)
    purge(article.own_page_key, CORRECTIONS_LOG)
    return correction


def typo_reports_recheck(*, article: ArticlePage) -> int:
    """After a publish, mark open reports "probably fixed" when the fragment left its place.

    Returns how many reports are now marked. A report stays unmarked while the
    fragment is still found in the same block.
    """
    reports = list(TypoReport.objects.open().relayable().filter(article=article))
    if not reports:
        return 0
    blocks = article_blocks(article)
    by_id = {block.id: block for block in blocks}
    fixed, present = [], []
    for report in reports:
        found = locate(
            blocks,
            report.fragment,
            block_hint=report.block_id,
            offset_hint=report.offset,
            before_hint=report.context_before,
            after_hint=report.context_after,
        )
        # Still in its block, even where an edit around it makes another place's context agree better.
        own = by_id.get(report.block_id)
        still_there = (found and found.block_id == report.block_id) or (own and locate([own], report.fragment))
        (present if still_there else fixed).append(report.pk)
    TypoReport.objects.filter(pk__in=fixed).update(probably_fixed=True)
    TypoReport.objects.filter(pk__in=present).update(probably_fixed=False)
    return len(fixed)


def typo_digests_send(*, now: dt.datetime | None = None) -> int:
    """Mail each responsible editor ONE digest of reports new since their last one.

    Only reports whose fragment was found are mailed (unverified text is never
    relayed to inboxes). An editor's watermark is moved *before* their mail goes
    out, by a conditional UPDATE that only one run wins: a job killed after the
    mail left must not mail the same reports again on its retry, nor may two
    runs both mail them. A send the mail server refuses moves the watermark
    back, so those reports go in the next run's digest. A job killed between
    the claim and the send loses that one digest (the reports stay in the
    admin's queue): at most once, as the newsletter and the Telegram outbox
    choose. Returns the number of mails sent.
    """
    from masthead.typos.emails import send_digest

    cutoff = (now or timezone.now()) - DIGEST_SETTLE
    sent = 0
    duties = ResponsibleEditor.objects.filter(user__is_active=True).exclude(user__email="").select_related("user")
    for duty in duties.prefetch_related("rubrics"):
        rubric_ids = [rubric.pk for rubric in duty.rubrics.all()]
        if not rubric_ids:
            continue
        reports = list(
            TypoReport.objects.open()
            .relayable()
            .filter(created_at__gte=duty.last_digest_at, created_at__lt=cutoff)
            .filter(article__article_rubrics__rubric__in=rubric_ids)
            .distinct()
            .select_related("article")
            .order_by("-created_at", "-pk")
        )
        claimed = ResponsibleEditor.objects.filter(pk=duty.pk, last_digest_at=duty.last_digest_at)
        if not claimed.update(last_digest_at=cutoff):
            continue  # another run took this editor's digest
        if reports:
            try:
                send_digest(user=duty.user, reports=reports)
            except Exception:  # noqa: BLE001 - one editor's failing address must not block the others
                logger.exception("typo digest to user %s failed", duty.user_id)
                ResponsibleEditor.objects.filter(pk=duty.pk, last_digest_at=cutoff).update(
                    last_digest_at=duty.last_digest_at
                )
                continue
            sent += 1
    return sent

