import time

import pytest
from django.db.models import F

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
