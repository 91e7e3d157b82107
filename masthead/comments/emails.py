"""E-mails to readers, each a subject/text/html triplet rendered in the reader's language.

Reader text goes only into bodies (escaped in HTML), never into a header.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def send(name: str, *, to: str, context: dict, language: str = "ru") -> None:
    """Render comments/email/<name>_{subject.txt,body.txt,body.html} and send one message."""
    with translation.override(language):
        context = {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"comments/email/{name}_subject.txt", context).split())
        text = render_to_string(f"comments/email/{name}_body.txt", context)
        html = render_to_string(f"comments/email/{name}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


def _language(user) -> str:
    profile = getattr(user, "reader_profile", None)
    return profile.language if profile else "ru"


def _account_url(language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("comments:account")


def send_reply_notice(comment, profile) -> None:
    with translation.override(profile.language):
        url = settings.SITE_URL + comment.get_absolute_url()
    send(
        "reply",
        to=profile.user.email,
        context={"comment": comment, "parent": comment.parent, "url": url, "account_url": _account_url(profile.language)},
        language=profile.language,
    )


def send_appeal_answer(appeal) -> None:
    if not appeal.user.email:
        return
    language = _language(appeal.user)
    send("appeal_answer", to=appeal.user.email, context={"appeal": appeal, "account_url": _account_url(language)}, language=language)


def send_block_notice(block) -> None:
    language = _language(block.user)
    send("block", to=block.user.email, context={"block": block, "account_url": _account_url(language)}, language=language)
