"""Named slots on reader pages that feature apps fill through Wagtail hooks.

Content templates must not know which engagement apps are installed: the
article page says "the meta line goes here" (`{% slot "article_meta" %}`) and
any app that wants to be there registers a hook named `masthead_article_meta`
in its `wagtail_hooks.py`, returning the template to include (or None to stay
out for this page). The template is rendered with the page's own context, as an
`{% include %}` would be, so adding or removing an app touches no content
template. Slots, in page order: article_meta, article_after_body,
article_footer, article_after_article, aside, scripts, footer_links (every page's footer).
"""

from django import template
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name: str):
    """Everything registered for `masthead_<name>`, in hook order."""
    page = context.get("page")
    request = context.get("request")
    if page is not None and page.pk is None:
        # The preview of an article not yet saved: no comments, views or reports can
        # belong to it, and the apps' queries by page refuse an unsaved one.
        return ""
    parts = []
    for fill in hooks.get_hooks(f"masthead_{name}"):
        template_name = fill(page=page, request=request)
        if template_name:
            parts.append(context.template.engine.get_template(template_name).render(context))
    return mark_safe("".join(parts))  # our own templates' output, escaped as they render
