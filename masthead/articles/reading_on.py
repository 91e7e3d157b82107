"""What a reader may read next under an article: related stories and more from its rubric.

"Related" are the stories sharing a tag with the article (a story's tag is the
thread of its coverage), newest first. "More in the rubric" are the newest in
its section (its first rubric) that "Related" does not already show. Never the article
itself, only published stories. Both read the listing rows (`listed_at`, the
keyset index of masthead/articles/listings.py): a page of ids from an index,
then the teasers in one listing query, whatever the size of the rubric. Like
every listing, they offer only what the reader's edition lists
(masthead/articles/editions.py); the fragment is kept per language.
"""

from masthead.articles import editions
from masthead.articles.models import ArticlePage, ArticleRubric, ArticleTag

RELATED = 4
MORE_IN_RUBRIC = 5


def _newest_ids(rows, page_field: str, exclude: set[int], limit: int) -> list[int]:
    """Distinct page ids of listing rows (live ones only), newest first, at most `limit`, skipping `exclude`."""
    ids: list[int] = []
    newest = rows.filter(listed_at__isnull=False, **{editions.field(): True}).order_by("-listed_at", f"-{page_field}")
    for page_id in newest.values_list(page_field, flat=True)[: limit * 4 + len(exclude)]:
        if page_id not in exclude and page_id not in ids:
            ids.append(page_id)
            if len(ids) == limit:
                break
    return ids


def reading_on(article: ArticlePage) -> dict:
    """{"related": [...], "more_in_rubric": [...], "rubric": the section or None}, in at most three queries.

    However many tags and rubrics the article has: one query of listing rows for
    its tags, one for its section, one for the headlines (no relations: the block
    shows headlines and times), so the article page's first view grows by a fixed
    number of queries and its warm view (the block is a cached fragment) by none.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    rubrics = [link.rubric for link in article.article_rubrics.all()]
    section = rubrics[0] if rubrics else None
    related = _newest_ids(ArticleTag.objects.filter(tag_id__in=tag_ids), "content_object", {article.pk}, RELATED) if tag_ids else []
    more = _newest_ids(ArticleRubric.objects.filter(rubric=section), "page", {article.pk, *related}, MORE_IN_RUBRIC) if section else []
    found = {}
    if related or more:
        found = {a.pk: a for a in ArticlePage.objects.published().filter(pk__in=related + more).defer("body")}
    return {
        "related": [found[pk] for pk in related if pk in found],
        "more_in_rubric": [found[pk] for pk in more if pk in found],
        "rubric": section,
    }
