"""The archive calendar: a Monday-first month grid whose days link to their archive pages."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models.functions import TruncDate
from django.utils import formats

from masthead.articles.models import ArticlePage
from masthead.core import times


@dataclass(frozen=True)
class CalendarMonth:
    year: int
    month: int
    weeks: list[list[dict | None]]
    previous: dt.date | None
    next: dt.date | None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @staticmethod
    def weekday_names() -> list[tuple[str, str]]:
        """(short, full) localized weekday names, Monday first."""
        monday = dt.date(2024, 1, 1)
        days = [monday + dt.timedelta(days=i) for i in range(7)]
        return [(formats.date_format(d, "D"), formats.date_format(d, "l")) for d in days]


def days_with_articles(year: int, month: int) -> set[int]:
    start, end = times.month_bounds(year, month)
    stamps = (
        ArticlePage.objects.published()
        .in_edition()
        .published_between(start, end)
        .annotate(day=TruncDate("published_at", tzinfo=times.site_zone()))
        .values_list("day", flat=True)
        .distinct()
    )
    return {day.day for day in stamps}


def neighbour_months(year: int, month: int) -> tuple[dt.date | None, dt.date | None]:
    """The nearest earlier and later months that have articles (in the reader's edition, as every read here)."""
    start, end = times.month_bounds(year, month)
    published = ArticlePage.objects.published().in_edition()
    before = published.filter(published_at__lt=start).order_by("-published_at").values_list("published_at", flat=True).first()
    after = published.filter(published_at__gte=end).order_by("published_at").values_list("published_at", flat=True).first()
    to_month = lambda moment: times.to_site_time(moment).date().replace(day=1) if moment else None  # noqa: E731
    return to_month(before), to_month(after)


def neighbour_days(day: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The nearest earlier and later days that have articles (the archive day's previous/next links)."""
    start, end = times.day_bounds(day)
    published = ArticlePage.objects.published().in_edition()
    before = published.filter(published_at__lt=start).order_by("-published_at").values_list("published_at", flat=True).first()
    after = published.filter(published_at__gte=end).order_by("published_at").values_list("published_at", flat=True).first()
    to_day = lambda moment: times.to_site_time(moment).date() if moment else None  # noqa: E731
    return to_day(before), to_day(after)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the months from `first`'s to `last`'s, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=31)).replace(day=1)
    return months


def build_month(year: int, month: int, selected: int | None = None) -> CalendarMonth:
    linked = days_with_articles(year, month)
    weeks = []
    for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdayscalendar(year, month):
        weeks.append(
            [
                None if day == 0 else {"day": day, "date": dt.date(year, month, day), "linked": day in linked,
                                       "selected": day == selected}
                for day in week
            ]
        )
    previous, following = neighbour_months(year, month)
    return CalendarMonth(year, month, weeks, previous, following)
