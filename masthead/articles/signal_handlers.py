from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from masthead.articles.models import ArticlePage, Author, Rubric
from masthead.core.freshness import bump_content_version


def register_signal_handlers():
    page_published.connect(bump_content_version, dispatch_uid="masthead_published_fresh")
    page_unpublished.connect(bump_content_version, dispatch_uid="masthead_unpublished_fresh")
    for model in (Author, Rubric, ArticlePage):
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"masthead_fresh_save_{model.__name__}")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"masthead_fresh_del_{model.__name__}")
