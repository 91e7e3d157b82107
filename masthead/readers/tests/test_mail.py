"""allauth's e-mails come from the outlet and greet the reader by name, not by the server's host and port."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from masthead.readers.tests.conftest import signup

pytestmark = pytest.mark.django_db


@override_settings(WAGTAIL_SITE_NAME="Вечерний курьер", SITE_URL="https://courier.example")
def test_the_signup_confirmation_names_the_outlet_and_the_reader(client):
    assert signup(client, display_name="Анна К.").status_code == 302
    body = mail.outbox[0].body
    assert "Здравствуйте, Анна К.!" in body
    assert body.rstrip().endswith("Редакция «Вечерний курьер»\nhttps://courier.example")


@override_settings(WAGTAIL_SITE_NAME="Evening Courier", SITE_URL="https://courier.example")
def test_a_password_reset_mail_in_english_names_the_outlet_and_the_reader(client):
    signup(client, display_name="Anna K.", prefix="/en")
    mail.outbox.clear()
    client.logout()
    response = client.post("/en/accounts/password/reset/", {"email": "new@example.org"})
    assert response.status_code == 302, response.content.decode()[:3000]
    body = mail.outbox[0].body
    assert body.startswith("Hello, Anna K.!")
    assert body.rstrip().endswith("The editors of Evening Courier\nhttps://courier.example")


def test_a_mail_to_an_address_with_no_account_still_reads_well(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    # allauth tells an unknown address that it has no account (ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS).
    body = mail.outbox[0].body
    assert body.startswith("Здравствуйте!") and "Редакция «" in body
