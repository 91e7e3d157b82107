"""The archive by year, month and day, in the site's timezone; the history of the story of the day."""

import datetime as dt

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse

from masthead.articles import editions, listings, surrogates
from masthead.articles.models import ArticlePage
from masthead.core import surrogate, times
from masthead.pages import calendar, stories

FIRST_YEAR = 1900
LAST_YEAR = 9998


def _date_or_404(year: int, month: int = 1, day: int = 1) -> dt.date:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise Http404("No such date") from None
    if not FIRST_YEAR <= date.year <= LAST_YEAR:  # the day after must exist too
        raise Http404("No such date")
    return date


def archive_index(request):
    today = times.site_today()
    return redirect("pages:archive_month", year=today.year, month=today.month)


def archive_year(request, year):
    surrogate.page(surrogates.year_key(_date_or_404(year)))
    start, end = times.year_bounds(year)
    months = (
        ArticlePage.objects.published()
        .in_edition()
        .published_between(start, end)
        .annotate(month=TruncMonth("published_at", tzinfo=times.site_zone()))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    months = [{"date": row["month"].date() if hasattr(row["month"], "date") else row["month"], "count": row["count"]} for row in months]
    return render(request, "pages/archive_year.html", {"year": year, "months": months})


def archive_month(request, year, month):
    first = _date_or_404(year, month)
    if moved := _unpadded(request, "pages:archive_month", first.year, first.month):
        return moved
    surrogate.page(surrogates.month_key(first))
    page_obj = listings.read_page(request, listings.published_between(*times.month_bounds(year, month)))
    if page_obj.moved_to:
        return redirect(page_obj.moved_to, permanent=True)
    return render(request, "pages/archive_month.html", {"month": first, "page_obj": page_obj})


def archive_day(request, year, month, day):
    date = _date_or_404(year, month, day)
    if moved := _unpadded(request, "pages:archive_day", date.year, date.month, date.day):
        return moved
    previous, following = calendar.neighbour_days(date)
    # The links change when a day between them gains its first article or loses its last: the calendars' key.
    surrogate.page(surrogates.day_key(date), *(
        surrogates.calendar_key(month) for month in calendar.months_between(previous or date, following or times.site_today())))
    page_obj = listings.read_page(request, listings.published_between(*times.day_bounds(date)))
    if page_obj.moved_to:
        return redirect(page_obj.moved_to, permanent=True)
    return render(request, "pages/archive_day.html", {
        "day": date, "page_obj": page_obj, "previous_day": previous, "next_day": following,
        "story": stories.story_on(date, editions.current()),
    })


def _unpadded(request, name: str, *parts: int):
    """A permanent redirect from an address written without zeros (/archive/2026/2/3/) to the canonical one."""
    canonical = reverse(name, args=parts)
    if request.path == canonical:
        return None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(canonical + (f"?{query}" if query else ""))


def stories_of_the_day(request):
    """Each day's story of the day in this edition, newest first (masthead/pages/stories.py)."""
    before = stories.parse_before(request.GET.get("before"))
    days, older = stories.story_days(editions.current(), before)
    if before is not None and not days:
        raise Http404("No such page")
    # A new story is a publish, which purges the home page's key: this page goes with it.
    surrogate.page(surrogates.HOME)
    return render(request, "pages/stories_of_the_day.html", {"days": days, "older": older, "before": before})
