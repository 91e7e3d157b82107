"""Reader accounts (allauth): the pages speak the reader's language, logins are throttled, next stays on site."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_account_pages_are_in_the_readers_language(client):
    assert "Регистрация" in client.get("/accounts/signup/").content.decode()
    assert "Sign Up" in client.get("/en/accounts/signup/").content.decode()


def test_wrong_passwords_are_throttled_per_account(client, reader, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 6  # per account from one address (masthead/core/auth.py)
    responses = [client.post("/en/accounts/login/", {"login": reader.email, "password": "wrong"}) for _ in range(7)]
    assert "Too many failed login attempts" not in responses[0].content.decode()
    assert "Too many failed login attempts" in responses[-1].content.decode()
    # Even the right password is refused while the account is throttled.
    response = client.post("/en/accounts/login/", {"login": reader.email, "password": "correct horse battery"})
    assert response.status_code != 302


def test_next_cannot_leave_the_site(client, reader):
    for target in ("//evil.com/", "https://evil.com/", "javascript:alert(1)", "\\\\evil.com"):
        response = client.post(
            reverse("account_login") + f"?next={target}", {"login": reader.email, "password": "correct horse battery"}
        )
        assert response.status_code == 302
        assert "evil.com" not in response["Location"] and not response["Location"].startswith("javascript")
        client.logout()


def test_signup_and_login_pages_extend_the_site_layout(client):
    with translation.override("en"):
        body = client.get(reverse("account_login")).content.decode()
    assert 'class="site-header"' in body and "page-account" in body
