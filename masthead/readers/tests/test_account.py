"""The account page and sign-up: one name check for both, sections from other apps, the old address redirected."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from masthead.readers.tests.conftest import signup

pytestmark = pytest.mark.django_db


def test_the_account_page_needs_a_login(client):
    response = client.get(reverse("readers:account"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_account_page_speaks_the_readers_language(client, reader):
    client.force_login(reader)
    assert "Ваш аккаунт" in client.get("/account/").content.decode()
    assert "Your account" in client.get("/en/account/").content.decode()


def test_a_login_lands_on_the_account_page(client, reader):
    response = client.post(reverse("account_login"), {"login": reader.email, "password": "a long passphrase 42"})
    assert (response.status_code, response["Location"]) == (302, reverse("readers:account"))


def test_apps_add_their_sections_to_the_account_page(client, reader):
    client.force_login(reader)
    body = client.get(reverse("readers:account")).content.decode()
    assert 'id="account-comments"' in body  # comments' section (masthead_account_sections hook)


def test_a_rename_is_saved(client, reader):
    client.force_login(reader)
    response = client.post(reverse("readers:account"), {"display_name": "Анна Петрова", "notify_replies": "on"})
    assert response.status_code == 302
    reader.reader_profile.refresh_from_db()
    assert (reader.reader_profile.display_name, reader.reader_profile.notify_replies) == ("Анна Петрова", True)


@pytest.mark.parametrize("name", ["", "   ", "\u200b\u200b", "\u200b\u200c\u200d\ufeff\u2060", "\u202e", "\u3164"])
def test_the_account_page_refuses_an_empty_or_invisible_name_as_signup_does(client, reader, name):
    client.force_login(reader)
    response = client.post(reverse("readers:account"), {"display_name": name, "notify_replies": "on"})
    assert response.status_code == 400
    assert "visible" in response.content.decode() or "видим" in response.content.decode()
    reader.reader_profile.refresh_from_db()
    assert reader.reader_profile.display_name == "Анна"
    client.logout()
    response = signup(client, display_name=name)
    assert response.status_code == 200 and not get_user_model().objects.filter(email="new@example.org").exists()


def test_a_bidi_override_is_removed_from_the_name_on_the_account_page(client, reader):
    client.force_login(reader)
    assert client.post(reverse("readers:account"), {"display_name": "\u202eNIMDA"}).status_code == 302
    reader.reader_profile.refresh_from_db()
    assert reader.reader_profile.display_name == "NIMDA"


@pytest.mark.parametrize("name", ["Editorial", "Редакция", "Администратор", "\u0391dmin", "A d m i n", "РЕДАКЦИЯ", "Moderator", "Ad\u200bmin"])
def test_names_that_impersonate_staff_are_refused(client, reader, name):
    client.force_login(reader)
    response = client.post(reverse("readers:account"), {"display_name": name, "notify_replies": "on"})
    assert response.status_code == 400
    reader.reader_profile.refresh_from_db()
    assert reader.reader_profile.display_name == "Анна"


def test_signup_asks_for_a_display_name_and_refuses_staff_names(client):
    response = signup(client, display_name="Редакция")
    assert response.status_code == 200
    assert "reserved" in response.content.decode() or "зарезерв" in response.content.decode()
    response = signup(client, display_name="Новый читатель")
    assert response.status_code == 302
    profile = get_user_model().objects.get(email="new@example.org").reader_profile
    assert (profile.display_name, profile.language) == ("Новый читатель", "ru")


def test_signup_removes_a_bidi_override_and_remembers_the_language(client):
    assert signup(client, display_name="\u202eNIMDA", prefix="/en").status_code == 302
    profile = get_user_model().objects.get(email="new@example.org").reader_profile
    assert (profile.display_name, profile.language) == ("NIMDA", "en")


def test_signup_refuses_a_zero_width_name(client):
    response = signup(client, display_name="\u200b\u200d")
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="new@example.org").exists()
