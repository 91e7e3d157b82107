"""What the newsletter keeps: its settings, the subscribers, the issues and one delivery row per (issue, subscriber).

A subscriber needs no account: the address is the identity, confirmed by a
signed link (double opt-in). Only a confirmed subscriber ever gets an issue.
The delivery rows are the outbox's ledger: a row is written (claimed) before
a mail goes out and marked after, so a send that dies halfway can be resumed
without mailing anyone twice (see masthead/newsletter/sending.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField

EMAIL_MAX_LENGTH = 254  # RFC 5321's limit on a forward path


@register_setting(icon="mail")
class NewsletterSettings(BaseGenericSetting):
    """What editors change about the newsletter: whether the daily digest goes out, and at what hour."""

    digest_enabled = models.BooleanField(_("send the daily digest"), default=True)
    digest_hour = models.PositiveSmallIntegerField(
        _("digest hour"),
        default=8,
        validators=[MaxValueValidator(23)],
        help_text=_("The hour (0–23, site time) after which the day's digest goes out."),
    )
    most_read_count = models.PositiveSmallIntegerField(
        _("most-read stories in the digest"), default=5, validators=[MaxValueValidator(20)]
    )

    panels = [FieldPanel("digest_enabled"), FieldPanel("digest_hour"), FieldPanel("most_read_count")]

    class Meta:
        verbose_name = _("newsletter")


class Subscriber(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("e-mail"), max_length=EMAIL_MAX_LENGTH, unique=True)
    language = models.CharField(_("edition"), max_length=5, choices=settings.LANGUAGES)
    rubrics = models.ManyToManyField(
        "articles.Rubric", blank=True, related_name="+", verbose_name=_("rubrics"),
        help_text=_("Empty: every rubric."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("reader account"),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PENDING, db_index=True)
    # Bumped on every confirm and unsubscribe: a confirmation link carries the number it was made for,
    # so it works once and never revives an address that left.
    token_version = models.PositiveIntegerField(default=0, editable=False)
    confirmation_sent_at = models.DateTimeField(_("confirmation mailed"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.email


class Issue(models.Model):
    """One mailing: the day's digest of an edition, or an editor's one-off issue."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Daily digest")
        ONE_OFF = "one_off", _("One-off issue")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ONE_OFF)
    language = models.CharField(_("edition"), max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = RichTextField(_("text"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h3"])
    # A digest's content, fixed when it is made, so a resumed send mails the same issue to the rest.
    digest_day = models.DateField(_("digest of"), null=True, blank=True)
    story_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    most_read_ids = models.JSONField(default=list, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    send_started_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "digest_day"],
                condition=models.Q(kind="digest"),
                name="one_digest_per_edition_and_day",
            ),
        ]

    def __str__(self):
        return self.subject

    def counts(self) -> dict[str, int]:
        """Deliveries by state: what the admin shows as sent and failed."""
        found = dict(self.deliveries.values_list("state").annotate(n=models.Count("pk")).values_list("state", "n"))
        return {state: found.get(state, 0) for state in Delivery.State.values}


class Delivery(models.Model):
    """One issue to one subscriber: written before the mail leaves, marked after."""

    class State(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Nothing to send")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("issue"))
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscriber")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SENDING)
    claimed_at = models.DateTimeField(_("claimed"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_subscriber")]

    def __str__(self):
        return f"{self.issue_id} → {self.subscriber_id} ({self.state})"
