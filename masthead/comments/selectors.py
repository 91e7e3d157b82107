"""Reads of comments, defined once: the thread under an article, a reader's own comments."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch

from masthead.comments.models import Block, Comment


@dataclass
class Thread:
    count: int
    order: str  # "old" or "new"
    page: Page
    top: list[Comment] = field(default_factory=list)


def thread_for(article, *, user=None, order: str = "old", page_number=1) -> Thread:
    """Top-level comments of one page, each with its replies: a fixed number of queries."""
    order = "new" if order == "new" else "old"
    visible = Comment.objects.visible_to(user).select_related("author__reader_profile")
    count = Comment.objects.public().filter(article=article).count()
    top = visible.filter(article=article, parent__isnull=True).order_by(
        *(("-created_at", "-pk") if order == "new" else ("created_at", "pk"))
    )
    top = top.prefetch_related(Prefetch("replies", queryset=visible.order_by("created_at", "pk"), to_attr="visible_replies"))
    paginator = Paginator(top, settings.COMMENTS_PER_PAGE)
    page = paginator.get_page(page_number)
    return Thread(count=count, order=order, page=page, top=list(page.object_list))


def comments_of(user):
    return (
        Comment.objects.filter(author=user)
        .exclude(status=Comment.Status.DELETED)
        .select_related("article")
        .prefetch_related("decisions__rule", "appeals")
        .order_by("-created_at")
    )


def blocks_of(user):
    return Block.objects.filter(user=user).prefetch_related("appeals").order_by("-created_at")
