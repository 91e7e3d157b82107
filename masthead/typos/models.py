"""Readers' typo reports, the corrections log, and who hears about new reports."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from masthead.typos.locate import HEADLINE, LEAD


class TypoReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=TypoReport.Status.OPEN)

    def for_queue(self):
        """What the editors' queue shows per row, in a fixed number of queries."""
        return self.select_related("article", "revision", "user").order_by("-last_reported_at", "-pk")

    def relayable(self):
        """Reports whose fragment was found in the article: only these reach editors' inboxes."""
        return self.filter(located=True)


class TypoReport(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("typos", "Open")
        FIXED = "fixed", pgettext_lazy("typos", "Fixed")
        REJECTED = "rejected", _("Not an error")

    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="typo_reports"
    )
    # The revision the reader saw; kept if Wagtail purges it, only the link goes.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fragment = models.TextField(_("fragment"))
    context_before = models.TextField(_("text before"), blank=True)
    context_after = models.TextField(_("text after"), blank=True)
    located = models.BooleanField(
        _("found in the article"),
        default=False,
        help_text=_("False when the fragment is not in the revision the reader saw: unverified."),
    )
    block_id = models.CharField(_("block"), max_length=64, blank=True)
    block_index = models.PositiveIntegerField(_("block number"), null=True, blank=True)
    offset = models.PositiveIntegerField(_("offset in the block"), null=True, blank=True)
    # Identifies "the same fragment at the same place" for merging duplicates.
    fingerprint = models.CharField(max_length=64, editable=False)
    comment = models.TextField(_("comment"), blank=True)
    count = models.PositiveIntegerField(pgettext_lazy("typos", "reports"), default=1)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visitor = models.CharField(_("visitor id (hashed)"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)
    last_reported_at = models.DateTimeField(_("last reported"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    probably_fixed = models.BooleanField(
        _("probably fixed"),
        default=False,
        help_text=_("A newer revision no longer has the fragment at that place."),
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TypoReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("typo report")
        verbose_name_plural = _("typo reports")
        constraints = [
            models.UniqueConstraint(fields=["article", "revision", "fingerprint"], name="typos_unique_report"),
        ]
        indexes = [models.Index(fields=["status", "-last_reported_at"], name="typos_queue_idx")]
        permissions = [("review_typoreport", _("Can review typo reports"))]

    def __str__(self):
        return self.fragment[:60]

    def get_admin_url(self) -> str:
        return reverse("typos_admin:detail", args=[self.pk])

    def get_editor_url(self) -> str:
        """The article in Wagtail's editor, scrolled to the block (Wagtail's content-path anchor)."""
        url = reverse("wagtailadmin_pages:edit", args=[self.article_id])
        if self.block_id in (HEADLINE, LEAD):
            return f"{url}#:w:contentpath={'title' if self.block_id == HEADLINE else 'lead'}"
        return f"{url}#:w:contentpath=body.{self.block_id}" if self.block_id else url

    def place(self) -> str:
        """Where in the article the fragment was found, for the editors' queue and mails."""
        if self.block_id == HEADLINE:
            return gettext("headline")
        if self.block_id == LEAD:
            return gettext("lead")
        if self.block_index is not None:
            return gettext("block %(number)s") % {"number": self.block_index + 1}
        return ""


class Correction(models.Model):
    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(_("correction"), max_length=2000)
    published_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    report = models.ForeignKey(
        TypoReport,
        verbose_name=_("typo report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return self.text[:60]


class ResponsibleEditor(models.Model):
    """An editor who gets the digest of new reports on articles in these rubrics."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("editor"), on_delete=models.CASCADE, related_name="typo_duty"
    )
    rubrics = models.ManyToManyField("articles.Rubric", verbose_name=_("rubrics"), related_name="+")
    # The digest watermark: reports created before it have been mailed.
    last_digest_at = models.DateTimeField(_("last digest"), default=timezone.now)

    class Meta:
        verbose_name = _("responsible editor")
        verbose_name_plural = _("responsible editors")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()
