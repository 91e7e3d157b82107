"""An article dated in the future appears by itself when its time comes (refresh_content)."""

import datetime as dt
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def test_an_article_dated_later_appears_when_its_time_comes(client, site_tree):
    call_command("refresh_content")  # the scheduler's first check
    make_article("Статья с отложенной датой", published_at=timezone.now() + dt.timedelta(seconds=1))
    assert "Статья с отложенной датой" not in client.get("/").content.decode()
    time.sleep(1.2)
    call_command("refresh_content")  # what `make run` does every 30 seconds
    assert "Статья с отложенной датой" in client.get("/").content.decode()
