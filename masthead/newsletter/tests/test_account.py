"""A signed-in reader sees, changes and ends the subscriptions of their own address on the account page, and only those."""

import re

import pytest

from masthead.articles.models import Rubric
from masthead.newsletter.models import Subscriber
from masthead.newsletter.tests.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(django_user_model, client):
    user = django_user_model.objects.create_user("reader", "Reader@Example.com", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def sections():
    politics = Rubric.objects.create(name="Политика", name_en="Politics", slug="politics", kind=Rubric.Kind.SECTION)
    economy = Rubric.objects.create(name="Экономика", name_en="Economy", slug="economy", kind=Rubric.Kind.SECTION)
    return politics, economy


def change(client, subscriber, **fields):
    prefix = f"subscription-{subscriber.pk}"
    data = {"subscriber": str(subscriber.pk), "action": "save"}
    for name, value in fields.items():
        data[f"{prefix}-{name}"] = value
    return client.post("/newsletter/account/", data)


def test_the_account_page_lists_only_the_readers_own_subscription_with_its_form(client, reader, site_tree):
    mine = make_subscriber("reader@example.com")
    make_subscriber("someone@example.com")
    page = client.get("/account/").content.decode()
    assert "reader@example.com" in page and "someone@example.com" not in page
    checked = re.findall(rf'<input type="radio" name="subscription-{mine.pk}-language" value="(\w+)"[^>]*checked', page)
    assert checked == ["ru"]


def test_the_reader_changes_the_edition_and_rubrics_from_the_account_page(client, reader, site_tree, sections):
    politics, economy = sections
    mine = make_subscriber("reader@example.com", language="ru")
    response = change(client, mine, language="en", rubrics=[str(economy.pk)])
    assert response.status_code == 302 and response["Location"].endswith("/account/")
    mine.refresh_from_db()
    assert mine.language == "en"
    assert [r.pk for r in mine.rubrics.all()] == [economy.pk]
    assert mine.state == Subscriber.State.CONFIRMED
    page = client.get("/account/").content.decode()
    assert "Your subscription is saved." in page or "Подписка сохранена." in page


def test_saving_with_no_rubric_ticked_means_every_rubric(client, reader, site_tree, sections):
    politics, _economy = sections
    mine = make_subscriber("reader@example.com")
    mine.rubrics.set([politics])
    change(client, mine, language="ru")
    assert list(mine.rubrics.all()) == []


@pytest.mark.parametrize("language", ["", "xx", "ru" * 200])
def test_a_bad_edition_changes_nothing_and_says_why(client, reader, site_tree, language):
    mine = make_subscriber("reader@example.com", language="ru")
    response = change(client, mine, language=language)
    assert response.status_code == 302
    assert Subscriber.objects.get(pk=mine.pk).language == "ru"
    page = client.get("/account/").content.decode()
    assert "was not changed" in page or "не изменена" in page


def test_an_unknown_rubric_changes_nothing(client, reader, site_tree, sections):
    politics, _economy = sections
    mine = make_subscriber("reader@example.com")
    mine.rubrics.set([politics])
    change(client, mine, language="en", rubrics=["999999", "abc"])
    mine.refresh_from_db()
    assert mine.language == "ru" and list(mine.rubrics.all()) == [politics]


def test_the_reader_ends_a_subscription_from_the_account_page(client, reader, site_tree):
    mine = make_subscriber("reader@example.com")
    response = client.post("/newsletter/account/", {"subscriber": str(mine.pk), "action": "leave"})
    assert response.status_code == 302
    assert Subscriber.objects.get(pk=mine.pk).state == Subscriber.State.UNSUBSCRIBED
    page = client.get("/account/").content.decode()
    assert "reader@example.com ·" not in page
    assert "/newsletter/subscribe/" in page  # the way back in


@pytest.mark.parametrize("value", ["", "abc", "-1", "9" * 40])
@pytest.mark.parametrize("action", ["leave", "save"])
def test_someone_elses_or_a_malformed_subscription_is_left_alone(client, reader, value, action):
    other = make_subscriber("someone@example.com")
    prefix = f"subscription-{other.pk}"
    client.post("/newsletter/account/", {"subscriber": value or str(other.pk), "action": action, f"{prefix}-language": "en"})
    other.refresh_from_db()
    assert other.state == Subscriber.State.CONFIRMED and other.language == "ru"


def test_managing_takes_a_signed_in_post(client, site_tree):
    mine = make_subscriber("reader@example.com")
    assert client.post("/newsletter/account/", {"subscriber": str(mine.pk), "action": "leave"}).status_code == 302
    assert client.get("/newsletter/account/").status_code in (302, 405)
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED


def test_managing_needs_the_csrf_token(reader, site_tree):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)
    mine = make_subscriber("reader@example.com")
    assert strict.post("/newsletter/account/", {"subscriber": str(mine.pk), "action": "leave"}).status_code == 403
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED


def test_the_subscribe_page_offers_the_signed_in_readers_address(client, reader, site_tree):
    page = client.get("/newsletter/subscribe/").content.decode()
    assert f'value="{reader.email}"' in page
