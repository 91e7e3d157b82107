"""Digests of new reports to responsible editors, through a real SMTP server (aiosmtpd)."""

import datetime as dt
import email
from email import policy
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from masthead.core.servers import free_port
from masthead.testing import make_article, make_rubric, smtp_server
from masthead.typos.models import ResponsibleEditor, TypoReport
from masthead.typos.services import typo_digests_send

pytestmark = pytest.mark.django_db

LATER = dt.timedelta(seconds=30)


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self):
        return [email.message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


@pytest.fixture
def smtp(settings):
    with smtp_server(settings, Inbox()) as inbox:
        yield inbox


@pytest.fixture
def duty(django_user_model, rubric):
    from masthead.typos.tests.conftest import make_editor

    user = make_editor(django_user_model, "politics-editor", email="politics@example.com")
    duty = ResponsibleEditor.objects.create(user=user, last_digest_at=timezone.now() - dt.timedelta(hours=1))
    duty.rubrics.set([rubric])
    return duty


def parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def test_it_sends_one_mail_per_editor_listing_all_new_reports(smtp, duty, reader, article, django_user_model):
    from masthead.typos.tests.conftest import Reader, make_editor

    economy = make_rubric("Экономика", slug="economy")
    other = make_article("Про рынок", paragraphs=["Рынок вырос."], rubrics=[economy])
    economist = ResponsibleEditor.objects.create(
        user=make_editor(django_user_model, "eco", email="eco@example.com"), last_digest_at=timezone.now() - LATER
    )
    economist.rubrics.set([economy])
    reader.report(article, "подписал указ")
    reader.report(article, "вступает в силу", comment="Опечатка тут")
    Reader(REMOTE_ADDR="192.0.2.1").report(article, "подписал указ")  # merged: still one item
    reader.report(other, "Рынок вырос")

    assert typo_digests_send(now=timezone.now() + LATER) == 2
    by_recipient = {tuple(e.rcpt_tos): m for e, m in zip(smtp.envelopes, smtp.messages())}
    assert set(by_recipient) == {("politics@example.com",), ("eco@example.com",)}
    politics = by_recipient[("politics@example.com",)]
    # (the parser keeps the space Python's header folding puts before an encoded word)
    assert politics["Subject"].strip() == "Masthead: 2 новых сообщения об опечатках"
    text, html = parts(politics)
    assert "[подписал указ]" in text and "[вступает в силу]" in text and "Рынок вырос" not in text
    assert "Опечатка тут" in text and "Сообщили 2 раза" in text
    assert "<mark" in html and "http://127.0.0.1:8000/admin/typos/" in html
    _, eco_html = parts(by_recipient[("eco@example.com",)])
    assert "Рынок вырос" in eco_html


def test_a_second_run_mails_only_what_is_new(smtp, duty, reader, article):
    reader.report(article, "подписал указ")
    assert typo_digests_send(now=timezone.now() + LATER) == 1
    assert typo_digests_send(now=timezone.now() + LATER) == 0
    TypoReport.objects.update(created_at=timezone.now() + LATER * 2)
    reader.report(article, "вступает в силу")
    TypoReport.objects.filter(fragment="вступает в силу").update(created_at=timezone.now() + LATER * 2)
    assert typo_digests_send(now=timezone.now() + LATER * 3) == 1
    text, _ = parts(smtp.messages()[-1])
    assert "вступает в силу" in text


def test_unverified_and_closed_reports_are_not_mailed(smtp, duty, reader, article):
    reader.report(article, "этого текста нет в статье")
    reader.report(article, "подписал указ")
    TypoReport.objects.filter(fragment="подписал указ").update(status=TypoReport.Status.REJECTED)
    assert typo_digests_send(now=timezone.now() + LATER) == 0
    assert smtp.envelopes == []


def test_reader_text_never_reaches_headers_and_is_escaped_in_html(smtp, duty, reader, rubric):
    # Markup can be in an article as text (a story about XSS), so it can be located and mailed.
    hostile = "<img src=x onerror=alert(1)>{{7*7}}"
    story = make_article("Про XSS", paragraphs=["Код &lt;img src=x onerror=alert(1)&gt;{{7*7}} опасен."], rubrics=[rubric])
    reader.report(story, hostile, comment="Bcc: victim@example.com\r\nSubject: spam <script>x</script>")
    assert TypoReport.objects.get().located
    assert typo_digests_send(now=timezone.now() + LATER) == 1
    envelope = smtp.envelopes[0]
    assert envelope.rcpt_tos == ["politics@example.com"]
    message = smtp.messages()[0]
    assert message["Bcc"] is None and "spam" not in message["Subject"]
    text, html = parts(message)
    assert hostile in text  # plain text: as typed, nothing to escape
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;{{7*7}}" in html
    assert "<script>x" not in html


def test_a_failing_smtp_server_keeps_the_reports_for_the_next_run(settings, duty, reader, article):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    reader.report(article, "подписал указ")
    before = ResponsibleEditor.objects.get().last_digest_at
    assert typo_digests_send(now=timezone.now() + LATER) == 0
    assert ResponsibleEditor.objects.get().last_digest_at == before


def test_the_periodic_command_sends_the_digest(smtp, duty, reader, article):
    reader.report(article, "подписал указ")
    TypoReport.objects.update(created_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("send_typo_digests")
    assert len(smtp.envelopes) == 1


class Killed(BaseException):
    """The job's process dying: not an Exception, so no handler on the way catches it."""


def test_a_run_killed_after_the_mail_left_does_not_mail_it_again_on_retry(duty, reader, article, mailoutbox):
    from masthead.typos import emails

    reader.report(article, "подписал указ")
    real_send = emails.send_digest

    def send_then_die(**kwargs):
        real_send(**kwargs)
        raise Killed

    with mock.patch.object(emails, "send_digest", side_effect=send_then_die), pytest.raises(Killed):
        typo_digests_send(now=timezone.now() + LATER)
    assert len(mailoutbox) == 1
    assert typo_digests_send(now=timezone.now() + LATER) == 0
    assert len(mailoutbox) == 1


def test_a_refused_mail_hands_the_reports_to_the_next_run(duty, reader, article, mailoutbox):
    from masthead.typos import emails

    reader.report(article, "подписал указ")
    with mock.patch.object(emails, "send_digest", side_effect=OSError("refused")):
        assert typo_digests_send(now=timezone.now() + LATER) == 0
    assert typo_digests_send(now=timezone.now() + LATER) == 1
    assert len(mailoutbox) == 1
