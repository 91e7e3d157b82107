"""A signed-in reader sees and ends the subscriptions of their own address on the account page, and only those."""

import pytest

from masthead.newsletter.models import Subscriber
from masthead.newsletter.tests.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(django_user_model, client):
    user = django_user_model.objects.create_user("reader", "Reader@Example.com", "pw")
    client.force_login(user)
    return user


def test_the_account_page_lists_the_readers_subscription_and_ends_it(client, reader, site_tree):
    mine = make_subscriber("reader@example.com")
    make_subscriber("someone@example.com")
    page = client.get("/account/").content.decode()
    assert "reader@example.com" in page and "someone@example.com" not in page
    response = client.post("/newsletter/account/leave/", {"subscriber": str(mine.pk)})
    assert response.status_code == 302
    assert Subscriber.objects.get(pk=mine.pk).state == Subscriber.State.UNSUBSCRIBED


@pytest.mark.parametrize("value", ["", "abc", "-1", "9" * 40])
def test_someone_elses_or_a_malformed_subscription_is_left_alone(client, reader, value):
    other = make_subscriber("someone@example.com")
    client.post("/newsletter/account/leave/", {"subscriber": value or str(other.pk)})
    assert Subscriber.objects.get(pk=other.pk).state == Subscriber.State.CONFIRMED


def test_leaving_from_the_account_takes_a_signed_in_post(client, site_tree):
    mine = make_subscriber("reader@example.com")
    assert client.post("/newsletter/account/leave/", {"subscriber": str(mine.pk)}).status_code == 302
    assert client.get("/newsletter/account/leave/").status_code in (302, 405)
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED
