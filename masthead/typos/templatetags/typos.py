from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from masthead.core.cache import cached
from masthead.typos.selectors import article_corrections

register = template.Library()


@register.simple_tag
def corrections_for(page):
    """The article's corrections; cached per content version, which a new correction bumps."""
    if not page.pk:
        return []
    return cached(f"typos:corrections:{page.pk}", lambda: list(article_corrections(page)), timeout=600)


@register.simple_tag
def typo_config(page) -> dict:
    """What typos.js needs, strings in the page's interface language (rendered with json_script)."""
    return {
        "article": page.pk,
        "revision": page.live_revision_id,
        "tokenUrl": reverse("typos:token"),
        "reportUrl": reverse("typos:report"),
        "maxFragment": settings.TYPOS_MAX_FRAGMENT,
        "maxComment": settings.TYPOS_MAX_COMMENT,
        "text": {
            "title": _("Report an error"),
            "button": _("Report an error"),
            "intro": _("The selected text:"),
            "comment": _("What is wrong?"),
            "commentHint": _("Optional."),
            "send": pgettext("typos", "Send"),
            "cancel": _("Cancel"),
            "close": pgettext("typos", "Close"),
            "sending": _("Sending…"),
            "thanks": _("Thank you! Now the editors are aware."),
            "empty": _("Select a piece of text in the article first, then press Ctrl + Enter."),
            "outside": _("Select text in the headline, the lead or the article text to report an error in it."),
            "tooLong": _("The selection is too long: select at most %(max)s characters.") % {"max": settings.TYPOS_MAX_FRAGMENT},
            "rateLimited": _("Too many reports from you just now. Please try again later."),
            "unavailable": _("Reports cannot be taken just now. Your text is kept here: please try again in a minute."),
            "failed": _("The report could not be sent. Please try again later."),
        },
    }
