"""Sign-in failures are limited per address and per account from an address, whatever backend or form is used."""

import pytest
from django.contrib.auth import get_user_model

from masthead.core.tests.stores import redis_down, store, stores_down  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", "editor@example.com", "the right password", is_staff=True)


@pytest.fixture
def reader(db):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user("reader", "reader@example.org", "the readers password")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def login(client, password, address="10.0.0.1", username="editor", **headers):
    response = client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers)
    return response.status_code == 302


def reader_login(client, password, address="10.0.0.1", email="reader@example.org"):
    return client.post("/en/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address)


def test_guessing_an_editors_password_is_throttled(client, editor, settings, store):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    for _ in range(5):
        assert not login(client, "guess")
    assert not login(client, "the right password")  # even the right one waits out the window here


def test_failures_elsewhere_do_not_lock_the_editor_out(client, editor, settings, store):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    for _ in range(10):
        login(client, "guess", address="203.0.113.9")
    assert login(client, "the right password", address="10.0.0.1")


def test_one_address_guessing_many_accounts_is_throttled(client, editor, settings, store):
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    for n in range(8):
        login(client, "guess", username=f"someone-{n}")
    assert not login(client, "the right password")


def test_typing_the_email_as_the_username_is_throttled_too(client, editor, store):
    """Issue 16.1: allauth's e-mail backend, tried after ours, was neither limited nor counted."""
    for _ in range(40):
        assert not login(client, "guess", username="editor@example.com")
    assert not login(client, "the right password", username="editor@example.com")
    assert not login(client, "the right password", username="editor")
    assert not login(client, "the right password", username="EDITOR@example.com")
    assert login(client, "the right password", address="10.0.0.2", username="editor@example.com")


def test_username_and_email_count_as_one_account(client, editor, settings, store):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 4
    for username in ("editor", "editor@example.com", "Editor", "EDITOR@EXAMPLE.COM"):
        assert not login(client, "guess", username=username)
    assert not login(client, "the right password")


def test_the_refusal_is_explained_on_the_admin_form(client, editor, settings, store):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    for _ in range(2):
        login(client, "guess")
    response = client.post("/admin/login/", {"username": "editor", "password": "the right password"}, REMOTE_ADDR="10.0.0.1")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Too many failed login attempts" in body or "Слишком много неудачных попыток" in body


def test_a_reader_is_not_locked_out_by_failures_from_another_address(client, reader, store):
    """Issue 16.8: twelve wrong passwords from one address locked the owner out everywhere (allauth's default)."""
    for _ in range(12):
        assert reader_login(client, "guess", address="203.0.113.9").status_code == 200
    assert reader_login(client, "the readers password", address="10.0.0.1").status_code == 302
    client.logout()
    refused = reader_login(client, "the readers password", address="203.0.113.9")
    assert refused.status_code == 200
    assert "Too many failed login attempts from your address" in refused.content.decode()


def test_readers_failures_count_per_account_from_an_address(client, reader, settings, store):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        reader_login(client, "guess")
    assert reader_login(client, "the readers password").status_code == 200
    assert not login(client, "the readers password", username="reader@example.org")  # the admin form too


def test_no_store_to_count_refuses_every_sign_in_with_a_clear_message(client, editor, reader, stores_down):
    response = client.post("/admin/login/", {"username": "editor", "password": "the right password"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200
    assert "Signing in is unavailable" in response.content.decode() or "Вход временно недоступен" in response.content.decode()
    response = reader_login(client, "the readers password")
    assert response.status_code == 200
    assert "Signing in is unavailable for a moment" in response.content.decode()


def test_with_redis_down_the_database_keeps_counting(client, editor, reader, settings, redis_down):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        assert not login(client, "guess")
    assert not login(client, "the right password")
    assert login(client, "the right password", address="10.0.0.2")
    assert reader_login(client, "the readers password", address="10.0.0.3").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(client, editor, settings, store):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        login(client, "guess", address="127.0.0.1", username=f"someone-{n}", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert not login(client, "the right password", address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    # Another reader behind the same proxy is not held back by that one.
    assert login(client, "the right password", address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")


def test_an_untrusted_sender_cannot_rotate_the_forwarded_header(client, editor, settings, store):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        login(client, "guess", address="203.0.113.5", username=f"someone-{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert not login(client, "the right password", address="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.99")
