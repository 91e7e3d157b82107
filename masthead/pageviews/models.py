"""What is counted: per article per day, an article's running total, and de-duplication marks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleViews(models.Model):
    """One row per article so that the article page reads its number in one small query.

    `base` is the historical count an import brings along; `counted` is what this
    site has counted since. Readers see their sum.
    """

    article = models.OneToOneField(
        "articles.ArticlePage",
        verbose_name=_("article"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="view_total",
    )
    base = models.PositiveBigIntegerField(_("historical views"), default=0)
    counted = models.PositiveBigIntegerField(_("counted views"), default=0)

    class Meta:
        verbose_name = _("article views")
        verbose_name_plural = _("article views")

    def __str__(self):
        return f"{self.article_id}: {self.total}"

    @property
    def total(self) -> int:
        return self.base + self.counted


class DailyViews(models.Model):
    """Views of one article on one day of the site's timezone."""

    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField(_("day"))
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="pageviews_daily_unique")]
        indexes = [models.Index(fields=["day", "article"], name="pageviews_daily_day")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"


class ViewMark(models.Model):
    """The last time a visitor's view of an article was counted (database de-duplication).

    The visitor is a keyed hash, never an IP address or a raw cookie value. Times
    are Unix seconds so that the race-free upsert in `store.py` compares plain
    integers on every database.
    """

    visitor = models.CharField(_("visitor"), max_length=32)
    article_id = models.BigIntegerField(_("article"))
    counted_at = models.BigIntegerField(_("counted at"))

    class Meta:
        verbose_name = _("view mark")
        verbose_name_plural = _("view marks")
        constraints = [models.UniqueConstraint(fields=["visitor", "article_id"], name="pageviews_mark_unique")]
        indexes = [models.Index(fields=["counted_at"], name="pageviews_mark_time")]

    def __str__(self):
        return f"{self.visitor} {self.article_id}"


class DeferredView(models.Model):
    """A view taken while Redis was unreachable, to be replayed into Redis when it is back.

    Replaying goes through the same de-duplicating script as a live beacon, so a view
    whose Redis write did happen (only its answer was lost) is not counted twice.
    """

    article_id = models.BigIntegerField(_("article"))
    visitor = models.CharField(_("visitor"), max_length=32)
    day = models.DateField(_("day"))
    seen_at = models.BigIntegerField(_("seen at"))

    class Meta:
        verbose_name = _("deferred view")
        verbose_name_plural = _("deferred views")
        # The shown number counts an article's deferred views until they are replayed.
        indexes = [models.Index(fields=["article_id"], name="pageviews_deferred_article")]

    def __str__(self):
        return f"{self.visitor} {self.article_id} {self.day}"


class FlushedBatch(models.Model):
    """Batches of Redis counts already written, so a flush that crashed half-way is not applied twice."""

    batch = models.CharField(_("batch"), max_length=40, primary_key=True)
    flushed_at = models.DateTimeField(_("flushed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("flushed batch")
        verbose_name_plural = _("flushed batches")

    def __str__(self):
        return self.batch
