import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", "editor@example.com", "the right password", is_staff=True)


def login(client, password, address="10.0.0.1", username="editor"):
    response = client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code == 302


def test_guessing_an_editors_password_is_throttled(client, editor, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    for _ in range(5):
        assert not login(client, "guess")
    assert not login(client, "the right password")  # even the right one waits out the window here


def test_failures_elsewhere_do_not_lock_the_editor_out(client, editor, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    for _ in range(10):
        login(client, "guess", address="203.0.113.9")
    assert login(client, "the right password", address="10.0.0.1")


def test_one_address_guessing_many_accounts_is_throttled(client, editor, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    for n in range(8):
        login(client, "guess", username=f"someone-{n}")
    assert not login(client, "the right password")
