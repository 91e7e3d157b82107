"""E-mails of the typo feature: the digest of new reports, sent by `masthead.core.mail`."""

from django.conf import settings
from django.urls import reverse

from masthead.core.mail import send_templated_mail

DIGEST_MAX_ITEMS = 50


def _language_of(user) -> str:
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile.get_preferred_language() if profile else None) or settings.LANGUAGE_CODE


def send_digest(*, user, reports: list) -> None:
    admin = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    items = [
        {"report": report, "url": admin + report.get_admin_url(), "editor_url": admin + report.get_editor_url()}
        for report in reports[:DIGEST_MAX_ITEMS]
    ]
    send_templated_mail(
        template_prefix="typos/emails/digest",
        to=user.email,
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
