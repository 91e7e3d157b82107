"""`{% slot "name" %}`: where feature apps' hooks fill a reader page (`masthead.core.slots`)."""

from django import template

from masthead.core.slots import render_slot

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name: str):
    """Everything registered for `masthead_<name>`, in hook order."""
    return render_slot(context, name)
