"""Template tags the reader site shares: times, language switch, furniture, cached fragments, picture credits."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from masthead.core import media_storage, surrogate, times
from masthead.core.fragments import cached_fragment
from masthead.lib.text import credit_without_prefix

register = template.Library()

# What Django's json_script escapes: no text inside can end the script element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def credit(value):
    """A picture credit ready for the page's own "Фото:" prefix (masthead.lib.text.credit_without_prefix)."""
    return credit_without_prefix(value)


@register.filter
def absolute_media_url(url):
    """`{{ rendition.url|absolute_media_url }}`: the file's full URL, on disk or in a bucket (core/media_storage.py)."""
    return media_storage.absolute_media_url(url)


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
def shows(*things):
    """`{% shows article %}`: this page shows it, so it is purged when that changes (renders nothing)."""
    surrogate.shows(*things)
    return ""


@register.simple_tag
def name_in(obj, language=None):
    return obj.display_name(language)


@register.tag("cached_fragment")
def do_cached_fragment(parser, token):
    """`{% cached_fragment "name" part... %}...{% endcached_fragment %}`: Django's `{% cache %}` made never stale.

    The body is rendered once per language, parts and content version (`masthead.core.fragments`).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        return cached_fragment(
            self.name.resolve(context),
            lambda: self.nodelist.render(context),
            vary_on=[part.resolve(context) for part in self.vary_on],
        )


@register.simple_tag
def furniture():
    """The site's about text, contacts and subscribe channels in the reader's language."""
    from masthead.core.furniture import site_furniture

    return site_furniture(translation.get_language())


@register.simple_tag
def json_ld(data):
    """A JSON-LD script element; <, > and & are escaped so no text can close it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
