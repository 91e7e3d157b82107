"""The editors' schedule of the story of the day: a week back and four weeks ahead, each day per edition.

Editors set a coming date on an article (its "story of the day" field) to make it
that day's story; the home page switches at midnight, site time. This page shows
what is set, including drafts and articles scheduled to go live, so a gap or a
clash is seen before the day comes. Read-only: the article's own form is where
the date is set (and where one story per day and edition is enforced).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from masthead.articles import editions
from masthead.articles.models import ArticlePage
from masthead.core import times

DAYS_BACK = 7
DAYS_AHEAD = 28


@dataclass
class ScheduleDay:
    day: dt.date
    by_edition: dict[str, list[ArticlePage]] = field(default_factory=dict)


def schedule(today: dt.date | None = None) -> list[ScheduleDay]:
    """Each day from a week ago to four weeks ahead, with the articles dated for it in each edition, in one query."""
    today = today or times.site_today()
    first, last = today - dt.timedelta(days=DAYS_BACK), today + dt.timedelta(days=DAYS_AHEAD)
    days = {first + dt.timedelta(days=n): ScheduleDay(first + dt.timedelta(days=n)) for n in range((last - first).days + 1)}
    for day in days.values():
        day.by_edition = {edition: [] for edition in editions.EDITIONS}
    articles = (
        ArticlePage.objects.filter(story_of_the_day__range=(first, last))
        .only("title", "language", "live", "go_live_at", "story_of_the_day", "edition_ru", "edition_en", "path", "depth")
        .order_by("story_of_the_day", "-published_at", "pk")
    )
    for article in articles:
        for edition in editions.EDITIONS:
            if getattr(article, editions.field(edition)):
                days[article.story_of_the_day].by_edition[edition].append(article)
    return list(days.values())


class StoryScheduleView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "articles/admin/story_schedule.html"
    header_icon = "date"
    page_title = _("Stories of the day")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("articles_story_schedule"), "label": _("Stories of the day")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(days=schedule(), today=times.site_today(), editions=editions.EDITIONS)
        return context
