"""Subscribing, confirming and unsubscribing through the reader's pages, and the hostile inputs they must survive."""

import re

import pytest
from django.core import mail
from django.test import Client

from masthead.core import ratelimit
from masthead.newsletter import tokens
from masthead.newsletter.models import Subscriber
from masthead.newsletter.tests.conftest import make_subscriber

pytestmark = pytest.mark.django_db
ORIGIN = "http://testserver"
SUBSCRIBE = "/newsletter/subscribe/"


def post(client, data, **extra):
    return client.post(SUBSCRIBE, {"language": "ru", **data}, HTTP_ORIGIN=ORIGIN, **extra)


def link_in(message, kind: str) -> str:
    return re.search(rf"http://\S+/newsletter/{kind}/[^/\s]+/", message.body).group(0)


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def test_it_stores_a_waiting_subscriber_and_mails_a_confirmation_link(client):
    response = post(client, {"email": "Reader@Example.com"})
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.com" and subscriber.state == Subscriber.State.PENDING
    [message] = mail.outbox
    assert message.to == ["reader@example.com"]
    assert "/newsletter/confirm/" in message.body


def test_a_subscribed_address_gets_the_same_answer_as_a_new_one(client):
    make_subscriber("old@example.com")
    known = post(client, {"email": "old@example.com"})
    new = post(Client(enforce_csrf_checks=True, REMOTE_ADDR="10.0.0.2"), {"email": "new@example.com"})
    assert known.status_code == new.status_code == 200
    assert known.content.decode().replace("old@", "X@") == new.content.decode().replace("new@", "X@")
    assert Subscriber.objects.get(email="old@example.com").state == Subscriber.State.CONFIRMED
    assert len(mail.outbox) == 2 and "/newsletter/confirm/" not in mail.outbox[0].body


def test_the_confirmation_link_shows_a_button_and_only_a_post_confirms(client):
    post(client, {"email": "reader@example.com"})
    url = link_in(mail.outbox[0], "confirm").replace("http://testserver", "")
    page = client.get(url)
    assert page.status_code == 200 and b'method="post"' in page.content
    assert Subscriber.objects.get().state == Subscriber.State.PENDING  # a mail scanner's GET confirms nothing
    token = client.cookies["csrftoken"].value
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 200
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED
    # Single use: the same link again is refused, and cannot revive an address after it left.
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 400


def test_confirming_without_the_csrf_token_is_refused(client):
    post(client, {"email": "reader@example.com"})
    url = link_in(mail.outbox[0], "confirm").replace("http://testserver", "")
    assert client.post(url).status_code == 403
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


def test_an_expired_confirmation_link_is_refused(client, settings):
    subscriber = make_subscriber("late@example.com", state=Subscriber.State.PENDING)
    token = tokens.confirm_token(subscriber)
    settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    assert Client().post(f"/newsletter/confirm/{token}/").status_code == 400
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


@pytest.mark.parametrize("token", ["x", "a" * 5000, "WzEsMF0:1t:forged", "%00", "ыыы", "[1,0]"])
def test_forged_or_damaged_tokens_are_refused_without_error(token):
    make_subscriber("victim@example.com", state=Subscriber.State.PENDING)
    client = Client()
    assert client.post(f"/newsletter/confirm/{token}/").status_code in (400, 404)
    assert client.post(f"/newsletter/unsubscribe/{token}/").status_code in (400, 404)
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


def test_one_click_unsubscribe_needs_no_csrf_token(client):
    subscriber = make_subscriber("reader@example.com")
    url = f"/newsletter/unsubscribe/{tokens.unsubscribe_token(subscriber)}/"
    assert client.get(url).status_code == 200
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED  # GET only shows the button
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200  # twice is harmless


def test_a_post_without_origin_or_token_gets_the_form_again_with_a_token(client):
    response = client.post(SUBSCRIBE, {"email": "reader@example.com", "language": "ru"})
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content and b'value="reader@example.com"' in response.content
    assert not Subscriber.objects.exists() and not mail.outbox
    token = client.cookies["csrftoken"].value
    again = client.post(SUBSCRIBE, {"email": "reader@example.com", "language": "ru", "csrfmiddlewaretoken": token})
    assert again.status_code == 200 and Subscriber.objects.exists()


def test_a_post_from_another_site_subscribes_nobody(client):
    client.post(SUBSCRIBE, {"email": "victim@example.com", "language": "ru"}, HTTP_ORIGIN="https://evil.example")
    assert not Subscriber.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "address",
    [
        "a@b",
        "x" * 310 + "@example.com",
        "reader@example.com\r\nBcc: everyone@example.com",
        "reader@example.com\nBcc: x@example.com",
        "read\x00er@example.com",
        "<script>@example.com",
        "",
        "reader@@example.com",
        "reader@" + "a" * 64 + ".com",
    ],
)
def test_hostile_addresses_are_refused_with_400(client, address):
    response = post(client, {"email": address})
    assert response.status_code == 400
    assert not Subscriber.objects.exists() and not mail.outbox


def test_an_idn_domain_is_stored_in_punycode(client):
    assert post(client, {"email": "читатель@пример.рф"}).status_code == 400  # non-ASCII local parts are not mailable
    assert post(client, {"email": "reader@пример.рф"}).status_code == 200
    assert Subscriber.objects.get().email == "reader@xn--e1afmkfd.xn--p1ai"


def test_an_unknown_language_or_rubric_is_a_400(client):
    assert post(client, {"email": "reader@example.com", "language": "de"}).status_code == 400
    assert post(client, {"email": "reader@example.com", "rubrics": ["abc"]}).status_code == 400
    assert post(client, {"email": "reader@example.com", "rubrics": ["99999"]}).status_code == 400


def test_a_huge_post_is_refused_by_size(client, settings):
    limit = settings.NEWSLETTER_MAX_BODY_BYTES
    response = post(client, {"email": "reader@example.com", "junk": "x" * limit})
    assert response.status_code == 413
    assert not Subscriber.objects.exists()


def test_the_honeypot_gets_the_same_answer_and_nothing_is_sent(client):
    response = post(client, {"email": "bot@example.com", "website": "http://spam.example"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists() and not mail.outbox


def test_one_address_gets_at_most_one_mail_a_day_whoever_asks(settings):
    for n in range(3):
        post(Client(REMOTE_ADDR=f"10.0.0.{n + 1}"), {"email": "victim@example.com"})
    assert len(mail.outbox) == 1


def test_one_visitor_is_limited_with_429_and_retry_after(client, settings):
    settings.NEWSLETTER_RATE_LIMIT = 3
    answers = [post(client, {"email": f"r{n}@example.com"}).status_code for n in range(4)]
    assert answers == [200, 200, 200, 429]
    response = post(client, {"email": "r9@example.com"})
    assert int(response["Retry-After"]) > 0


def test_subscribing_fails_closed_when_the_limiter_cannot_count(client, monkeypatch):
    monkeypatch.setattr(ratelimit, "_database_counts", lambda counters, cost: None)
    monkeypatch.setattr("masthead.core.redis.available", lambda: False)
    response = post(client, {"email": "reader@example.com"})
    assert response.status_code == 503 and response["Retry-After"]
    assert not Subscriber.objects.exists()


def test_get_to_the_subscribe_page_shows_the_full_form(client):
    response = client.get("/en/newsletter/subscribe/")
    assert response.status_code == 200
    assert b'type="radio" name="language" value="en"' in response.content


def test_the_already_subscribed_mail_carries_one_click_unsubscribe(client, smtp):
    """Through a real SMTP server: a mail of the list to an address on it, so the RFC 8058 headers as in an issue."""
    make_subscriber("old@example.com")
    post(client, {"email": "old@example.com"})
    [message] = smtp.to("old@example.com")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_url = re.search(r"<(https?://[^>]+)>", str(message["List-Unsubscribe"])).group(1)
    assert header_url in smtp.text(message)  # the same link as the body's
    assert Client().post(header_url.replace("http://testserver", ""), {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED


def test_the_confirmation_mail_goes_through_smtp_with_its_link(client, smtp):
    post(client, {"email": "new@example.com"})
    [message] = smtp.to("new@example.com")
    assert "/newsletter/confirm/" in smtp.text(message)
    assert "List-Unsubscribe" not in message  # not on the list yet: nothing to leave, and nothing follows unconfirmed
