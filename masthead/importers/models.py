"""What the importer remembers: which source item became which article, and which
old comment became which comment."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """One source item (a WXR post, a saved page, a text capture) and its article.

    The unique `source_key` is what makes a re-import an update and two imports
    racing over the same file safe: the second insert fails and becomes an update.
    """

    source_key = models.CharField(_("source key"), max_length=255, unique=True)
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("article"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source file"), max_length=500, blank=True)
    old_url = models.CharField(_("old URL"), max_length=1000, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    views = models.PositiveBigIntegerField(_("imported view count"), null=True, blank=True)
    attachments = models.JSONField(_("attachment URLs"), default=list, blank=True)
    flags = models.JSONField(_("flags for the editor"), default=list, blank=True)
    # The article's latest revision as the import left it: another one means an editor
    # has changed the article since, and the next import keeps their work.
    revision_id = models.PositiveBigIntegerField(_("revision written by the import"), null=True, blank=True)
    imported_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")

    def __str__(self):
        return self.source_key


class ImportedComment(models.Model):
    """A comment from a WordPress export, as the export gave it, and the comment it became.

    The comments app makes the comment readers see (core.imports); this row
    remembers its id, so the next import of the same file adds only new ones.
    Without the comments app the comments wait here (nothing here is shown).
    """

    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    source_id = models.CharField(_("source comment id"), max_length=50)
    parent_source_id = models.CharField(_("source id of the parent comment"), max_length=50, blank=True)
    author_name = models.CharField(_("author name"), max_length=200, blank=True)
    author_email = models.CharField(_("author e-mail"), max_length=254, blank=True)
    author_url = models.CharField(_("author URL"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("written at"), null=True, blank=True)
    text = models.TextField(_("text"))
    approved = models.BooleanField(_("approved on the old site"), default=True)
    transferred = models.BooleanField(_("transferred to the comments app"), default=False)
    comment_id = models.PositiveBigIntegerField(_("comment it became"), null=True, blank=True)

    class Meta:
        ordering = ["article", "created_at", "pk"]
        verbose_name = _("imported comment")
        verbose_name_plural = _("imported comments")
        constraints = [
            models.UniqueConstraint(fields=["article", "source_id"], name="unique_imported_comment"),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.text[:40]}"
