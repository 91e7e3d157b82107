"""E-mails to readers (a reply, a block, an appeal's answer), each in the reader's own language.

Rendered and sent by `masthead.core.mail.send_templated_mail` from the triplets in
`comments/email/`; reader text goes only into bodies (escaped in HTML), never into a header.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from masthead.core.mail import send_templated_mail


def _language(user) -> str:
    profile = getattr(user, "reader_profile", None)
    return profile.language if profile else "ru"


def _account_url(language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("readers:account")


def send_reply_notice(comment, profile) -> None:
    with translation.override(profile.language):
        url = settings.SITE_URL + comment.get_absolute_url()
    send_templated_mail(
        template_prefix="comments/email/reply",
        to=profile.user.email,
        context={"comment": comment, "parent": comment.parent, "url": url, "account_url": _account_url(profile.language)},
        language=profile.language,
    )


def send_appeal_answer(appeal) -> None:
    if not appeal.user.email:
        return
    language = _language(appeal.user)
    send_templated_mail(
        template_prefix="comments/email/appeal_answer",
        to=appeal.user.email,
        context={"appeal": appeal, "account_url": _account_url(language)},
        language=language,
    )


def send_block_notice(block) -> None:
    language = _language(block.user)
    send_templated_mail(
        template_prefix="comments/email/block",
        to=block.user.email,
        context={"block": block, "account_url": _account_url(language)},
        language=language,
    )
