"""Article listings read one page by keyset: the rows older (or newer) than a cursor, never an OFFSET.

Why this design. Measured at 100,000 articles (the bench corpus) for the
biggest rubric (12,660 articles, 633 pages), reading one page's articles with
their authors, rubrics and tags, p50 in ms at the first / middle / last page,
on a shared 2-core machine at load 4 (so compare the columns, not the totals):

    SQLite      Paginator (COUNT + OFFSET)   572 / 627 / 430
                cursor over the join         377 / 258 / 163
                cursor on listed_at           74 /  47 /  40
    PostgreSQL  Paginator (COUNT + OFFSET)   170 / 329 / 358
                cursor over the join          29 /  24 /  29
                cursor on listed_at           18 /  24 /  22

For a small tag (761 articles) the cursor over the join was 67 / 38 / 24 ms on
SQLite and 87 / 38 / 18 on PostgreSQL, against 71 / 36 / 17 and 27 / 24 / 16 on
listed_at. What is left in the listed_at figures is loading the 20 articles
with their relations, which every design pays; so the teaser list is also a
fragment cached under the page's ids and the content version
(ListingPage.object_list). The whole page then renders in 5-15 ms p50 on
both databases at any depth (`make bench`, load 2-5). In short:

- Django's Paginator over `published().in_rubric(r).order_by("-published_at")`
  counts the rubric, then joins every one of its rows to the pages and sorts
  them before the LIMIT; the cost grows with the rubric and with the page number.
- A cursor alone does not fix it: the order lives on ArticlePage while the
  filter lives on the rubric row, so the database still joins and sorts the
  rubric (or walks every article by date probing the rubric, which is slow for a
  small tag). So the author, rubric and tag rows carry `listed_at`, the
  article's publication time while it is live (null otherwise), kept current by
  ArticlePage.save and the unpublish signal, and an index on
  (owner, listed_at desc, page desc). A page is then a range read of 21 index
  entries from the cursor, whatever its depth, plus the 20 articles by key.
- The archive and the article index filter on ArticlePage itself, so an index
  on its published_at gives the same range read without a copy.
- Each language edition lists its own articles and the cross-posted ones
  (masthead/articles/editions.py). The rows and the article carry one flag per
  edition, and the indexes lead with it: (owner, edition_en, listed_at desc,
  page desc) and (edition_en, published_at desc, page desc). An edition's page
  is still one range of 21 entries; a filter on `language OR cross_posted`
  would walk the whole rubric for the smaller edition.
- No total: "Page N of M" would cost a COUNT of the rubric on every view and
  N is meaningless once articles are added above the cursor, so the nav says
  Newer / Older. An old `?page=N` address redirects (301) to its cursor, found
  by walking the same index, so only for N <= MAX_LEGACY_PAGE; deeper is 404.

A cursor is `<UTC time, ISO 8601, microseconds>Z.<article id>`; anything else is 404.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from masthead.articles import editions
from masthead.articles.models import ArticleAuthor, ArticlePage, ArticleRubric, ArticleTag, Author, Rubric

MAX_LEGACY_PAGE = 1000
MAX_ID = 2**31 - 1  # PostgreSQL's integer: larger ids would be an error there, not an empty page
CURSOR = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?Z\.([0-9]{1,10})")
PAGE_NUMBER = re.compile(r"[0-9]{1,6}")


@dataclass(frozen=True)
class Cursor:
    """A position in a listing: the (time, id) of the row a page starts after."""

    moment: dt.datetime
    pk: int

    @classmethod
    def parse(cls, raw: str) -> "Cursor":
        match = CURSOR.fullmatch(raw)
        if not match:
            raise Http404("No such page")
        *parts, fraction, pk = match.groups()
        try:
            moment = dt.datetime(*map(int, parts), int((fraction or "0").ljust(6, "0")), tzinfo=dt.UTC)
        except ValueError:
            raise Http404("No such page") from None
        if not 0 < int(pk) <= MAX_ID:
            raise Http404("No such page")
        return cls(moment, int(pk))

    def __str__(self) -> str:
        return f"{self.moment.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S.%f}Z.{self.pk}"


@dataclass(frozen=True)
class Listing:
    """The keys of one listing: rows of `keys` ordered by (time_field, id_field), newest first."""

    keys: QuerySet
    time_field: str
    id_field: str

    def visible(self) -> QuerySet:
        return self.keys.filter(**{f"{self.time_field}__lte": timezone.now()})

    def newest_first(self) -> QuerySet:
        return self.visible().order_by(f"-{self.time_field}", f"-{self.id_field}").values_list(self.time_field, self.id_field)

    def older_than(self, cursor: Cursor) -> QuerySet:
        time, pk = self.time_field, self.id_field
        # The plain bound lets the index range start at the cursor; the OR breaks ties on time by id.
        return self.newest_first().filter(
            Q(**{f"{time}__lt": cursor.moment}) | Q(**{time: cursor.moment, f"{pk}__lt": cursor.pk}),
            **{f"{time}__lte": cursor.moment},
        )

    def newer_than(self, cursor: Cursor) -> QuerySet:
        time, pk = self.time_field, self.id_field
        return (
            self.visible()
            .filter(Q(**{f"{time}__gt": cursor.moment}) | Q(**{time: cursor.moment, f"{pk}__gt": cursor.pk}), **{f"{time}__gte": cursor.moment})
            .order_by(time, pk)
            .values_list(time, pk)
        )


def in_rubric(rubric: Rubric, edition: str | None = None) -> Listing:
    """The rubric's articles in `edition` (default: the reader's), as every listing below."""
    return Listing(ArticleRubric.objects.filter(rubric=rubric, **{editions.field(edition): True}), "listed_at", "page_id")


def by_author(author: Author, edition: str | None = None) -> Listing:
    return Listing(ArticleAuthor.objects.filter(author=author, **{editions.field(edition): True}), "listed_at", "page_id")


def tagged(tag, edition: str | None = None) -> Listing:
    return Listing(ArticleTag.objects.filter(tag=tag, **{editions.field(edition): True}), "listed_at", "content_object_id")


def published_between(start: dt.datetime | None = None, end: dt.datetime | None = None, edition: str | None = None) -> Listing:
    """The archive's days and months, and with no bounds every article (the article index)."""
    articles = ArticlePage.objects.live().in_edition(edition)
    if start is not None:
        articles = articles.filter(published_at__gte=start, published_at__lt=end)
    return Listing(articles, "published_at", "pk")


@dataclass
class ListingPage:
    """One page of a listing, as the templates read it; `moved_to` is set for an old `?page=N`.

    The articles are loaded only when the template asks for them: the teaser list
    is a fragment cached under the page's article ids and the content version
    (includes/article_list.html), and a hit needs no article at all.
    """

    keys: list[int] = field(default_factory=list)
    newer_url: str = ""
    older_url: str = ""
    moved_to: str = ""

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer_url or self.older_url)

    @property
    def fragment_key(self) -> str:
        return ",".join(map(str, self.keys))

    @cached_property
    def object_list(self) -> list[ArticlePage]:
        articles = {a.pk: a for a in ArticlePage.objects.published().filter(pk__in=self.keys).for_listing()}
        return [articles[pk] for pk in self.keys if pk in articles]


def read_page(request, listing: Listing, per_page: int | None = None) -> ListingPage:
    """The page the request asks for (`?before=`, `?after=`, old `?page=`); 404 for anything malformed or empty."""
    per_page = per_page or settings.ARTICLES_PER_PAGE
    asked = [name for name in ("before", "after", "page") if name in request.GET]
    if len(asked) > 1 or any(len(request.GET.getlist(name)) > 1 for name in asked):
        raise Http404("No such page")
    if not asked:
        return _page(request, list(listing.newest_first()[: per_page + 1]), per_page, first=True)
    raw = request.GET[asked[0]]
    if asked[0] == "page":
        return ListingPage(moved_to=_legacy_address(request, listing, raw, per_page))
    cursor = Cursor.parse(raw)
    if asked[0] == "before":
        keys = list(listing.older_than(cursor)[: per_page + 1])
        if not keys:
            raise Http404("No such page")
        return _page(request, keys, per_page, first=False)
    newer = list(listing.newer_than(cursor)[: per_page + 1])
    if len(newer) <= per_page:  # the newest rows: that is the first page, filled to its usual length
        return _page(request, list(listing.newest_first()[: per_page + 1]), per_page, first=True)
    keys = newer[:per_page][::-1]
    return _page(request, [*keys, (cursor.moment, cursor.pk)], per_page, first=False)


def _page(request, keys: list, per_page: int, *, first: bool) -> ListingPage:
    """The page of `keys` (one extra key tells whether an older page exists), linked to its neighbours."""
    shown = keys[:per_page]
    page = ListingPage([pk for _, pk in shown])
    if shown and not first:
        page.newer_url = f"{request.path}?{urlencode({'after': str(Cursor(*shown[0]))})}"
    if len(keys) > per_page:
        page.older_url = f"{request.path}?{urlencode({'before': str(Cursor(*shown[-1]))})}"
    return page


def _legacy_address(request, listing: Listing, raw: str, per_page: int) -> str:
    """Where an old `?page=N` now lives: its cursor, found by a bounded walk of the index."""
    if not PAGE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= MAX_LEGACY_PAGE:
        raise Http404("No such page")
    number = int(raw)
    if number == 1:
        return request.path
    last_of_previous = (number - 1) * per_page - 1
    key = next(iter(listing.newest_first()[last_of_previous : last_of_previous + 1]), None)
    if key is None or not listing.older_than(Cursor(*key)).exists():
        raise Http404("No such page")
    return f"{request.path}?{urlencode({'before': str(Cursor(*key))})}"
