"""E-mails of the typo feature, each a subject/text/html template triplet."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

DIGEST_MAX_ITEMS = 50


def _language_of(user) -> str:
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile.get_preferred_language() if profile else None) or settings.LANGUAGE_CODE


def send_templated(*, name: str, to: list[str], context: dict, language: str) -> None:
    """Render typos/emails/<name>-subject.txt, -body.txt, -body.html and send them.

    The subject is flattened to one line and holds no reader text, so nothing a
    reader typed can reach a mail header.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"typos/emails/{name}-subject.txt", context).split())
        text = render_to_string(f"typos/emails/{name}-body.txt", context)
        html = render_to_string(f"typos/emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()


def send_digest(*, user, reports: list) -> None:
    admin = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    items = [
        {"report": report, "url": admin + report.get_admin_url(), "editor_url": admin + report.get_editor_url()}
        for report in reports[:DIGEST_MAX_ITEMS]
    ]
    send_templated(
        name="digest",
        to=[user.email],
        language=_language_of(user),
        context={
            "user": user,
            "items": items,
            "total": len(reports),
            "more": max(0, len(reports) - DIGEST_MAX_ITEMS),
            "queue_url": admin + reverse("typos_admin:index"),
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
