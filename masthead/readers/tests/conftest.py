"""The reader persona of the readers tests: a confirmed account with a profile."""

import itertools

import pytest

from masthead.readers.models import ReaderProfile

_n = itertools.count(1)
PASSWORD = "a long passphrase 42"


def make_reader(name: str = "Анна", **profile):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    n = next(_n)
    user = get_user_model().objects.create_user(username=f"reader{n}", email=f"reader{n}@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ReaderProfile.objects.create(user=user, display_name=name, **profile)
    return user


@pytest.fixture
def reader(db):
    return make_reader("Анна")


def signup(client, *, email="new@example.org", display_name="Новый читатель", prefix="", consent=True):
    from django.urls import reverse

    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": display_name}
    if consent:
        data["consent"] = "on"
    return client.post(prefix + reverse("account_signup"), data)
