"""Reader comments, the rules that judge them and the moderators' records."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from masthead.comments.policy import RuleCode
from masthead.comments.policy import engine
from masthead.core.bilingual import in_language


DEFAULT_POLICY_RU = (
    "Комментарии, содержащие оскорбления, экстремистские высказывания и заведомо ложную информацию, запрещены. "
    "Администрация может удалять комментарии и блокировать аккаунты без предварительного уведомления. "
    "Размещение ссылок на сторонние ресурсы запрещено!"
)
DEFAULT_POLICY_EN = (
    "Comments containing insults, extremist statements or knowingly false information are prohibited. "
    "The editors may remove comments and block accounts without prior notice. "
    "Posting links to third-party resources is prohibited!"
)


@register_setting(icon="openquote")
class CommentPolicySettings(BaseSiteSetting):
    """The policy text readers see above every thread, and whether guests may comment."""

    policy_ru = models.TextField(_("comment policy (Russian)"), blank=True, default=DEFAULT_POLICY_RU)
    policy_en = models.TextField(_("comment policy (English)"), blank=True, default=DEFAULT_POLICY_EN)
    guests_may_comment = models.BooleanField(
        _("guests may comment"),
        default=False,
        help_text=_("Guests give a name and an e-mail; their comments always wait for a moderator."),
    )

    panels = [FieldPanel("policy_ru"), FieldPanel("policy_en"), FieldPanel("guests_may_comment")]

    class Meta:
        verbose_name = _("comment policy")

    def save(self, *args, **kwargs):
        created = self._state.adding
        super().save(*args, **kwargs)
        from masthead.comments.selectors import bump_policy

        # Created with its defaults by the first article page that reads it, it changes nothing shown.
        if not created:
            bump_policy()

    def policy(self, language: str | None = None) -> str:
        return in_language(self, "policy", language)


class RuleAction(models.TextChoices):
    REJECT = engine.Action.REJECT, _("Reject with the explanation")
    HOLD = engine.Action.HOLD, _("Hold for a moderator")
    FLAG = engine.Action.FLAG, _("Publish and flag")
    OFF = engine.Action.OFF, _("Off")


class Rule(models.Model):
    """One check of the policy engine, with what it does and what the reader is told."""

    class Code(models.TextChoices):
        LINKS = RuleCode.LINKS, _("Third-party links")
        BANNED_WORDS = RuleCode.BANNED_WORDS, _("Banned words")
        RATE_LIMIT = RuleCode.RATE_LIMIT, _("Posting too fast")
        DUPLICATE = RuleCode.DUPLICATE, _("The same text twice")
        NEW_ACCOUNT = RuleCode.NEW_ACCOUNT, _("A new account's first comments")
        NO_USER_AGENT = RuleCode.NO_USER_AGENT, _("No browser identification")
        GUEST = RuleCode.GUEST, _("Guest comments")
        EMPTY = RuleCode.EMPTY, _("Empty comment")
        TOO_LONG = RuleCode.TOO_LONG, _("Over-long comment")
        ALL_CAPS = RuleCode.ALL_CAPS, _("All capitals")
        HANDLES = RuleCode.HANDLES, _("Messenger handles")

    code = models.CharField(_("check"), max_length=20, choices=Code.choices, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    explanation_en = models.CharField(_("explanation to the reader (English)"), max_length=300)
    explanation_ru = models.CharField(_("explanation to the reader (Russian)"), max_length=300)
    action = models.CharField(_("action"), max_length=10, choices=RuleAction.choices, default=RuleAction.HOLD)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("moderation rule")
        verbose_name_plural = _("moderation rules")

    def __str__(self):
        return self.name()

    def name(self, language: str | None = None) -> str:
        return in_language(self, "name", language)

    def explanation(self, language: str | None = None) -> str:
        return in_language(self, "explanation", language)


class BannedWord(models.Model):
    """One entry of a banned-word list: a word (all its forms), a "stem*", or a phrase."""

    class Language(models.TextChoices):
        RUSSIAN = "ru", _("Russian")
        ENGLISH = "en", _("English")

    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    entry = models.CharField(
        _("word or phrase"),
        max_length=100,
        help_text=_("The dictionary form: every inflected form is matched. End with * to match words beginning so."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language", "entry"]
        verbose_name = _("banned word")
        verbose_name_plural = _("banned words")
        constraints = [models.UniqueConstraint(fields=["language", "entry"], name="unique_banned_word")]

    def __str__(self):
        return self.entry


class CommentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def visible_to(self, user):
        """Published comments, and the reader's own that wait for a moderator."""
        if user is not None and user.is_authenticated:
            return self.filter(Q(status=Comment.Status.PUBLISHED) | Q(status=Comment.Status.HELD, author=user))
        return self.public()

    def in_queue(self):
        """What moderators must look at: held, flagged or reported and not yet decided."""
        return self.filter(
            Q(status=Comment.Status.HELD)
            | Q(status=Comment.Status.PUBLISHED, flagged=True)
            | Q(status=Comment.Status.PUBLISHED, report_count__gt=0)
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Awaiting moderation")
        REJECTED = "rejected", _("Rejected")
        REMOVED = "removed", _("Removed by a moderator")
        DELETED = "deleted", _("Deleted by the author")

    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    guest_name = models.CharField(_("guest name"), max_length=60, blank=True)
    guest_email = models.EmailField(_("guest e-mail"), blank=True)
    text = models.TextField(_("text"))
    text_hash = models.CharField(max_length=64, db_index=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.HELD, db_index=True)
    flagged = models.BooleanField(_("flagged"), default=False)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    language = models.CharField(_("reader's language"), max_length=2, default="ru")
    visitor = models.CharField(max_length=64, blank=True, editable=False)
    user_agent = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx")]
        permissions = [("moderate_comment", _("Can moderate comments and block readers"))]

    def __str__(self):
        return f"{self.display_name()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Guests' cached copy of the thread is stale now (services bump after updates too).
        from masthead.comments.selectors import bump_thread

        bump_thread(self.article_id)

    def get_absolute_url(self):
        return f"{self.article.url}#comment-{self.pk}"

    def display_name(self) -> str:
        if self.author_id is None:
            return self.guest_name or str(_("Guest"))
        profile = getattr(self.author, "reader_profile", None)
        return (profile.display_name if profile else "") or str(_("Reader"))

    def editable_until(self) -> dt.datetime:
        minutes = getattr(settings, "COMMENTS_EDIT_MINUTES", 10)
        return self.created_at + dt.timedelta(minutes=minutes)

    def can_be_changed_by(self, user, now: dt.datetime | None = None) -> bool:
        """The author may edit or delete for a few minutes, while it is still theirs to change."""
        return (
            user is not None
            and user.is_authenticated
            and self.author_id == user.pk
            and self.status in (self.Status.PUBLISHED, self.Status.HELD)
            and (now or timezone.now()) < self.editable_until()
        )

    def deciding_decision(self):
        return next((d for d in self.decisions.all() if d.deciding), None)


class Decision(models.Model):
    """Why the engine did what it did: the rule and the span of the text that matched."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    rule = models.ForeignKey(Rule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rule_code = models.CharField(_("rule"), max_length=20)
    action = models.CharField(_("action"), max_length=10)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    matched = models.CharField(_("matched text"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    deciding = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-deciding", "start", "pk"]
        verbose_name = _("decision")

    def __str__(self):
        return f"{self.rule_code} [{self.start}:{self.end}]"

    def rule_name(self) -> str:
        return self.rule.name() if self.rule else self.rule_code


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment report")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]


class BlockQuerySet(models.QuerySet):
    def active(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(Q(until__isnull=True) | Q(until__gt=now))


class Block(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="comment_blocks"
    )
    reason = models.CharField(_("reason shown to the reader"), max_length=300, blank=True)
    until = models.DateTimeField(_("blocked until"), null=True, blank=True, help_text=_("Empty: for good."))
    notify = models.BooleanField(_("tell the reader by e-mail"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BlockQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")

    def __str__(self):
        return f"{self.user} ({self.until or _('for good')})"

    def is_active(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.lifted_at is None and (self.until is None or self.until > now)


class AuditEntry(models.Model):
    """Every moderator action and automatic decision: who, when, what, which rule."""

    class Action(models.TextChoices):
        AUTO_PUBLISH = "auto_publish", _("Published automatically")
        AUTO_FLAG = "auto_flag", _("Published and flagged")
        AUTO_HOLD = "auto_hold", _("Held automatically")
        AUTO_REJECT = "auto_reject", _("Rejected automatically")
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        REMOVE = "remove", _("Deleted")
        REPORT = "report", _("Reported by a reader")
        EDIT = "edit", _("Edited by the author")
        AUTHOR_DELETE = "author_delete", _("Deleted by the author")
        BLOCK = "block", _("Account blocked")
        UNBLOCK = "unblock", _("Account unblocked")
        APPEAL = "appeal", _("Appeal submitted")
        APPEAL_GRANTED = "appeal_granted", _("Appeal granted")
        APPEAL_DENIED = "appeal_denied", _("Appeal denied")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the policy engine."),
    )
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule_code = models.CharField(_("rule"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def rule_label(self) -> str:
        """The rule's name for the moderator ("Third-party links"), not its key ("links")."""
        return Rule.Code(self.rule_code).label if self.rule_code in Rule.Code.values else self.rule_code


class Appeal(models.Model):
    """A reader's one appeal against a rejected comment or a block."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        GRANTED = "granted", _("Granted")
        DENIED = "denied", _("Denied")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_appeals")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="appeals")
    block = models.ForeignKey(Block, null=True, blank=True, on_delete=models.CASCADE, related_name="appeals")
    text = models.CharField(_("appeal"), max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    answer = models.CharField(_("answer"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.UniqueConstraint(fields=["comment"], condition=Q(comment__isnull=False), name="one_appeal_per_comment"),
            models.UniqueConstraint(fields=["block"], condition=Q(block__isnull=False), name="one_appeal_per_block"),
            models.CheckConstraint(
                condition=Q(comment__isnull=False, block__isnull=True) | Q(comment__isnull=True, block__isnull=False),
                name="appeal_against_one_thing",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.text[:60]}"
