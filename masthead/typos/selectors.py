"""Reads the typo endpoints and pages share."""

from wagtail.models import PageLogEntry, Revision

from masthead.articles.models import ArticlePage
from masthead.typos.models import Correction, TypoReport


def reportable_article(article_id: int) -> ArticlePage | None:
    """A published article readers can see, or None (unknown, draft, future-dated)."""
    return ArticlePage.objects.published().filter(pk=article_id).first()


def seen_revision(article: ArticlePage, revision_id: int) -> Revision | None:
    """The article's revision a reader could have seen: the live one or one published earlier."""
    if revision_id == article.live_revision_id:
        return article.live_revision
    was_published = PageLogEntry.objects.filter(
        page_id=article.pk, action="wagtail.publish", revision_id=revision_id
    ).exists()
    return article.revisions.filter(pk=revision_id).first() if was_published else None


def open_report_count() -> int:
    """The number on the admin menu badge: open reports whose fragment was found."""
    return TypoReport.objects.open().relayable().count()


def article_corrections(article: ArticlePage):
    return Correction.objects.filter(article=article).order_by("published_at", "pk")


def public_corrections():
    """The corrections log: corrections of articles readers can still see, newest first."""
    return (
        Correction.objects.filter(article__in=ArticlePage.objects.published().values("pk"))
        .select_related("article")
        .order_by("-published_at", "-pk")
    )

