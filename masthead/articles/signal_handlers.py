import secrets

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.articles import surrogates
from masthead.articles.models import ArticlePage, Author, Rubric
from masthead.core.freshness import bump_content_version
from masthead.pagecache.middleware import SITE_KEY
from masthead.pagecache.purge import purge


def give_tag_a_slug(sender, instance, **kwargs):
    """A tag of emoji or punctuation transliterates to nothing; it still needs an address."""
    if not instance.slug:
        instance.slug = instance.slugify(instance.name) or f"tag-{secrets.token_hex(4)}"


def purge_pages_of(sender, instance, **kwargs):
    """An article was published, unpublished, moved or is being deleted: purge exactly the pages it is on.

    Another kind of page (the home page's own settings, the article index) is in
    every page's furniture or routing, so its change purges them all.
    """
    page = instance.specific  # the instance itself when it is already specific
    if isinstance(page, ArticlePage):
        purge(*surrogates.keys_for_article(page))
    else:
        purge(SITE_KEY)


def purge_named(sender, instance, **kwargs):
    """A rubric, author or tag was renamed or removed: the pages naming it, and the menu for a rubric."""
    key = surrogates.tag_key(instance) if isinstance(instance, Tag) else instance.surrogate_key
    purge(key, surrogates.listing_of(key), surrogates.MENU if isinstance(instance, Rubric) else "")


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
    page_published.connect(purge_pages_of, dispatch_uid="pagecache_published")
    page_unpublished.connect(purge_pages_of, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(purge_pages_of, dispatch_uid="pagecache_moved")
    # Before the delete: afterwards its rubrics, authors and tags are gone with it.
    pre_delete.connect(purge_pages_of, sender=ArticlePage, dispatch_uid="pagecache_deleted")
    for model in (Author, Rubric, Tag):
        post_save.connect(purge_named, sender=model, dispatch_uid=f"pagecache_named_save_{model.__name__}")
        post_delete.connect(purge_named, sender=model, dispatch_uid=f"pagecache_named_del_{model.__name__}")
