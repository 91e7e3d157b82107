"""Template tags for the archive: the month calendar in the sidebar of reader pages."""

from django import template
from django.template.loader import render_to_string

from masthead.core import times
from masthead.core.fragments import cached_fragment
from masthead.pages.calendar import build_month

register = template.Library()


@register.simple_tag
def archive_calendar(year=None, month=None):
    """The month grid of the archive, rendered once per month, language and content version."""
    if not year or not month:
        today = times.site_today()
        year, month = today.year, today.month
    year, month = int(year), int(month)
    return cached_fragment(
        "calendar",
        lambda: render_to_string("includes/calendar.html", {"calendar": build_month(year, month)}),
        vary_on=[year, month],
    )
