"""Pageviews reacts to other apps' events: an imported article brings its old view count."""

from masthead.core.imports import articles_imported


def take_imported_views(sender, items, **kwargs):
    """Historical counts become each article's base (views counted here add to it)."""
    from masthead.articles.models import ArticlePage
    from masthead.pageviews.services import set_base_views

    counted = [item for item in items if item.views is not None and item.views >= 0]
    if not counted:
        return None
    articles = ArticlePage.objects.in_bulk([item.article_id for item in counted])
    for item in counted:
        if item.article_id in articles:
            set_base_views(article=articles[item.article_id], views=item.views)
    return None


def register_signal_handlers():
    articles_imported.connect(take_imported_views, dispatch_uid="pageviews_imported_views")
