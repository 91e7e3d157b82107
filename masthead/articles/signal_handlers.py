import secrets

from django.db.models.signals import post_delete, post_save, pre_save
from taggit.models import Tag
from wagtail.signals import page_published, page_unpublished

from masthead.articles.models import ArticlePage, Author, Rubric
from masthead.core.freshness import bump_content_version


def give_tag_a_slug(sender, instance, **kwargs):
    """A tag of emoji or punctuation transliterates to nothing; it still needs an address."""
    if not instance.slug:
        instance.slug = instance.slugify(instance.name) or f"tag-{secrets.token_hex(4)}"


def unlist_unpublished(sender, instance, **kwargs):
    """Unpublishing may save a plain Page (scheduled expiry does), bypassing ArticlePage.save."""
    if isinstance(instance, ArticlePage):
        instance.sync_listed_at()


def register_signal_handlers():
    pre_save.connect(give_tag_a_slug, sender=Tag, dispatch_uid="masthead_tag_slug")
    page_published.connect(bump_content_version, dispatch_uid="masthead_published_fresh")
    page_unpublished.connect(bump_content_version, dispatch_uid="masthead_unpublished_fresh")
    page_unpublished.connect(unlist_unpublished, dispatch_uid="masthead_unpublished_unlisted")
    # Not post_save of ArticlePage: every draft save and autosave would empty the caches.
    post_delete.connect(bump_content_version, sender=ArticlePage, dispatch_uid="masthead_fresh_del_ArticlePage")
    for model in (Author, Rubric):
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"masthead_fresh_save_{model.__name__}")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"masthead_fresh_del_{model.__name__}")
