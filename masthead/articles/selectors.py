"""Reads shared by every listing: rubric, author, tag, archive, home, feeds."""

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404

MAX_PAGE_NUMBER = 100_000


def paginate(request, queryset, per_page: int | None = None):
    """The requested page of `queryset`; 404 for a page number that is malformed or out of range."""
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6) or not 1 <= int(raw) <= MAX_PAGE_NUMBER:
        raise Http404("No such page")
    paginator = Paginator(queryset, per_page or settings.ARTICLES_PER_PAGE)
    try:
        return paginator.page(int(raw))
    except EmptyPage:
        raise Http404("No such page") from None
