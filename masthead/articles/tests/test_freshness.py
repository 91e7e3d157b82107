"""An article dated in the future appears by itself when its time comes (refresh_content)."""

import datetime as dt
import time
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from masthead.articles import freshness
from masthead.core.freshness import content_version
from masthead.core.models import ContentVersion
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def test_an_article_dated_later_appears_when_its_time_comes(client, site_tree):
    call_command("refresh_content")  # the scheduler's first check
    make_article("Статья с отложенной датой", published_at=timezone.now() + dt.timedelta(seconds=1))
    assert "Статья с отложенной датой" not in client.get("/").content.decode()
    time.sleep(1.2)
    call_command("refresh_content")  # what `make run` does every 30 seconds
    assert "Статья с отложенной датой" in client.get("/").content.decode()


class Killed(BaseException):
    """The job's process dying: not an Exception, so no handler on the way catches it."""


def test_a_check_killed_before_its_bump_is_done_by_the_next_run(site_tree):
    call_command("refresh_content")
    make_article("Статья, чей час настал", published_at=timezone.now() + dt.timedelta(seconds=1))
    time.sleep(1.2)
    content_version()  # makes the row if need be
    before = ContentVersion.objects.get(pk=1).number
    with mock.patch.object(freshness, "bump_content_version", side_effect=Killed), pytest.raises(Killed):
        call_command("refresh_content")
    call_command("refresh_content")
    assert ContentVersion.objects.get(pk=1).number > before
