"""The search index follows the articles: published, unpublished, deleted, imported in bulk."""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from masthead.articles.models import ArticlePage
from masthead.articles.signals import articles_bulk_saved
from masthead.search import indexing


def article_published(sender, instance, **kwargs):
    """Each publish (a new article or a new revision) rewrites the article's entry."""
    if isinstance(instance, ArticlePage):
        indexing.index_article(instance)


def article_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        indexing.remove_articles([instance.pk])


def article_deleted(sender, instance, **kwargs):
    # The foreign key cascades already; this covers deletes that bypass the collector.
    indexing.remove_articles([instance.pk])


def articles_imported(sender, ids, articles=None, **kwargs):
    """A batch written without page signals; indexed once it is committed (at once outside a transaction),
    from the pages the sender already holds when it passes them."""
    transaction.on_commit(lambda: indexing.index_articles(ids, articles=articles))


def register_signal_handlers():
    page_published.connect(article_published, dispatch_uid="masthead_search_published")
    page_unpublished.connect(article_unpublished, dispatch_uid="masthead_search_unpublished")
    post_delete.connect(article_deleted, sender=ArticlePage, dispatch_uid="masthead_search_deleted")
    articles_bulk_saved.connect(articles_imported, sender=ArticlePage, dispatch_uid="masthead_search_bulk")
