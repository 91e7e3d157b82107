"""The moderators' admin views: what they show, what they do, and 403 for everyone else."""

import pytest
from django.core import mail
from django.urls import reverse

from masthead.comments.models import Appeal, AuditEntry, Block, Comment, Decision
from masthead.comments.tests.conftest import make_comment

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    ("comments_admin:queue", []),
    ("comments_admin:appeals", []),
    ("comments_admin:blocks", []),
    ("comments_admin:audit", []),
]


@pytest.mark.parametrize(("name", "args"), ADMIN_URLS)
def test_an_editor_without_the_permission_gets_403(client, editor, name, args):
    client.force_login(editor)
    assert client.get(reverse(name, args=args)).status_code == 403
    assert client.post(reverse(name, args=args)).status_code in (403, 405)


def test_block_views_are_403_for_an_editor(client, editor, reader):
    client.force_login(editor)
    assert client.get(reverse("comments_admin:block_create", args=[reader.pk])).status_code == 403
    block = Block.objects.create(user=reader)
    assert client.post(reverse("comments_admin:block_lift", args=[block.pk])).status_code == 403
    assert Block.objects.get().lifted_at is None


def test_rules_and_word_lists_are_403_for_an_editor(client, editor):
    from masthead.comments.wagtail_hooks import banned_word_viewset, rule_viewset

    client.force_login(editor)
    assert client.get(reverse(rule_viewset.get_url_name("index"))).status_code in (302, 403)
    assert client.get(reverse(banned_word_viewset.get_url_name("index"))).status_code in (302, 403)


@pytest.mark.parametrize(("name", "args"), ADMIN_URLS)
def test_a_moderator_sees_every_view(client, moderator, name, args):
    client.force_login(moderator)
    assert client.get(reverse(name, args=args)).status_code == 200


def test_the_queue_highlights_the_reason_escaped(client, moderator, article, reader):
    comment = make_comment(article, reader, "Смотри <b>evil.com</b> тут", status=Comment.Status.HELD)
    start = comment.text.index("evil.com")
    Decision.objects.create(
        comment=comment, rule_code="links", action="hold", start=start, end=start + 8, matched="evil.com", deciding=True
    )
    client.force_login(moderator)
    body = client.get(reverse("comments_admin:queue")).content.decode()
    assert '<mark class="comments-match" title="links">evil.com</mark>' in body
    assert "&lt;b&gt;" in body and "<b>evil.com" not in body


def test_bulk_approve_and_single_delete_are_audited(client, moderator, article, reader):
    held = [make_comment(article, reader, f"Ждёт {n}", status=Comment.Status.HELD) for n in range(3)]
    client.force_login(moderator)
    response = client.post(reverse("comments_admin:queue"), {"action": "approve", "selected": [held[0].pk, held[1].pk]})
    assert response.status_code == 302
    client.post(reverse("comments_admin:queue"), {"one": f"remove:{held[2].pk}"})
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in held] == ["published", "published", "removed"]
    assert AuditEntry.objects.filter(actor=moderator, action="approve").count() == 2
    assert AuditEntry.objects.filter(actor=moderator, action="remove").count() == 1


def test_approve_cannot_resurrect_a_deleted_comment(moderator, article, reader):
    from masthead.comments.services import comment_moderate

    comment = make_comment(article, reader, status=Comment.Status.HELD)
    assert comment_moderate(comment=comment, moderator=moderator, action="remove")
    assert not comment_moderate(comment=comment, moderator=moderator, action="approve")
    assert Comment.objects.get().status == Comment.Status.REMOVED


def test_a_moderator_blocks_silently_and_the_reader_cannot_post(client, moderator, reader, article):
    client.force_login(moderator)
    response = client.post(reverse("comments_admin:block_create", args=[reader.pk]), {"reason": "Флуд", "until": "", "notify": ""})
    assert response.status_code == 302
    assert Block.objects.active().filter(user=reader).exists()
    assert mail.outbox == []
    assert AuditEntry.objects.filter(action="block", subject=reader, actor=moderator).exists()
    client.force_login(reader)
    response = client.post(reverse("comments:submit", args=[article.pk]), {"text": "Привет"}, HTTP_USER_AGENT="x", HTTP_REFERER="http://testserver/")
    assert response.status_code == 403
    assert "Флуд" in response.content.decode()


def test_a_block_with_notice_mails_the_reader_and_unblock_restores(client, moderator, reader, django_capture_on_commit_callbacks):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("comments_admin:block_create", args=[reader.pk]),
            {"reason": "Оскорбления", "until": "2099-01-01T10:00", "notify": "on"},
        )
    assert len(mail.outbox) == 1 and "Оскорбления" in mail.outbox[0].body
    block = Block.objects.get()
    client.post(reverse("comments_admin:block_lift", args=[block.pk]))
    assert not Block.objects.active().exists()
    assert AuditEntry.objects.filter(action="unblock").exists()


def test_an_appeal_is_answered_by_mail_and_on_the_account_page(client, moderator, reader, article, django_capture_on_commit_callbacks):
    comment = make_comment(article, reader, "Отклонённый", status=Comment.Status.REJECTED)
    client.force_login(reader)
    assert client.post(reverse("comments:appeal"), {"comment": comment.pk, "text": "Там не было ссылки"}).status_code == 302
    assert client.post(reverse("comments:appeal"), {"comment": comment.pk, "text": "Ещё раз"}).status_code == 409
    appeal = Appeal.objects.get()
    client.force_login(moderator)
    assert "Там не было ссылки" in client.get(reverse("comments_admin:appeals")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("comments_admin:appeals"), {"appeal": appeal.pk, "granted": "1", "answer": "Вы правы, опубликовано"})
    assert Comment.objects.get().status == Comment.Status.PUBLISHED
    assert len(mail.outbox) == 1 and "Вы правы" in mail.outbox[0].body
    client.force_login(reader)
    assert "Вы правы, опубликовано" in client.get(reverse("readers:account")).content.decode()


def test_the_audit_log_lists_automatic_decisions(client, moderator, article, reader, seasoned):
    client.force_login(reader)
    client.post(reverse("comments:submit", args=[article.pk]), {"text": "см. evil.com"}, HTTP_USER_AGENT="x", HTTP_REFERER="http://testserver/")
    client.force_login(moderator)
    body = client.get(reverse("comments_admin:audit")).content.decode()
    assert "<td>Ссылки на сторонние ресурсы</td>" in body and "<td>links</td>" not in body  # the rule's name, not its key


def test_the_comments_menu_counts_what_awaits_moderation(client, moderator, article, reader):
    import json

    make_comment(article, reader, "Ждёт модератора", status=Comment.Status.HELD)
    make_comment(article, reader, "Уже опубликован")
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is JSON for Wagtail's script, non-ASCII escaped.
    assert json.dumps("Комментарии (1)")[1:-1] in html
