import datetime as dt
import sys
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.core.management.commands.serve import run_due_jobs
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
    run_due_jobs({}, errors=sys.stderr)  # what `make run` does every 30 seconds
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    assert article.published_at is not None
    assert client.get(article.url).status_code == 200
    assert "Статья по расписанию" in client.get("/").content.decode()
