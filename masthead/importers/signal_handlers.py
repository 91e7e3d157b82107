"""The importer reacts to a page going live: an imported article that was scheduled gets the
redirect from its old address only now, so the old link never leads to a page not yet public."""

from wagtail.signals import page_published


def redirect_when_live(sender, instance, **kwargs):
    from masthead.importers.models import ImportRecord
    from masthead.importers.services import keep_old_url

    old_url = ImportRecord.objects.filter(article_id=instance.pk).exclude(old_url="").values_list("old_url", flat=True).first()
    if old_url:
        keep_old_url(old_url, instance)


def register_signal_handlers():
    from masthead.articles.models import ArticlePage

    page_published.connect(redirect_when_live, sender=ArticlePage, dispatch_uid="importers_redirect_when_live")
