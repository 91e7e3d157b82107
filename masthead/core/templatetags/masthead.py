"""Template tags the reader site shares: times, language switch, furniture blocks."""

import json

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils import translation
from django.template.loader import render_to_string
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag
def sections_nav():
    """The sections menu, rendered once per language and content version."""
    from masthead.articles.models import Rubric

    def render():
        items = [(r.display_name(), r.get_absolute_url()) for r in Rubric.objects.filter(kind=Rubric.Kind.SECTION)]
        return render_to_string("includes/sections_nav.html", {"items": items})

    return cached_fragment("nav", render)


@register.simple_tag
def archive_calendar(year=None, month=None):
    """The month grid of the archive, rendered once per month, language and content version."""
    from masthead.pages.calendar import build_month

    if not year or not month:
        today = times.site_today()
        year, month = today.year, today.month
    year, month = int(year), int(month)
    return cached_fragment(
        f"calendar:{year}-{month}",
        lambda: render_to_string("includes/calendar.html", {"calendar": build_month(year, month)}),
    )


def cached_fragment(name: str, render, timeout: int = 600) -> str:
    """HTML that depends only on published content and the language, cached until either changes."""
    key = f"fragment:{name}:{translation.get_language()}:{content_version()}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout)
    return mark_safe(html)  # our own template's output, escaped when rendered


@register.simple_tag
def furniture():
    """The site's about text, contacts and subscribe channels in the reader's language."""
    from masthead.core.furniture import site_furniture

    return site_furniture(translation.get_language())


@register.simple_tag
def json_ld(data):
    """A JSON-LD script element; <, > and & are escaped so no text can close it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
