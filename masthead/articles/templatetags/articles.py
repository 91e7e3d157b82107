"""Template tags of the articles: the sections menu on every reader page, the article page's fixed parts."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def article_part(context, template_name, **values):
    """A part of the article page that is the same for every reader of one revision, rendered once.

    The headline block and the body are most of an article page's template work
    and change only with a new live revision (or the content version: a renamed
    rubric, a new channel); the per-reader slots between them stay outside.
    A preview shows a revision that is not live, so it is rendered every time. An
    article bulk-created without revisions (the bench corpus) is kept under its id.
    """
    page, request = context["page"], context.get("request")
    values = {"page": page, "request": request, **values}

    def render():
        return render_to_string(template_name, values)

    if getattr(request, "is_preview", False):
        return mark_safe(render())  # our own template's output
    return cached_fragment(f"article:{template_name}", render, vary_on=[page.pk, page.live_revision_id], timeout=3600)


@register.simple_tag
def reading_on(page):
    """"Related" and "More in the rubric" under an article, rendered once per article and content version.

    Any publish raises the content version, so the block is read again after one;
    pages already in the page cache take a new story into it within
    PAGE_CACHE_SECONDS instead of every page of a rubric being purged at each
    publish. The teasers say their articles' keys, so an unpublished story leaves
    every page showing it at once.
    """
    from masthead.articles.reading_on import reading_on as read

    def render():
        return render_to_string("articles/includes/reading_on.html", read(page))

    return cached_fragment("reading_on", render, vary_on=[page.pk], timeout=3600)

