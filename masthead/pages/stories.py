"""The history of the story of the day: each day's story in an edition, newest first, a page of days at a time.

The story of a day is the article flagged with that date (`ArticlePage.story_of_the_day`,
one per day and edition as the editor's form checks; an imported archive may hold two,
and then the later published wins, as on the home page). Days are read as a range of
the flag's index from a cursor (`?before=YYYY-MM-DD`), like the listings, never by
OFFSET; a date ahead of today is not shown until its day comes.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.http import Http404

from masthead.articles.models import ArticlePage
from masthead.core import times

PER_PAGE = 20
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class StoryDay:
    day: dt.date
    article: ArticlePage


def parse_before(raw: str | None) -> dt.date | None:
    """The cursor of a later page; anything but a real date is 404."""
    if raw is None:
        return None
    if not DATE.fullmatch(raw):
        raise Http404("No such page")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise Http404("No such page") from None


def story_days(edition: str, before: dt.date | None = None) -> tuple[list[StoryDay], dt.date | None]:
    """(this page's days with their stories, the cursor of the next page or None), in two queries."""
    per_page = PER_PAGE
    last = times.site_today() if before is None else min(before - dt.timedelta(days=1), times.site_today())
    published = ArticlePage.objects.published().in_edition(edition)
    days = list(
        published.filter(story_of_the_day__lte=last)
        .order_by("-story_of_the_day").values_list("story_of_the_day", flat=True).distinct()[: per_page + 1]
    )
    more, days = len(days) > per_page, days[:per_page]
    if not days:
        return [], None
    chosen: dict[dt.date, ArticlePage] = {}
    for article in published.filter(story_of_the_day__in=days).for_listing().order_by("-story_of_the_day", "-published_at", "-pk"):
        chosen.setdefault(article.story_of_the_day, article)
    return [StoryDay(day, chosen[day]) for day in days if day in chosen], (days[-1] if more else None)


def story_on(day: dt.date, edition: str) -> ArticlePage | None:
    """The story of exactly this day in the edition (the archive day shows it first)."""
    return (
        ArticlePage.objects.published().in_edition(edition).filter(story_of_the_day=day)
        .order_by("-published_at", "-pk").only("title", "url_path", "path", "depth", "language").first()
    )
