from wagtail.signals import page_published

from masthead.articles.models import ArticlePage


def recheck_reports(sender, instance, **kwargs):
    """A new revision went live: reports whose fragment left its place are "probably fixed"."""
    from masthead.typos.services import typo_reports_recheck

    typo_reports_recheck(article=instance)


def register_signal_handlers():
    page_published.connect(recheck_reports, sender=ArticlePage, dispatch_uid="typos_recheck_on_publish")
