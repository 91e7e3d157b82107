from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction

from masthead.core.models import SiteSettings, SubscribeChannel
from masthead.pagecache.middleware import SITE_KEY
from masthead.pagecache.purge import purge


def purge_every_page(**kwargs) -> None:
    """The site's furniture (name, tagline, channels) or who may read a page changed: every page shows it."""
    purge(SITE_KEY)


def purge_for_site_settings(sender, instance, created=False, **kwargs) -> None:
    # The row is created with its defaults by the first page that reads it: nothing shown has changed.
    if not created:
        purge(SITE_KEY)


def register_signal_handlers():
    post_save.connect(purge_for_site_settings, sender=SiteSettings, dispatch_uid="pagecache_site_settings_save")
    post_delete.connect(purge_every_page, sender=SiteSettings, dispatch_uid="pagecache_site_del_SiteSettings")
    for model in (SubscribeChannel, PageViewRestriction):
        post_save.connect(purge_every_page, sender=model, dispatch_uid=f"pagecache_site_save_{model.__name__}")
        post_delete.connect(purge_every_page, sender=model, dispatch_uid=f"pagecache_site_del_{model.__name__}")
