from django.db import models
from django.utils.translation import gettext_lazy as _


class Purge(models.Model):
    """One purge: the surrogate keys an edit made stale, for every app process to read.

    Without Redis each process keeps its own page cache, so a purge cannot just
    delete shared entries: it is written here, and each process reads the purges
    it has not seen at most every PAGE_CACHE_POLL seconds (`masthead.pagecache.store`).
    Rows older than a day are pruned as new ones are written.
    """

    keys = models.TextField(_("surrogate keys"))
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("page cache purge")
        verbose_name_plural = _("page cache purges")

    def __str__(self):
        return self.keys
