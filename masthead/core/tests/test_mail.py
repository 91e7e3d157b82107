"""One templated-mail helper: subject/text/html in the recipient's language, one-line subject, no header injection."""

import pytest
from django.core import mail

from masthead.core.mail import send_templated_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def triplet(tmp_path, settings):
    folder = tmp_path / "mailtest"
    folder.mkdir()
    (folder / "note_subject.txt").write_text('{% load i18n %}\n  {% translate "Your account" %}\n  — {{ site_name }}\n')
    (folder / "note_body.txt").write_text("{% load i18n %}{% translate \"Your account\" %}: {{ text }}")
    (folder / "note_body.html").write_text("<p>{{ text }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return "mailtest/note"


def test_it_renders_the_triplet_in_the_recipients_language(triplet, settings):
    send_templated_mail(template_prefix=triplet, context={"text": "<b>привет</b>"}, to="anna@example.org", language="ru")
    send_templated_mail(template_prefix=triplet, context={"text": "hi"}, to=["bob@example.org"], language="en")
    russian, english = mail.outbox
    assert russian.subject == f"Ваш аккаунт — {settings.WAGTAIL_SITE_NAME}"  # one line, squeezed
    assert english.subject.startswith("Your account") and english.to == ["bob@example.org"]
    assert russian.body.startswith("Ваш аккаунт: ")
    html, mimetype = russian.alternatives[0]
    assert mimetype == "text/html" and "&lt;b&gt;привет&lt;/b&gt;" in html
    assert russian.from_email == settings.DEFAULT_FROM_EMAIL


def test_a_header_with_a_line_break_is_refused(triplet):
    with pytest.raises(ValueError):
        send_templated_mail(
            template_prefix=triplet, context={}, to="a@example.org", language="ru", headers={"X-Ref": "1\r\nBcc: x@evil.test"}
        )
    assert mail.outbox == []
    send_templated_mail(template_prefix=triplet, context={}, to="a@example.org", language="ru", headers={"X-Ref": "42"})
    assert mail.outbox[0].extra_headers == {"X-Ref": "42"}
