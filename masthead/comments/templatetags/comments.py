"""Template helpers for comments: the thread under an article and safe rendering of reader text."""

import re
from urllib.parse import urlsplit

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from masthead.comments.forms import CommentForm
from masthead.comments.policy.links import own_host_allowed
from masthead.comments.selectors import page_number, policy_for, public_thread, thread_for
from masthead.comments.services import AccountBlocked, active_block, own_hosts

register = template.Library()

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)»”'\""


@register.filter
def comment_text(text: str) -> str:
    """Reader text as HTML: everything escaped; only http(s) links to our own hosts become links.

    The output is built from escaped pieces only, so marking it safe is sound.
    """
    hosts = own_hosts()
    paragraphs = []
    for block in re.split(r"\n{2,}", text or ""):
        pieces, last = [], 0
        for match in _URL.finditer(block):
            url = match.group().rstrip(_TRAILING)
            end = match.start() + len(url)
            pieces.append(escape(block[last : match.start()]))
            parts = urlsplit(url)
            if parts.scheme.lower() in ("http", "https") and parts.hostname and own_host_allowed(parts.hostname, hosts):
                pieces.append(format_html('<a href="{}" rel="nofollow ugc">{}</a>', url, url))
            else:
                pieces.append(escape(url))
            last = end
        pieces.append(escape(block[last:]))
        paragraphs.append("<p>" + "".join(pieces).replace("\n", "<br>") + "</p>")
    return mark_safe("".join(paragraphs))


@register.simple_tag(takes_context=True)
def comment_thread(context, page):
    """Everything thread.html shows: policy, count, order, the page of comments, the form."""
    request = context["request"]
    user = request.user
    policy = policy_for(request)
    order, number = request.GET.get("comments", "old"), request.GET.get("cpage", 1)
    if user.is_authenticated:  # sees their own held comments: built for them
        thread = thread_for(page, user=user, order=order, page_number=page_number(number))
    else:
        thread = public_thread(page, order=order, page_number_value=number)
    guest = not user.is_authenticated
    can_post = user.is_authenticated or policy.guests_may_comment
    # Built only where it is shown: most readers are not signed in and get the sign-in line.
    form = (context.get("comment_form") or CommentForm(guest=guest)) if can_post else None
    block = active_block(user) if user.is_authenticated else None
    return {
        "block_message": AccountBlocked(block).message if block else "",
        "can_reply": user.is_authenticated and block is None,
        "policy": policy.text(),
        "guests_allowed": policy.guests_may_comment,
        "thread": thread,
        "form": form,
        "can_post": can_post,
        "block": block,
    }


@register.simple_tag
def comment_changeable(comment, user) -> bool:
    return comment.can_be_changed_by(user)


@register.filter
def highlighted(comment) -> str:
    """The comment text, escaped, with the spans the engine matched marked up for moderators."""
    text = comment.text
    spans = sorted(
        (d.start, d.end, d.rule_name()) for d in comment.decisions.all() if d.end > d.start and d.end <= len(text)
    )
    pieces, last = [], 0
    for start, end, rule in spans:
        if start < last:
            continue
        pieces.append(escape(text[last:start]))
        pieces.append(format_html('<mark class="comments-match" title="{}">{}</mark>', rule, text[start:end]))
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))
