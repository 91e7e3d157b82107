"""The messenger-handles rule end to end: installed by its migration, held by default, own channel passes."""

import pytest
from django.urls import reverse

from masthead.comments.models import Comment, Decision, Rule
from masthead.comments.tests.conftest import UA

pytestmark = pytest.mark.django_db


def post(client, article, text):
    return client.post(
        reverse("comments:submit", args=[article.pk]), {"text": text}, HTTP_USER_AGENT=UA, HTTP_REFERER="http://testserver/"
    )


def test_the_migration_installs_the_rule_held_by_default():
    rule = Rule.objects.get(code=Rule.Code.HANDLES)
    assert rule.action == "hold"
    assert rule.explanation("ru").startswith("Комментарии с упоминанием аккаунтов")


def test_a_messenger_handle_is_held_for_a_moderator(client, article, reader, seasoned):
    client.force_login(reader)
    post(client, article, "Всё самое интересное у нас: @evil_channel")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    decision = Decision.objects.get(comment=comment, deciding=True)
    assert (decision.rule_code, decision.matched, decision.detail) == ("handles", "@evil_channel", "@evil_channel")


def test_the_sites_own_telegram_channel_passes(client, article, reader, seasoned):
    seasoned.TELEGRAM_CHANNELS = ["@masthead_news"]
    client.force_login(reader)
    post(client, article, "Спасибо, читаю вас и в @masthead_news")
    assert Comment.objects.get().status == Comment.Status.PUBLISHED


def test_an_editor_may_make_handles_refused(client, article, reader, seasoned):
    Rule.objects.filter(code=Rule.Code.HANDLES).update(action="reject")
    client.force_login(reader)
    response = post(client, article, "тг: evil_channel")
    assert response.status_code == 400
    assert Comment.objects.get().status == Comment.Status.REJECTED
