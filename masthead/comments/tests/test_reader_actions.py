"""Edit, delete, report, appeal, and the name shown: what a reader may do to their own and others' comments."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from masthead.comments.models import Block, Comment, CommentReport
from masthead.comments.tests.conftest import UA, make_comment, make_reader
from masthead.core.tests.stores import store  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_the_author_edits_within_ten_minutes_and_the_edit_is_judged_again(client, article, reader, seasoned):
    comment = make_comment(article, reader, "Первый вариант")
    client.force_login(reader)
    url = reverse("comments:edit", args=[comment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Второй вариант, см. evil.com"}, HTTP_USER_AGENT=UA, HTTP_REFERER="http://testserver/")
    assert response.status_code == 400
    assert "evil.com" in response.content.decode()
    assert Comment.objects.get().text == "Первый вариант"
    assert client.post(url, {"text": "Второй вариант"}, HTTP_USER_AGENT=UA, HTTP_REFERER="http://testserver/").status_code == 302
    comment.refresh_from_db()
    assert (comment.text, comment.status) == ("Второй вариант", "published")
    assert comment.edited_at is not None


def test_after_ten_minutes_edit_and_delete_are_refused(client, article, reader):
    comment = make_comment(article, reader, created_at=timezone.now() - dt.timedelta(minutes=11))
    client.force_login(reader)
    assert client.post(reverse("comments:edit", args=[comment.pk]), {"text": "Новое"}, HTTP_USER_AGENT=UA, HTTP_REFERER="http://testserver/").status_code == 403
    assert client.post(reverse("comments:delete", args=[comment.pk])).status_code == 403
    assert Comment.objects.get().status == "published"


def test_the_author_deletes_their_comment_and_it_leaves_the_thread(client, article, reader):
    comment = make_comment(article, reader, "Удалю")
    client.force_login(reader)
    assert client.get(reverse("comments:delete", args=[comment.pk])).status_code == 405
    assert client.post(reverse("comments:delete", args=[comment.pk])).status_code == 302
    assert Comment.objects.get().status == "deleted"
    assert "Удалю" not in client.get(article.url).content.decode()


def test_someone_elses_comment_cannot_be_edited_or_deleted(client, article, reader, other_reader):
    comment = make_comment(article, other_reader)
    client.force_login(reader)
    assert client.post(reverse("comments:edit", args=[comment.pk]), {"text": "x"}).status_code == 404
    assert client.post(reverse("comments:delete", args=[comment.pk])).status_code == 404


def test_a_report_puts_the_comment_in_the_queue_once(client, article, reader, other_reader):
    comment = make_comment(article, other_reader)
    client.force_login(reader)
    assert client.post(reverse("comments:report", args=[comment.pk])).status_code == 302
    assert client.post(reverse("comments:report", args=[comment.pk])).status_code == 302
    assert CommentReport.objects.count() == 1
    assert list(Comment.objects.in_queue()) == [comment]
    assert Comment.objects.get().report_count == 1


def test_own_comment_cannot_be_reported_and_blocked_readers_cannot_report(client, article, reader, other_reader):
    own = make_comment(article, reader)
    client.force_login(reader)
    assert client.post(reverse("comments:report", args=[own.pk])).status_code == 403
    theirs = make_comment(article, other_reader, "Чужой")
    Block.objects.create(user=reader, reason="Спам")
    response = client.post(reverse("comments:report", args=[theirs.pk]))
    assert response.status_code == 403 and "Спам" in response.content.decode()
    assert not CommentReport.objects.exists()


def test_a_blocked_reader_cannot_edit(client, article, reader):
    comment = make_comment(article, reader)
    Block.objects.create(user=reader, until=timezone.now() + dt.timedelta(days=1))
    client.force_login(reader)
    assert client.post(reverse("comments:edit", args=[comment.pk]), {"text": "Новое"}, HTTP_USER_AGENT=UA, HTTP_REFERER="http://testserver/").status_code == 403


def test_an_expired_block_no_longer_applies(client, article, reader, seasoned):
    Block.objects.create(user=reader, until=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(reader)
    response = client.post(reverse("comments:submit", args=[article.pk]), {"text": "Снова здесь"}, HTTP_USER_AGENT=UA, HTTP_REFERER="http://testserver/")
    assert response.status_code == 302


def test_rotating_accounts_from_one_address_hit_the_visitor_limit(client, article, settings, seasoned, store):
    settings.COMMENTS_VISITOR_PER_HOUR = 2
    settings.COMMENTS_MIN_INTERVAL = 0
    statuses = []
    for n in range(3):
        client.force_login(make_reader())
        statuses.append(client.post(reverse("comments:submit", args=[article.pk]), {"text": f"Текст {n}"}, HTTP_USER_AGENT=UA, HTTP_REFERER="http://testserver/").status_code)
    assert statuses == [302, 302, 429]


def test_an_ordinary_name_is_saved_and_shown_escaped(client, article, reader, seasoned):
    client.force_login(reader)
    response = client.post(reverse("readers:account"), {"display_name": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 302
    make_comment(article, reader)
    body = client.get(article.url).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img src=x" not in body


def test_appeal_needs_a_rejected_comment_of_ones_own(client, article, reader, other_reader):
    published = make_comment(article, reader)
    theirs = make_comment(article, other_reader, status=Comment.Status.REJECTED)
    client.force_login(reader)
    assert client.post(reverse("comments:appeal"), {"comment": published.pk, "text": "Почему?"}).status_code == 403
    assert client.post(reverse("comments:appeal"), {"comment": theirs.pk, "text": "Почему?"}).status_code == 404
    assert client.get(reverse("comments:appeal")).status_code == 405


def test_a_blocked_reader_appeals_the_block_once(client, reader, moderator):
    block = Block.objects.create(user=reader, reason="Флуд", created_by=moderator)
    client.force_login(reader)
    page = client.get(reverse("readers:account")).content.decode()
    assert "Флуд" in page
    assert client.post(reverse("comments:appeal"), {"block": block.pk, "text": "Больше не буду"}).status_code == 302
    assert client.post(reverse("comments:appeal"), {"block": block.pk, "text": "Правда"}).status_code == 409


def test_the_old_account_address_redirects_for_good_in_the_readers_language(client):
    # The account page moved to the readers app (masthead.readers); bookmarks and old mails follow it.
    response = client.get("/comments/account/")
    assert (response.status_code, response["Location"]) == (301, "/account/")
    response = client.get("/en/comments/account/")
    assert (response.status_code, response["Location"]) == (301, "/en/account/")


def test_replies_under_a_deleted_comment_are_neither_shown_nor_counted(client, article, reader, other_reader):
    parent = make_comment(article, reader, "Родитель")
    make_comment(article, other_reader, "Сирота", parent=parent)
    make_comment(article, other_reader, "Другой")
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.DELETED)
    body = client.get(article.url).content.decode()
    assert "Сирота" not in body and "Родитель" not in body
    assert '<span class="comments__count">1</span>' in body
