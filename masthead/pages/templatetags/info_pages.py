"""`{% info_footer_links as links %}`: the footer's information pages (masthead/pages/info.py)."""

from django import template

from masthead.pages import info

register = template.Library()


@register.simple_tag
def info_footer_links():
    return info.footer_links()
