import datetime as dt
import sys
import time
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from masthead.articles.models import ArticlePage
from masthead.core.jobs import Scheduler
from masthead.core.scheduled_publishing import publish_revision_if_due
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def schedule(article: ArticlePage, when: dt.datetime) -> None:
    article.go_live_at = when
    article.save_revision().publish()


def test_scheduled_article_stays_hidden_until_its_time(client, site_tree):
    article = make_article("Запланированная статья", live=False)
    schedule(article, timezone.now() + dt.timedelta(hours=1))
    article.refresh_from_db()
    assert not article.live
    call_command("publish_scheduled")
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert "Запланированная статья" not in client.get("/").content.decode()


def test_scheduler_publishes_when_the_time_comes(client, site_tree, settings):
    article = make_article("Статья по расписанию", live=False)
    schedule(article, timezone.now() + dt.timedelta(seconds=2))
    assert not ArticlePage.objects.get(pk=article.pk).live
    time.sleep(2.5)
    Scheduler(settings.PERIODIC_COMMANDS, errors=sys.stderr).run_due()  # what `make run` does every 30 seconds
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    assert article.published_at is not None
    assert client.get(article.url).status_code == 200
    assert "Статья по расписанию" in client.get("/").content.decode()


class Killed(BaseException):
    """The job's process dying: not an Exception, so no handler on the way catches it."""


def wait_until_due(when: dt.datetime) -> None:
    while timezone.now() <= when:
        time.sleep(0.1)


def test_a_publish_killed_halfway_is_published_once_by_the_next_run(site_tree):
    """Wagtail clears the revision's go-live time before it saves the page live: dying between lost the article."""
    article = make_article("Прерванная публикация", live=False)
    go_live = timezone.now() + dt.timedelta(seconds=1)
    schedule(article, go_live)
    wait_until_due(go_live)
    with mock.patch.object(ArticlePage, "save", side_effect=Killed), pytest.raises(Killed):
        call_command("publish_scheduled")
    assert not ArticlePage.objects.get(pk=article.pk).live
    call_command("publish_scheduled")
    call_command("publish_scheduled")
    assert ArticlePage.objects.get(pk=article.pk).live
    assert PageLogEntry.objects.filter(page_id=article.pk, action="wagtail.publish.scheduled").count() == 1


def test_a_revision_another_run_published_is_not_published_again(site_tree):
    article = make_article("Уже опубликована", live=False)
    go_live = timezone.now() + dt.timedelta(seconds=1)
    schedule(article, go_live)
    wait_until_due(go_live)
    revision = Revision.objects.get(object_id=str(article.pk), approved_go_live_at__isnull=False)
    assert publish_revision_if_due(revision.pk) is True
    assert publish_revision_if_due(revision.pk) is False
    assert PageLogEntry.objects.filter(page_id=article.pk, action="wagtail.publish.scheduled").count() == 1
