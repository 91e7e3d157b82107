"""An article dated in the future appears by itself when its time comes (refresh_content)."""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from masthead.articles import freshness
from masthead.articles.models import ArticlePage
from masthead.core.models import ContentVersion
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def come_due(article) -> None:
    """Its time comes: dated just after the scheduler's last check, so it is due without waiting on a clock."""
    checked_at = ContentVersion.objects.get(pk=1).checked_at
    ArticlePage.objects.filter(pk=article.pk).update(published_at=checked_at + dt.timedelta(microseconds=1))


def test_an_article_dated_later_appears_when_its_time_comes(client, site_tree):
    call_command("refresh_content")  # the scheduler's first check
    article = make_article("Статья с отложенной датой", published_at=timezone.now() + dt.timedelta(hours=1))
    assert "Статья с отложенной датой" not in client.get("/").content.decode()
    come_due(article)
    call_command("refresh_content")  # what `make run` does every 30 seconds
    assert "Статья с отложенной датой" in client.get("/").content.decode()


class Killed(BaseException):
    """The job's process dying: not an Exception, so no handler on the way catches it."""


def test_a_check_killed_before_its_bump_is_done_by_the_next_run(site_tree):
    call_command("refresh_content")
    come_due(make_article("Статья, чей час настал", published_at=timezone.now() + dt.timedelta(hours=1)))
    before = ContentVersion.objects.get(pk=1).number
    with mock.patch.object(freshness, "bump_content_version", side_effect=Killed), pytest.raises(Killed):
        call_command("refresh_content")
    call_command("refresh_content")
    assert ContentVersion.objects.get(pk=1).number > before
