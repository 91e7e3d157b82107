"""Template tags for the archive: the month calendar in the sidebar of reader pages."""

import datetime as dt

from django import template
from django.template.loader import render_to_string

from masthead.articles import surrogates
from masthead.core import surrogate, times
from masthead.core.fragments import cached_fragment
from masthead.pages.calendar import build_month

register = template.Library()


@register.simple_tag
def archive_calendar(year=None, month=None, day=None):
    """The month grid of the archive, rendered once per month (and marked day), language and content version."""
    if not year or not month:
        today = times.site_today()
        year, month = today.year, today.month
    year, month, day = int(year), int(month), int(day) if day else None

    def render():
        # Purged when a day of the grid gains its first article or loses its last.
        surrogate.shows(surrogates.calendar_key(dt.date(year, month, 1)))
        return render_to_string("includes/calendar.html", {"calendar": build_month(year, month, selected=day)})

    return cached_fragment("calendar", render, vary_on=[year, month, day or 0])
