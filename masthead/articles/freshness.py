"""Articles dated in the future become visible by themselves, so something must say when.

Publishing raises the content version (`masthead.core.freshness`) at once, but
an article published now and dated an hour ahead is hidden by every listing
until its time: no editor acts when that time comes, so the `refresh_content`
periodic command asks here and raises the version for it, and purges the
cached pages those articles now appear on.
"""

from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.articles.surrogates import keys_for_article
from masthead.core.freshness import bump_content_version
from masthead.core.models import ContentVersion
from masthead.pagecache.purge import purge


def bump_for_articles_come_due() -> bool:
    """Raise the content version when an article dated in the future has reached its time."""
    now = timezone.now()
    row = ContentVersion.objects.filter(pk=1).first()
    since = row.checked_at if row and row.checked_at else now
    due = list(ArticlePage.objects.live().filter(published_at__gt=since, published_at__lte=now))
    if due:
        bump_content_version()
        # The pages they join (listings, home, archive day) were cached without them.
        purge(*set().union(*(keys_for_article(article) for article in due)))
    # Moved on only now: a job killed before the bump finds the articles due again on its retry
    # (a second bump or purge costs a cache refill; a lost one left them off cached pages).
    ContentVersion.objects.filter(pk=1).update(checked_at=now)
    return bool(due)
