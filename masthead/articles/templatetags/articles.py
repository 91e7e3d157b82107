"""Template tags for the articles' taxonomy on every reader page: the sections menu."""

from django import template
from django.template.loader import render_to_string

from masthead.articles.models import Rubric
from masthead.articles.surrogates import MENU
from masthead.core import surrogate
from masthead.core.fragments import cached_fragment

register = template.Library()


@register.simple_tag
def sections_nav():
    """The sections menu, rendered once per language and content version."""

    def render():
        rubrics = list(Rubric.objects.filter(kind=Rubric.Kind.SECTION))
        surrogate.shows(MENU, *rubrics)
        items = [(r.display_name(), r.get_absolute_url()) for r in rubrics]
        return render_to_string("includes/sections_nav.html", {"items": items})

    return cached_fragment("nav", render)
