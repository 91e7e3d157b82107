"""Reads of comments, defined once: the thread under an article, a reader's own comments.

Guests all see the same thread, so theirs is cached per article, order and page
(`masthead.core.cache.cached`) in the article's scope, which every change to
the article's comments bumps (`bump_thread`); the policy setting has a scope of
its own (`bump_policy`).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q

from masthead.comments.models import Block, Comment, CommentPolicySettings
from masthead.core.cache import bump_scope, bump_scopes, cached
from masthead.pagecache.middleware import SITE_KEY
from masthead.pagecache.purge import purge

THREAD_CACHE_SECONDS = 24 * 3600
MAX_PAGE = 10_000


@dataclass(frozen=True)
class PageInfo:
    """What the pagination links need, without the queryset (so a thread can be cached)."""

    number: int
    num_pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@dataclass
class Thread:
    count: int
    order: str  # "old" or "new"
    page: PageInfo
    top: list[Comment] = field(default_factory=list)


@dataclass
class Policy:
    policy_ru: str
    policy_en: str
    guests_may_comment: bool

    def text(self, language: str | None = None) -> str:
        return CommentPolicySettings(policy_ru=self.policy_ru, policy_en=self.policy_en).policy(language)


def thread_scope(article_id: int) -> str:
    return f"comments:thread:{article_id}"


POLICY_SCOPE = "comments:policy"


def bump_thread(article_id: int) -> None:
    """Guests see the article's thread anew: a comment was added, moderated or removed."""
    bump_scope(thread_scope(article_id))
    purge(f"p{article_id}")  # the article page's cached copies (ArticlePage.own_page_key)


def bump_threads(article_ids) -> None:
    """`bump_thread` for many articles at once (an imported batch): one cache round trip, one purge."""
    article_ids = sorted(set(article_ids))
    bump_scopes([thread_scope(article_id) for article_id in article_ids])
    purge(*[f"p{article_id}" for article_id in article_ids])


def bump_policy() -> None:
    bump_scope(POLICY_SCOPE)
    purge(SITE_KEY)  # the policy and whether guests may comment stand under every article


def page_number(value) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def policy_for(request) -> Policy:
    """The site's comment policy, cached until the setting is saved again."""
    from wagtail.models import Site

    site = Site.find_for_request(request)  # memoised on the request

    def load() -> Policy:
        setting = CommentPolicySettings.for_request(request)
        return Policy(setting.policy_ru, setting.policy_en, setting.guests_may_comment)

    return cached(f"comments:policy:{getattr(site, 'pk', 0)}", load, timeout=THREAD_CACHE_SECONDS, scope=POLICY_SCOPE)


def public_thread(article, *, order: str = "old", page_number_value=1) -> Thread:
    """The thread as guests see it, from the cache when nothing changed since it was built."""
    order = "new" if order == "new" else "old"
    number = page_number(page_number_value)
    return cached(
        f"comments:thread:{article.pk}:{order}:{number}",
        lambda: thread_for(article, order=order, page_number=number),
        timeout=THREAD_CACHE_SECONDS,
        scope=thread_scope(article.pk),
    )


def thread_for(article, *, user=None, order: str = "old", page_number=1) -> Thread:
    """Top-level comments of one page, each with its replies: a fixed number of queries."""
    order = "new" if order == "new" else "old"
    visible = Comment.objects.visible_to(user).select_related("author__reader_profile")
    # Replies under a deleted or removed comment are not shown, so they are not counted.
    count = (
        Comment.objects.public()
        .filter(article=article)
        .filter(Q(parent__isnull=True) | Q(parent__status=Comment.Status.PUBLISHED))
        .count()
    )
    if count == 0 and (user is None or not user.is_authenticated):
        # Most articles have no comments: one query says so, the page needs no more.
        return Thread(count=0, order=order, page=PageInfo(1, 1), top=[])
    top = visible.filter(article=article, parent__isnull=True).order_by(
        *(("-created_at", "-pk") if order == "new" else ("created_at", "pk"))
    )
    top = top.prefetch_related(Prefetch("replies", queryset=visible.order_by("created_at", "pk"), to_attr="visible_replies"))
    paginator = Paginator(top, settings.COMMENTS_PER_PAGE)
    page = paginator.get_page(page_number)
    return Thread(count=count, order=order, page=PageInfo(page.number, paginator.num_pages), top=list(page.object_list))


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


def awaiting_moderation_count() -> int:
    """Comments held for a moderator: the number the admin menu shows beside "Comments"."""
    return Comment.objects.filter(status=Comment.Status.HELD).count()
