"""What the outbound side keeps: its site settings, the Telegram outbox, per-article autopost choices."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

DEFAULT_ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /accounts/
Disallow: /en/accounts/
Disallow: /account/
Disallow: /en/account/
Disallow: /comments/account/
Disallow: /en/comments/account/
Disallow: /search/
Disallow: /en/search/
"""


@register_setting(icon="site")
class DistributionSettings(BaseSiteSetting):
    """What editors change about the outbound side: robots.txt and the name news aggregators show."""

    robots_txt = models.TextField(
        _("robots.txt"),
        default=DEFAULT_ROBOTS,
        blank=True,
        help_text=_("The site adds the Sitemap lines itself. Keep the admin and account pages disallowed."),
    )
    news_publication_name = models.CharField(
        _("publication name for Google News"),
        max_length=200,
        blank=True,
        help_text=_("As registered with Google News. Empty: the site name."),
    )

    panels = [FieldPanel("news_publication_name"), FieldPanel("robots_txt")]

    class Meta:
        verbose_name = _("feeds, sitemaps and robots.txt")

    def publication_name(self) -> str:
        return self.news_publication_name or settings.WAGTAIL_SITE_NAME


class ArticleAutopost(models.Model):
    """An editor's Telegram choices for one article; no row means the defaults (post once, on first publish)."""

    article = models.OneToOneField(
        "articles.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("article")
    )
    enabled = models.BooleanField(_("post to Telegram"), default=True)
    repost_next_publish = models.BooleanField(
        _("post the next published edit again"),
        default=False,
        help_text=_("Once: the next publish of this article goes to the channel again, then this switches off."),
    )

    class Meta:
        verbose_name = _("Telegram autopost choice")
        verbose_name_plural = _("Telegram autopost choices")

    def __str__(self):
        return str(self.article_id)


class TelegramPost(models.Model):
    """One article's delivery to one channel (the outbox row); see masthead/distribution/telegram.py."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Posted")
        UNCERTAIN = "uncertain", _("Uncertain: check the channel")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not posted")

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    channel = models.CharField(_("channel"), max_length=100)
    # The revision whose publish asked for this post: the first publish, or an edit the editor chose to post again.
    revision_id = models.PositiveBigIntegerField(_("revision"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    message_id = models.BigIntegerField(_("message id"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Telegram post")
        verbose_name_plural = _("Telegram posts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "channel", "revision_id"], name="unique_telegram_post"),
        ]

    def __str__(self):
        return f"{self.article_id} → {self.channel} ({self.state})"

    def message_url(self) -> str:
        """The post in a public channel (@name), when Telegram told us its number."""
        if self.message_id and self.channel.startswith("@"):
            return f"https://t.me/{self.channel[1:]}/{self.message_id}"
        return ""
