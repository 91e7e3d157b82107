"""Named slots on reader pages that feature apps fill through Wagtail hooks.

Content templates must not know which engagement apps are installed: the
article page says "the meta line goes here" (`{% slot "article_meta" %}`) and
any app that wants to be there registers a hook named `masthead_article_meta`
in its `wagtail_hooks.py`, returning the template to include (or None to stay
out for this page). The template is rendered with the page's own context, as an
`{% include %}` would be, so adding or removing an app touches no content
template. Slots, in page order: article_meta, article_after_body,
article_footer, article_after_article, aside, scripts, footer_links (every page's footer).

A page rendered around its slots (`masthead.core.page_shell`) keeps everything
but the fills in a cache and renders only the fills per request. A fill whose
output depends on nothing but the page's revision, the language and published
content (a script tag, a form with no token) says so with `@per_revision`, and
is kept in the shell with the rest.
"""

from django.utils.safestring import mark_safe
from wagtail import hooks

# The context variable a shell's render sets: the page_shell.Holes that collects the fills it leaves out.
HOLES = "_masthead_slot_holes"


def per_revision(fill):
    """Mark a slot's hook whose template renders the same for every request of one revision."""
    fill.per_revision = True
    return fill


def render_slot(context, name: str):
    """Everything registered for `masthead_<name>`, in hook order.

    Inside a shell's render, each fill that is not `per_revision` is left out and a
    placeholder stands in its place (`masthead.core.page_shell` fills it per request).
    """
    page = context.get("page")
    if page is not None and page.pk is None:
        # The preview of an article not yet saved: no comments, views or reports can
        # belong to it, and the apps' queries by page refuse an unsaved one.
        return ""
    holes = context.get(HOLES)
    parts = []
    for index, fill in enumerate(hooks.get_hooks(f"masthead_{name}")):
        if holes is not None and not getattr(fill, "per_revision", False):
            parts.append(holes.leave(name, index, fill_name(fill)))
        else:
            parts.append(render_fill(context, fill))
    return mark_safe("".join(parts))  # our own templates' output, escaped as they render


def render_fill(context, fill) -> str:
    template_name = fill(page=context.get("page"), request=context.get("request"))
    if not template_name:
        return ""
    return context.template.engine.get_template(template_name).render(context)


def fill_name(fill) -> str:
    return f"{fill.__module__}.{fill.__qualname__}"


def fill_of(name: str, index: int, expected_name: str):
    """The slot's `index`th fill in this process, or None when it is not the one named (other code kept the shell)."""
    fills = hooks.get_hooks(f"masthead_{name}")
    if index < len(fills) and fill_name(fills[index]) == expected_name:
        return fills[index]
    return None
