"""Every write to comments, one function per action: check, change, then side effects after commit."""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from masthead.comments import emails, flood
from masthead.comments.models import (
    Appeal,
    AuditEntry,
    Block,
    Comment,
    CommentReport,
    Decision,
    Rule,
)
from masthead.comments.policy import Action, Finding, RuleCode, Verdict, check_text, decide
from masthead.comments.policy.normalize import fold
from masthead.comments.policy.shape import ShapeLimits
from masthead.comments.rules import actions_of, current_rules, current_word_matcher
from masthead.comments.selectors import bump_thread
from masthead.core.identity import user_agent, visitor_key
from masthead.readers.models import ReaderProfile

logger = logging.getLogger(__name__)

# The finding of a comment held because the flood limits could not be checked (no rule row: always held).
FLOOD_UNCHECKED = "flood"


class CommentError(Exception):
    """A refusal the reader is told about; `status` is the HTTP status the view answers with."""

    status = 400

    def __init__(self, message: str, *, rule: Rule | None = None, finding: Finding | None = None):
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.finding = finding


class ArticleClosed(CommentError):
    status = 404


class NotAllowed(CommentError):
    status = 403


class AccountBlocked(CommentError):
    status = 403

    def __init__(self, block: Block):
        until = (
            _("until %(date)s") % {"date": timezone.localtime(block.until).strftime("%d.%m.%Y %H:%M")}
            if block.until
            else _("for good")
        )
        message = _("Your account is blocked from commenting %(until)s.") % {"until": until}
        if block.reason:
            message += " " + _("Reason: %(reason)s") % {"reason": block.reason}
        super().__init__(message)
        self.block = block


class RateLimited(CommentError):
    status = 429

    def __init__(self, message: str, retry_after: int, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class DuplicateComment(CommentError):
    status = 409


class PolicyRejected(CommentError):
    """Rejected by a rule: the comment is kept (so it can be appealed), the reader told why."""

    status = 400

    def __init__(self, message: str, *, comment: Comment | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.comment = comment


@dataclass(frozen=True)
class Visitor:
    """Who is at the other end of a request, as far as limits care."""

    key: str  # a keyed hash of the client's address (core.identity); never the address itself
    user_agent: str = ""
    referer: bool = True  # browsers posting our form send one; scripts often do not

    @classmethod
    def from_request(cls, request) -> "Visitor":
        return cls(
            key=visitor_key(request, "comments"),
            user_agent=user_agent(request)[:300],
            referer=bool(request.META.get("HTTP_REFERER")),
        )


def _thread_changed(article_id: int) -> None:
    """Guests' cached thread is stale: now, and again once the change is visible to others."""
    bump_thread(article_id)
    transaction.on_commit(lambda: bump_thread(article_id))


def own_hosts() -> list[str]:
    """The site's own hosts, whose links pass: SITE_URL's and ALLOWED_HOSTS."""
    from urllib.parse import urlsplit

    hosts = [urlsplit(settings.SITE_URL).hostname or ""]
    hosts += [h for h in settings.ALLOWED_HOSTS if h and h != "*"]
    return [h for h in hosts if h]


def own_handles() -> list[str]:
    """The site's own messenger handles, which pass: its Telegram channels named by @name."""
    return [channel for channel in getattr(settings, "TELEGRAM_CHANNELS", []) if channel.startswith("@")]


def text_hash(text: str) -> str:
    folded = " ".join(fold(text).text.split())
    return hashlib.sha256(folded.encode()).hexdigest()


def active_block(user) -> Block | None:
    if user is None or not user.is_authenticated:
        return None
    return Block.objects.active().filter(user=user).order_by("-created_at").first()


def _ensure_not_blocked(user) -> None:
    if block := active_block(user):
        raise AccountBlocked(block)


def _rule_message(rules: dict, code: str, fallback: str) -> tuple[str, Rule | None]:
    rule = rules.get(code)
    return (rule.explanation() if rule else fallback), rule


def _evaluate(*, text: str, author, visitor: Visitor, rules: dict, exclude_pk: int | None = None) -> Verdict:
    """Run the text checks, then the ones that need the reader's history."""
    findings = check_text(
        text,
        words=current_word_matcher(),
        own_hosts=own_hosts(),
        own_handles=own_handles(),
        limits=ShapeLimits(long_chars=settings.COMMENTS_LONG_CHARS),
    )
    since = timezone.now() - dt.timedelta(hours=settings.COMMENTS_DUPLICATE_HOURS)
    mine = Comment.objects.filter(created_at__gte=since, text_hash=text_hash(text)).exclude(
        status__in=[Comment.Status.DELETED, Comment.Status.REJECTED]
    )
    mine = mine.filter(author=author) if author is not None else mine.filter(author__isnull=True, visitor=visitor.key)
    if exclude_pk:
        mine = mine.exclude(pk=exclude_pk)
    if mine.exists():
        findings.append(Finding(RuleCode.DUPLICATE, 0, len(text)))
    if author is None:
        findings.append(Finding(RuleCode.GUEST))
    else:
        held_after = settings.COMMENTS_NEW_ACCOUNT_HELD
        if held_after and author.comments.filter(status=Comment.Status.PUBLISHED).count() < held_after:
            findings.append(Finding(RuleCode.NEW_ACCOUNT))
    if not visitor.user_agent.strip() or not visitor.referer:
        # Hold when in doubt: a post without a browser's usual headers waits for a person.
        findings.append(Finding(RuleCode.NO_USER_AGENT))
    return decide(findings, actions_of(rules))


_STATUS_OF_ACTION = {
    Action.REJECT: Comment.Status.REJECTED,
    Action.HOLD: Comment.Status.HELD,
    Action.FLAG: Comment.Status.PUBLISHED,
    Verdict.PUBLISH: Comment.Status.PUBLISHED,
}
_AUDIT_OF_ACTION = {
    Action.REJECT: AuditEntry.Action.AUTO_REJECT,
    Action.HOLD: AuditEntry.Action.AUTO_HOLD,
    Action.FLAG: AuditEntry.Action.AUTO_FLAG,
    Verdict.PUBLISH: AuditEntry.Action.AUTO_PUBLISH,
}


def _store_decisions(comment: Comment, verdict: Verdict, rules: dict) -> None:
    actions = actions_of(rules)
    Decision.objects.bulk_create(
        [
            Decision(
                comment=comment,
                rule=rules.get(finding.rule),
                rule_code=finding.rule,
                action=actions.get(finding.rule, Action.HOLD),
                start=finding.start,
                end=finding.end,
                matched=finding.matched[:200],
                detail=finding.detail[:200],
                deciding=finding is verdict.deciding,
            )
            for finding in verdict.findings
        ]
    )
    AuditEntry.objects.create(
        action=_AUDIT_OF_ACTION[verdict.action],
        comment=comment,
        subject=comment.author,
        rule_code=verdict.deciding.rule if verdict.deciding else "",
        note=verdict.deciding.matched[:500] if verdict.deciding else "",
    )


def comment_submit(
    *,
    article,
    text: str,
    author=None,
    visitor: Visitor,
    parent: Comment | None = None,
    guest_name: str = "",
    guest_email: str = "",
    guests_allowed: bool = False,
) -> Comment:
    """Judge and store a new comment. Raises a CommentError subclass when refused.

    Rejected comments are stored (status REJECTED, with the rule and the span)
    so the reader can appeal; duplicates and rate-limited posts are not.
    """
    _ensure_may_post(article=article, author=author, guests_allowed=guests_allowed)
    rules = current_rules()
    account = f"u{author.pk}" if author is not None else None
    unchecked = _check_flood(rules, account=account, visitor=visitor)
    parent = _reply_target(article, parent)
    verdict = _evaluate(text=text, author=author, visitor=visitor, rules=rules)
    _refuse_duplicate(verdict, rules)
    if verdict.action != Action.REJECT:
        # The atomic count at acceptance decides the accepted-comment limits (parallel posts included).
        unchecked = _count_accepted(rules, account=account, visitor=visitor) or unchecked
    if unchecked:
        _hold_unchecked(verdict)
    comment = _store_comment(
        article=article,
        parent=parent,
        author=author,
        guest_name=guest_name,
        guest_email=guest_email,
        text=text,
        visitor=visitor,
        verdict=verdict,
        rules=rules,
    )
    deciding = verdict.deciding
    if verdict.action == Action.REJECT:
        message, rule = _rule_message(rules, deciding.rule, _("This comment breaks the rules."))
        raise PolicyRejected(message, comment=comment, rule=rule, finding=deciding)
    comment.verdict = verdict
    comment.verdict_rule = rules.get(deciding.rule) if deciding else None
    return comment


def _ensure_may_post(*, article, author, guests_allowed: bool) -> None:
    """The article is published and open, the reader signed in (or guests welcome) and not blocked."""
    from masthead.articles.models import ArticlePage

    if not ArticlePage.objects.published().filter(pk=article.pk).exists():
        raise ArticleClosed(_("Comments are closed for this page."))
    if author is None and not guests_allowed:
        raise NotAllowed(_("Please sign in to comment."))
    _ensure_not_blocked(author)


def _check_flood(rules: dict, *, account: str | None, visitor: Visitor) -> bool:
    """Count the attempt and look at the accepted-comment limits; True when no store could tell.

    Raises RateLimited when the visitor tries too often or the account or
    visitor had too many comments accepted lately.
    """
    attempt = flood.attempt(visitor=visitor.key)
    if not attempt.store_down:
        _refuse_if_limited(attempt, rules)
    accepted = flood.peek_accepted(account=account, visitor=visitor.key)
    _refuse_if_limited(accepted, rules)
    return attempt.store_down or accepted.store_down


def _count_accepted(rules: dict, *, account: str | None, visitor: Visitor) -> bool:
    """Count the comment against the accepted limits; True when no store could count. Raises RateLimited."""
    decision = flood.accept(account=account, visitor=visitor.key)
    _refuse_if_limited(decision, rules)
    return decision.store_down


def _refuse_if_limited(decision, rules: dict) -> None:
    """Raise RateLimited for a refused limit, unless the rate-limit rule is switched off.

    A store that could not count refuses too, but that is no reason to send
    the reader away: the caller holds the comment instead (fail closed).
    """
    if decision or decision.store_down:
        return
    message, rule = _rule_message(rules, RuleCode.RATE_LIMIT, _("You are commenting too fast."))
    if rule is None or rule.action != Action.OFF:
        raise RateLimited(message, decision.retry_after, rule=rule)


def _hold_unchecked(verdict: Verdict) -> None:
    """The flood limits could not be checked: what would have been published waits for a moderator."""
    logger.warning("comment flood limits unavailable: holding the comment")
    verdict.findings.append(Finding(FLOOD_UNCHECKED, detail="rate-limit store unavailable"))
    if verdict.action in (Verdict.PUBLISH, Action.FLAG):
        verdict.action, verdict.deciding = Action.HOLD, verdict.findings[-1]


def _reply_target(article, parent: Comment | None) -> Comment | None:
    """The comment a reply hangs under: replies go one level deep, under a published comment."""
    if parent is None:
        return None
    if parent.article_id != article.pk or parent.status != Comment.Status.PUBLISHED:
        raise NotAllowed(_("This comment can no longer be replied to."))
    return parent.parent or parent


def _refuse_duplicate(verdict: Verdict, rules: dict) -> None:
    deciding = verdict.deciding
    if verdict.action == Action.REJECT and deciding.rule == RuleCode.DUPLICATE:
        message, rule = _rule_message(rules, RuleCode.DUPLICATE, _("You have already posted this comment."))
        raise DuplicateComment(message, rule=rule, finding=deciding)


def _store_comment(
    *, article, parent, author, guest_name: str, guest_email: str, text: str, visitor: Visitor, verdict: Verdict, rules: dict
) -> Comment:
    """Store the comment with the engine's decisions; a published one refreshes the thread and mails the parent's author."""
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            author=author,
            guest_name=guest_name if author is None else "",
            guest_email=guest_email if author is None else "",
            text=text,
            text_hash=text_hash(text),
            status=_STATUS_OF_ACTION[verdict.action],
            flagged=verdict.action == Action.FLAG,
            language=(translation.get_language() or "ru")[:2],
            visitor=visitor.key,
            user_agent=visitor.user_agent,
        )
        _store_decisions(comment, verdict, rules)
        if comment.status == Comment.Status.PUBLISHED:
            _thread_changed(article.pk)
            _notify_reply_after_commit(comment)
    return comment


def comment_edit(*, comment: Comment, user, text: str, visitor: Visitor) -> Comment:
    """The author rewrites their comment within the edit window; it is judged again."""
    _ensure_not_blocked(user)
    if not comment.can_be_changed_by(user):
        raise NotAllowed(_("This comment can no longer be edited."))
    rules = current_rules()
    verdict = _evaluate(text=text, author=user, visitor=visitor, rules=rules, exclude_pk=comment.pk)
    # A comment already published stays under the same history rules (new account):
    # only what the text itself triggers counts on an edit.
    verdict = decide(
        [f for f in verdict.findings if f.rule not in (RuleCode.NEW_ACCOUNT, RuleCode.DUPLICATE)], actions_of(rules)
    )
    if verdict.action == Action.REJECT:
        message, rule = _rule_message(rules, verdict.deciding.rule, _("This comment breaks the rules."))
        raise PolicyRejected(message, rule=rule, finding=verdict.deciding)
    with transaction.atomic():
        status = Comment.Status.HELD if verdict.action == Action.HOLD or comment.status == Comment.Status.HELD else Comment.Status.PUBLISHED
        updated = Comment.objects.filter(pk=comment.pk, status__in=[Comment.Status.PUBLISHED, Comment.Status.HELD]).update(
            text=text,
            text_hash=text_hash(text),
            status=status,
            flagged=verdict.action == Action.FLAG,
            edited_at=timezone.now(),
        )
        if not updated:
            raise NotAllowed(_("This comment can no longer be edited."))
        _thread_changed(comment.article_id)
        comment.decisions.all().delete()
        comment.refresh_from_db()
        _store_decisions(comment, verdict, rules)
        AuditEntry.objects.create(actor=user, action=AuditEntry.Action.EDIT, comment=comment, subject=user)
    comment.verdict = verdict
    return comment


def comment_delete(*, comment: Comment, user) -> None:
    """The author takes their comment back within the edit window."""
    _ensure_not_blocked(user)
    if not comment.can_be_changed_by(user):
        raise NotAllowed(_("This comment can no longer be deleted."))
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.DELETED)
        _thread_changed(comment.article_id)
        AuditEntry.objects.create(actor=user, action=AuditEntry.Action.AUTHOR_DELETE, comment=comment, subject=user)


def comment_report(*, comment: Comment, reporter) -> bool:
    """A reader reports someone else's comment into the moderators' queue. False if reported before."""
    _ensure_not_blocked(reporter)
    if comment.author_id == reporter.pk:
        raise NotAllowed(_("You cannot report your own comment."))
    if comment.status != Comment.Status.PUBLISHED:
        raise NotAllowed(_("This comment cannot be reported."))
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, reporter=reporter)
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
            AuditEntry.objects.create(actor=reporter, action=AuditEntry.Action.REPORT, comment=comment, subject=comment.author)
    except IntegrityError:
        return False
    return True


class Moderation:
    APPROVE = "approve"
    REJECT = "reject"
    REMOVE = "remove"

    # Removal is final: an approve racing a delete cannot bring the comment back.
    FROM = {
        APPROVE: [Comment.Status.HELD, Comment.Status.REJECTED, Comment.Status.PUBLISHED],
        REJECT: [Comment.Status.HELD, Comment.Status.PUBLISHED],
        REMOVE: [Comment.Status.HELD, Comment.Status.REJECTED, Comment.Status.PUBLISHED],
    }
    TO = {APPROVE: Comment.Status.PUBLISHED, REJECT: Comment.Status.REJECTED, REMOVE: Comment.Status.REMOVED}
    AUDIT = {APPROVE: AuditEntry.Action.APPROVE, REJECT: AuditEntry.Action.REJECT, REMOVE: AuditEntry.Action.REMOVE}


def comment_moderate(*, comment: Comment, moderator, action: str, note: str = "") -> bool:
    """Approve, reject or delete a comment. Returns False when its state no longer allows it."""
    if action not in Moderation.TO:
        raise ValueError(action)
    with transaction.atomic():
        updated = Comment.objects.filter(pk=comment.pk, status__in=Moderation.FROM[action]).update(
            status=Moderation.TO[action], flagged=False, report_count=0, moderated_at=timezone.now()
        )
        if not updated:
            return False
        _thread_changed(comment.article_id)
        was_public = comment.status == Comment.Status.PUBLISHED
        comment.refresh_from_db()
        AuditEntry.objects.create(
            actor=moderator, action=Moderation.AUDIT[action], comment=comment, subject=comment.author, note=note[:500]
        )
        if action == Moderation.APPROVE and not was_public:
            _notify_reply_after_commit(comment)
    return True


def comments_moderate(*, comments, moderator, action: str) -> int:
    """The bulk form of comment_moderate; returns how many changed."""
    return sum(comment_moderate(comment=c, moderator=moderator, action=action) for c in comments)


def account_block(*, user, moderator, reason: str = "", until: dt.datetime | None = None, notify: bool = False) -> Block:
    """Block a reader from posting, editing and reporting; with or without a notice by e-mail."""
    with transaction.atomic():
        block = Block.objects.create(user=user, reason=reason, until=until, notify=notify, created_by=moderator)
        AuditEntry.objects.create(
            actor=moderator,
            action=AuditEntry.Action.BLOCK,
            subject=user,
            note=(f"{reason} — " if reason else "") + (f"until {until:%Y-%m-%d %H:%M}" if until else "for good"),
        )
        if notify and user.email:
            transaction.on_commit(lambda: emails.send_block_notice(block))
    return block


def account_unblock(*, block: Block, moderator) -> None:
    with transaction.atomic():
        Block.objects.filter(pk=block.pk, lifted_at__isnull=True).update(lifted_at=timezone.now(), lifted_by=moderator)
        AuditEntry.objects.create(actor=moderator, action=AuditEntry.Action.UNBLOCK, subject=block.user)


class AlreadyAppealed(CommentError):
    status = 409


def appeal_submit(*, user, text: str, comment: Comment | None = None, block: Block | None = None) -> Appeal:
    """A reader appeals, once, against their rejected or removed comment or their block."""
    if (comment is None) == (block is None):
        raise ValueError("appeal against a comment or a block")
    if comment is not None and (
        comment.author_id != user.pk or comment.status not in (Comment.Status.REJECTED, Comment.Status.REMOVED)
    ):
        raise NotAllowed(_("Only your own rejected comments can be appealed."))
    if block is not None and (block.user_id != user.pk or not block.is_active()):
        raise NotAllowed(_("Only your own block can be appealed."))
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(user=user, text=text, comment=comment, block=block)
            AuditEntry.objects.create(actor=user, action=AuditEntry.Action.APPEAL, comment=comment, subject=user, note=text[:500])
    except IntegrityError:
        raise AlreadyAppealed(_("You have already appealed this decision.")) from None
    return appeal


def appeal_answer(*, appeal: Appeal, moderator, granted: bool, answer: str) -> bool:
    """Answer an appeal; granting it publishes the comment or lifts the block. Mail after commit."""
    with transaction.atomic():
        updated = Appeal.objects.filter(pk=appeal.pk, status=Appeal.Status.PENDING).update(
            status=Appeal.Status.GRANTED if granted else Appeal.Status.DENIED,
            answer=answer,
            answered_by=moderator,
            answered_at=timezone.now(),
        )
        if not updated:
            return False
        appeal.refresh_from_db()
        if granted and appeal.comment_id:
            comment_moderate(comment=appeal.comment, moderator=moderator, action=Moderation.APPROVE, note="appeal")
        if granted and appeal.block_id:
            account_unblock(block=appeal.block, moderator=moderator)
        AuditEntry.objects.create(
            actor=moderator,
            action=AuditEntry.Action.APPEAL_GRANTED if granted else AuditEntry.Action.APPEAL_DENIED,
            comment=appeal.comment,
            subject=appeal.user,
            note=answer[:500],
        )
        transaction.on_commit(lambda: emails.send_appeal_answer(appeal))
    return True


def _notify_reply_after_commit(comment: Comment) -> None:
    """Tell the parent's author about a published reply, if they asked to be told."""
    if comment.parent_id is None:
        return
    parent_author = comment.parent.author
    if parent_author is None or parent_author.pk == comment.author_id or not parent_author.email:
        return
    profile = ReaderProfile.objects.filter(user=parent_author).first()
    if profile is None or not profile.notify_replies:
        return
    transaction.on_commit(lambda: emails.send_reply_notice(comment, profile))
