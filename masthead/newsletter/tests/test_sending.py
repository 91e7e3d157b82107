"""The digest job and issue sending through a real SMTP server (aiosmtpd): once per subscriber, even after a crash."""

import datetime as dt

import pytest
from django.utils import timezone

from masthead.core.times import site_today, site_zone
from masthead.newsletter import sending, services
from masthead.newsletter.models import Delivery, Issue, NewsletterSettings, Subscriber
from masthead.newsletter.tests.conftest import make_subscriber
from masthead.pageviews.models import DailyViews
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def at_hour(hour: int) -> dt.datetime:
    return dt.datetime.combine(site_today(), dt.time(hour, 5), tzinfo=site_zone())


@pytest.fixture
def day_news(site_tree):
    story = make_article("Главная история дня", story_of_the_day=site_today(), lead="Лид истории.")
    popular = make_article("Самая читаемая", lead="Её читали все.")
    quiet = make_article("Тихая заметка")
    DailyViews.objects.create(article=popular, day=site_today(), views=500)
    DailyViews.objects.create(article=quiet, day=site_today(), views=3)
    return story, popular, quiet


def test_nothing_goes_out_before_the_digest_hour(smtp, day_news):
    NewsletterSettings.objects.create(digest_hour=9)
    make_subscriber("reader@example.com")
    sending.deliver_due(now=at_hour(8))
    assert not Issue.objects.exists() and not smtp.messages


def test_the_digest_goes_to_confirmed_subscribers_of_each_edition_once(smtp, day_news):
    story, popular, quiet = day_news
    story.cross_posted = True  # the story leads both editions; the rest is each edition's own
    story.save_revision().publish()
    english = make_article("Parliament passes the budget", language="en")
    DailyViews.objects.create(article=english, day=site_today(), views=200)
    NewsletterSettings.objects.create(digest_hour=9)
    make_subscriber("ru@example.com", "ru")
    make_subscriber("en@example.com", "en")
    make_subscriber("waiting@example.com", state=Subscriber.State.PENDING)
    make_subscriber("gone@example.com", state=Subscriber.State.UNSUBSCRIBED)
    sending.deliver_due(now=at_hour(9))
    sending.deliver_due(now=at_hour(10))  # the next run sends nothing again
    assert {i.language for i in Issue.objects.all()} == {"ru", "en"}
    [ru] = smtp.to("ru@example.com")
    [en] = smtp.to("en@example.com")
    assert not smtp.to("waiting@example.com") and not smtp.to("gone@example.com")
    html = smtp.html(ru)
    assert html.index("Главная история дня") < html.index("Самая читаемая") < html.index("Тихая заметка")
    assert "Parliament passes the budget" not in html
    assert "Сюжет дня" in html and "Story of the day" in smtp.html(en)
    english_html = smtp.html(en)
    assert "Главная история дня" in english_html and "Parliament passes the budget" in english_html
    assert "Самая читаемая" not in english_html  # a Russian story not cross-posted stays in its edition
    assert story.canonical_url() in smtp.text(ru)
    for message in (ru, en):
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        target = str(message["List-Unsubscribe"]).strip()  # a long header may be folded
        assert target.startswith("<http://") and "/newsletter/unsubscribe/" in target
    assert "/en/newsletter/unsubscribe/" in en["List-Unsubscribe"]
    assert all(issue.state == Issue.State.SENT for issue in Issue.objects.all())


def test_the_mailto_target_is_offered_when_configured(smtp, day_news, settings):
    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = "leave@example.com"
    NewsletterSettings.objects.create(digest_hour=0)
    make_subscriber("ru@example.com")
    sending.deliver_due(now=at_hour(1))
    [message] = smtp.to("ru@example.com")
    assert ", <mailto:leave@example.com?subject=unsubscribe%20" in message["List-Unsubscribe"]


def test_a_subscriber_with_rubrics_gets_only_those_in_most_read(smtp, day_news):
    story, popular, quiet = day_news
    NewsletterSettings.objects.create(digest_hour=0)
    picky = make_subscriber("picky@example.com")
    picky.rubrics.set([quiet.section])
    sending.deliver_due(now=at_hour(1))
    html = smtp.html(smtp.to("picky@example.com")[0])
    assert "Тихая заметка" in html and "Самая читаемая" not in html and "Главная история дня" in html


def test_a_day_with_nothing_to_tell_makes_no_digest(smtp, site_tree):
    NewsletterSettings.objects.create(digest_hour=0)
    make_subscriber("ru@example.com")
    sending.deliver_due(now=at_hour(1))
    assert not Issue.objects.exists() and not smtp.messages


def test_a_send_that_crashes_halfway_resumes_without_mailing_anyone_twice(smtp, day_news, monkeypatch, settings):
    NewsletterSettings.objects.create(digest_hour=0)
    addresses = [f"r{n}@example.com" for n in range(6)]
    for address in addresses:
        make_subscriber(address)
    real_mark = sending.mark
    calls = {"n": 0}

    def dying_mark(delivery, state, error=""):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("killed after the third mail left, before it was marked")
        real_mark(delivery, state, error)

    monkeypatch.setattr(sending, "mark", dying_mark)
    with pytest.raises(SystemExit):
        sending.deliver_due(now=at_hour(1))
    assert len(smtp.messages) == 3
    monkeypatch.setattr(sending, "mark", real_mark)

    sending.deliver_due(now=at_hour(1))  # resumed at once: the claimed one waits, the rest go
    assert sorted(len(smtp.to(a)) for a in addresses) == [1] * 6
    issue = Issue.objects.get(language="ru")
    assert issue.state == Issue.State.SENDING  # one claim is still in doubt
    sending.deliver_due(now=timezone.now() + dt.timedelta(seconds=settings.NEWSLETTER_SENDING_LEASE + 1))
    assert sorted(len(smtp.to(a)) for a in addresses) == [1] * 6  # never resent
    issue.refresh_from_db()
    assert issue.state == Issue.State.SENT
    assert issue.counts()["sent"] == 5 and issue.counts()["failed"] == 1
    assert "not sent again" in Delivery.objects.get(state=Delivery.State.FAILED).error


def test_an_unreachable_mail_server_claims_nobody(settings, day_news):
    from masthead.core.servers import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    NewsletterSettings.objects.create(digest_hour=0)
    make_subscriber("ru@example.com")
    sending.deliver_due(now=at_hour(1))
    assert not Delivery.objects.exists()
    assert Issue.objects.get(language="ru").state == Issue.State.SENDING


def test_a_refused_recipient_is_counted_failed(smtp, day_news):
    class Refusing(type(smtp)):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("bad"):
                return "550 no such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    smtp.__class__ = Refusing
    NewsletterSettings.objects.create(digest_hour=0)
    make_subscriber("bad@example.com")
    make_subscriber("good@example.com")
    sending.deliver_due(now=at_hour(1))
    issue = Issue.objects.get(language="ru")
    assert issue.counts()["failed"] == 1 and issue.counts()["sent"] == 1
    assert smtp.to("good@example.com")


def test_a_one_off_issue_goes_out_once_an_editor_sends_it(smtp, site_tree):
    make_subscriber("ru@example.com", "ru")
    make_subscriber("en@example.com", "en")
    issue = Issue.objects.create(language="en", subject="A note from the editor", body="<p>We have moved.</p>")
    sending.deliver_due(now=timezone.now())
    assert not smtp.messages  # a draft goes nowhere
    assert services.issue_send(issue=issue)
    assert not services.issue_send(issue=issue)
    sending.deliver_due(now=timezone.now())
    [message] = smtp.to("en@example.com")
    assert message["Subject"].endswith("A note from the editor") and "We have moved." in smtp.html(message)
    assert not smtp.to("ru@example.com")


def test_a_one_off_issues_links_work_from_the_mail_and_its_text_part_reads_as_text(smtp, site_tree, settings):
    settings.SITE_URL = "https://news.example"
    article = make_article("Переезд редакции", lead="Куда мы переехали.")
    make_subscriber("ru@example.com", "ru")
    body = (
        f'<p>Мы переехали &laquo;навсегда&raquo; &amp; надолго: <a linktype="page" id="{article.pk}">подробности</a>, '
        '<a href="/archive/">архив</a> и <a href="https://maps.example/x?a=1&amp;b=2">карта</a>.</p>'
        "<ul><li>первое</li><li>второе</li></ul>"
    )
    issue = Issue.objects.create(language="ru", subject="Новости редакции", body=body, state=Issue.State.SENDING)
    sending.deliver(issue)
    [message] = smtp.to("ru@example.com")
    html, text = smtp.html(message), smtp.text(message)
    assert f'href="https://news.example{article.url}"' in html
    assert 'href="https://news.example/archive/"' in html
    assert 'href="/' not in html  # no link is left relative
    assert "Мы переехали «навсегда» & надолго" in text
    assert "&laquo;" not in text and "&amp;" not in text and "<a " not in text
    assert f"https://news.example{article.url}" in text and "https://maps.example/x?a=1&b=2" in text
    assert "* первое" in text and "* второе" in text


def test_two_runs_claiming_the_same_subscriber_send_once(smtp, site_tree):
    from django.core.mail import get_connection

    subscriber = make_subscriber("ru@example.com")
    issue = Issue.objects.create(language="ru", subject="Один раз", body="<p>Текст.</p>", state=Issue.State.SENDING)
    context = sending.issue_context(issue, "ru")
    connection = get_connection()
    first = sending._deliver_one(issue, subscriber, context, connection)
    second = sending._deliver_one(issue, subscriber, context, connection)  # a second job that read the same list
    assert (first, second) == ("sent", None)
    assert len(smtp.to("ru@example.com")) == 1
