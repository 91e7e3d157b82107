"""The search index: one row per published article, its text already lemmatised.

Our own table rather than Wagtail's search backend, because the words must go
through `masthead.lib.morphology` (every reading of a homonym, names in every
case) and both databases must answer alike. Alongside each row:

- on PostgreSQL, `vector`: a tsvector built in Python from the same lexemes,
  headline weighted A, lead B, body C, adjacent-word pairs D, under a GIN index;
- on SQLite, an FTS5 table `masthead_search_fts` over the text columns, kept in
  step with this table by triggers (both created by migrations on their vendor
  only). Its rowid is `recency`, not the article id: FTS5 keeps its lists in
  rowid order, so "the newest matches" and "published between" are rowid
  ranges it reads directly (see `masthead.search.selectors`).

Rows are written by `masthead.search.indexing` only.
"""

import math

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


# The recency key: the publication second, shifted left this many bits, then the low bits of the article id
# (unique unless two articles a million ids apart share a second; the unique index would refuse it).
RECENCY_SHIFT = 20


def recency_key(moment, article_id: int) -> int:
    """Publication order as one integer: later articles have larger keys."""
    return (math.floor(moment.timestamp()) << RECENCY_SHIFT) | (article_id & ((1 << RECENCY_SHIFT) - 1))


class SearchEntry(models.Model):
    article = models.OneToOneField(
        "articles.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    language = models.CharField(_("language"), max_length=2, db_index=True)
    published_at = models.DateTimeField(_("publication time"), db_index=True)
    recency = models.BigIntegerField(_("recency key"), null=True, unique=True)
    # Lexemes, space-separated: what FTS5 indexes on SQLite (empty on PostgreSQL, where `vector` has them).
    headline = models.TextField(blank=True)
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    pairs = models.TextField(blank=True)
    # The text as readers see it, for the snippet (lead, then body, plain).
    text = models.TextField(blank=True)
    # PostgreSQL only; NULL elsewhere (SQLite accepts the type name and ignores it).
    vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return f"search entry {self.article_id}"
