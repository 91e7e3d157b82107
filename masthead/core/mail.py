"""Every e-mail the site sends is a subject/text/html template triplet rendered by `send_templated_mail`.

`<prefix>_subject.txt`, `<prefix>_body.txt` and `<prefix>_body.html` are
rendered in the recipient's language (not the language of whoever caused the
mail), with `site_name` and `site_url` in the context. The subject is squeezed
onto one line. Nothing a reader typed may go into a header: subjects come from
templates that show none, and extra `headers` are refused if they hold a line
break, so a mail can never be made to carry headers of a reader's choosing.
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def render_templated_mail(*, template_prefix: str, context: Mapping, language: str) -> tuple[str, str, str]:
    """(subject, text, html) of one message, rendered in `language`."""
    with translation.override(language):
        context = {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        text = render_to_string(f"{template_prefix}_body.txt", context)
        html = render_to_string(f"{template_prefix}_body.html", context)
    return subject, text, html


def send_templated_mail(
    *,
    template_prefix: str,
    context: Mapping,
    to: str | Iterable[str],
    language: str,
    headers: Mapping[str, str] | None = None,
    connection=None,
) -> None:
    """Render the triplet at `template_prefix` in `language` and send it to `to` (one address or several).

    `connection`: an open mail connection to reuse, for a batch (a newsletter issue) sent through one.
    """
    for name, value in (headers or {}).items():
        if any(c in f"{name}{value}" for c in "\r\n\x00"):
            raise ValueError(f"line break in mail header {name!r}")
    subject, text, html = render_templated_mail(template_prefix=template_prefix, context=context, language=language)
    recipients = [to] if isinstance(to, str) else list(to)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, recipients, headers=dict(headers or {}), connection=connection
    )
    message.attach_alternative(html, "text/html")
    message.send()
