from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from masthead.core.bilingual import in_language


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting, ClusterableModel):
    """What editors change about the site without a deployment."""

    tagline_en = models.CharField(_("tagline (English)"), max_length=200, blank=True)
    tagline_ru = models.CharField(_("tagline (Russian)"), max_length=200, blank=True)
    about_en = models.TextField(_("about the outlet (English)"), blank=True)
    about_ru = models.TextField(_("about the outlet (Russian)"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    panels = [
        FieldPanel("tagline_en"),
        FieldPanel("tagline_ru"),
        FieldPanel("about_en"),
        FieldPanel("about_ru"),
        FieldPanel("contact_email"),
        InlinePanel("channels", label=_("Subscribe channels")),
    ]

    class Meta:
        verbose_name = _("site settings")

    def tagline(self, language: str) -> str:
        return in_language(self, "tagline", language)

    def about(self, language: str) -> str:
        return in_language(self, "about", language)


class SubscribeChannel(Orderable):
    """One "subscribe to us" link: Telegram, Dzen, VK..."""

    class Network(models.TextChoices):
        TELEGRAM = "telegram", "Telegram"
        DZEN = "dzen", _("Dzen")
        VK = "vk", _("VK")
        OK = "ok", _("OK")
        YOUTUBE = "youtube", "YouTube"
        TIKTOK = "tiktok", "TikTok"
        VIBER = "viber", "Viber"
        WHATSAPP = "whatsapp", "WhatsApp"
        X = "x", "X"
        RSS = "rss", "RSS"

    settings = ParentalKey(SiteSettings, related_name="channels", on_delete=models.CASCADE)
    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    url = models.URLField(_("address"), max_length=500)

    panels = [FieldPanel("network"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("subscribe channel")

    def __str__(self):
        return self.get_network_display()


class ContentVersion(models.Model):
    """One row: a number every publish, unpublish and taxonomy edit raises.

    Cached fragments carry it in their keys. It lives in the database, not the
    cache, so every process (gunicorn workers, the scheduler) sees a change as
    soon as the change itself is committed, with or without Redis.
    """

    number = models.BigIntegerField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("content version")


class RateLimitCounter(models.Model):
    """One window's hits of one rate-limit counter, when Redis does not hold them (masthead/core/ratelimit.py)."""

    name = models.CharField(max_length=200)
    bucket = models.BigIntegerField()  # the window's number: epoch seconds // window length
    count = models.IntegerField(default=0)
    expires_at = models.BigIntegerField(db_index=True)  # epoch seconds after which the row is only clutter

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "bucket"], name="core_ratelimit_counter_unique")]

    def __str__(self):
        return f"{self.name}@{self.bucket}: {self.count}"


class PeriodicJobRun(models.Model):
    """The last run of each periodic job, for /healthz and for whoever wonders whether jobs run."""

    name = models.CharField(max_length=100, primary_key=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    ok = models.BooleanField(default=False)
    error = models.TextField(blank=True)

    def __str__(self):
        return f"{self.name}: {self.finished_at or self.started_at}"


class JobLease(models.Model):
    """Which process may run a periodic job now, and when the job is next due, shared by every node.

    masthead/core/jobs.py takes and renews it with conditional UPDATEs; the row
    lives in the database so the lease works with or without Redis.
    """

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=200, blank=True)  # "" when nobody runs the job
    expires_at = models.DateTimeField()  # a holder that stops renewing loses the lease after this
    due_at = models.DateTimeField()  # the next run may not start before this

    def __str__(self):
        return f"{self.name}: {self.holder or 'free'} (due {self.due_at:%Y-%m-%d %H:%M:%S})"
