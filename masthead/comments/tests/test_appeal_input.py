"""An appeal names its comment or block by number; anything else is a clear 400, not a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "target", [{"comment": "abc"}, {"block": "abc"}, {"comment": "1.5"}, {"comment": "-3"}, {"block": str(10**30)}]
)
def test_a_target_that_is_not_a_number_is_a_400_with_a_message(client, reader, target):
    client.force_login(reader)
    response = client.post("/en" + reverse("comments:appeal"), {**target, "text": "Почему?"})
    assert response.status_code == 400
    assert "This appeal names no comment or block of yours." in response.content.decode()
