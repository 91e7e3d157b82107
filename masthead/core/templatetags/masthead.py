"""Template tags the reader site shares: times, language switch, furniture blocks."""

import json

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils import translation
from django.utils.html import json_script

from masthead.core import times
from masthead.core.freshness import content_version

register = template.Library()


@register.filter
def site_stamp(moment):
    """"02.03.2022 23:57 (Moscow time)" in the reader's language."""
    return times.format_timestamp(moment) if moment else ""


@register.filter
def site_time(moment):
    return times.to_site_time(moment) if moment else None


@register.simple_tag
def dateline(article):
    return article.dateline_text()


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name, url, is_current) for the language switch: this page in each language."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            label = str(name)
        links.append((code, label, translate_url(path, code), code == current))
    return links


@register.simple_tag
def name_in(obj, language=None):
    return obj.display_name(language)


@register.inclusion_tag("includes/sections_nav.html", takes_context=True)
def sections_nav(context):
    from masthead.articles.models import Rubric

    language = translation.get_language()
    key = f"nav:{language}:{content_version()}"
    items = cache.get(key)
    if items is None:
        items = [
            (rubric.display_name(language), rubric.get_absolute_url())
            for rubric in Rubric.objects.filter(kind=Rubric.Kind.SECTION)
        ]
        cache.set(key, items, 600)
    return {"items": items, "request": context.get("request")}


@register.inclusion_tag("includes/calendar.html")
def archive_calendar(year=None, month=None):
    from masthead.pages.calendar import build_month

    if not year or not month:
        today = times.site_today()
        year, month = today.year, today.month
    language = translation.get_language()
    key = f"calendar:{year}-{month}:{language}:{content_version()}"
    data = cache.get(key)
    if data is None:
        data = build_month(int(year), int(month))
        cache.set(key, data, 600)
    return {"calendar": data}


@register.simple_tag
def json_ld(data):
    """A JSON-LD script element; json_script escapes <, > and & so no text can close it."""
    return json_script(data, None).replace('type="application/json"', 'type="application/ld+json"', 1)
