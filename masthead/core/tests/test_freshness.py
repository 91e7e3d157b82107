import datetime as dt
import time

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from masthead.core import freshness
from masthead.core.models import ContentVersion
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def test_a_change_made_by_another_process_is_seen_after_the_ttl(settings):
    settings.CONTENT_VERSION_TTL = 0.2
    before = freshness.content_version()
    ContentVersion.objects.filter(pk=1).update(number=F("number") + 1)  # as another process would
    assert freshness.content_version() == before  # the copy is trusted for a moment
    time.sleep(0.25)
    assert freshness.content_version() == before + 1


def test_publishing_raises_the_version_but_saving_a_draft_does_not(site_tree):
    article = make_article("Опубликованная статья")
    before = freshness.content_version()
    article.title = "Правка в черновике"
    article.save_revision()  # what the editor's autosave does
    assert freshness.content_version() == before
    article.save_revision().publish()
    assert freshness.content_version() > before


def test_an_article_dated_later_appears_when_its_time_comes(client, site_tree):
    call_command("refresh_content")  # the scheduler's first check
    make_article("Статья с отложенной датой", published_at=timezone.now() + dt.timedelta(seconds=1))
    assert "Статья с отложенной датой" not in client.get("/").content.decode()
    time.sleep(1.2)
    call_command("refresh_content")  # what `make run` does every 30 seconds
    assert "Статья с отложенной датой" in client.get("/").content.decode()
