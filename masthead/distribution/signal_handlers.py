from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from masthead.articles.models import ArticlePage


def enqueue_telegram_post(sender, instance, revision=None, **kwargs):
    """The article's publish writes its outbox row; the periodic job sends it (services, telegram.py)."""
    from masthead.distribution.services import telegram_post_enqueue

    # Wagtail sets both times to the same "now" on the first publish only.
    first = instance.first_published_at is not None and instance.first_published_at == instance.last_published_at
    telegram_post_enqueue(article=instance, revision_id=revision.pk if revision else 0, first_publish=first)


def purge_feeds(**kwargs):
    """robots.txt, the sitemaps and the feeds are shared pages under the `feeds` surrogate key."""
    from masthead.articles.surrogates import FEEDS
    from masthead.pagecache.purge import purge

    purge(FEEDS)


def register_signal_handlers():
    from masthead.core.freshness import bump_content_version
    from masthead.distribution.models import DistributionSettings

    # robots.txt and the news sitemap are cached under the content version, like the site's furniture.
    post_save.connect(bump_content_version, sender=DistributionSettings, dispatch_uid="distribution_settings_fresh")
    post_delete.connect(bump_content_version, sender=DistributionSettings, dispatch_uid="distribution_settings_del")
    post_save.connect(purge_feeds, sender=DistributionSettings, dispatch_uid="distribution_settings_purge")
    post_delete.connect(purge_feeds, sender=DistributionSettings, dispatch_uid="distribution_settings_purge_del")
    page_published.connect(enqueue_telegram_post, sender=ArticlePage, dispatch_uid="distribution_telegram_outbox")
