"""Editors write, preview, test-send and send a one-off issue; the list shows sent and failed counts; 403 for others."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from masthead.newsletter.models import Delivery, Issue
from masthead.newsletter.tests.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.com", "pw")
    group = Group.objects.create(name="Newsletter editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="newsletter", codename__endswith="_issue"),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def plain_editor(django_user_model):
    user = django_user_model.objects.create_user("limited", "l@example.com", "pw")
    group = Group.objects.create(name="Plain")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def issue(site_tree):
    return Issue.objects.create(language="ru", subject="Мы переехали", body="<p>Новый адрес <b>редакции</b>.</p>")


def test_the_list_shows_sent_and_failed_counts(client, editor, issue):
    for n, state in enumerate(["sent", "sent", "failed"]):
        Delivery.objects.create(issue=issue, subscriber=make_subscriber(f"r{n}@example.com"), state=state)
    client.force_login(editor)
    response = client.get("/admin/newsletter_issue/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Мы переехали" in html
    edit = client.get(f"/admin/newsletter_issue/edit/{issue.pk}/").content.decode()
    assert "отправлено: 2, не доставлено: 1" in edit


def test_the_preview_renders_the_mail(client, editor, issue):
    client.force_login(editor)
    response = client.get(f"/admin/newsletter/issue/{issue.pk}/preview/")
    assert response.status_code == 200
    assert "Новый адрес <b>редакции</b>" in response.content.decode()


def test_a_test_send_goes_to_the_editor_only(client, editor, issue):
    make_subscriber("reader@example.com")
    client.force_login(editor)
    client.post(f"/admin/newsletter/issue/{issue.pk}/test/")
    [message] = mail.outbox
    assert message.to == ["ed@example.com"] and "Мы переехали" in message.subject
    assert not Delivery.objects.exists()
    assert Issue.objects.get().state == Issue.State.DRAFT


def test_send_starts_the_issue_once(client, editor, issue):
    client.force_login(editor)
    client.post(f"/admin/newsletter/issue/{issue.pk}/send/")
    assert Issue.objects.get().state == Issue.State.SENDING
    response = client.post(f"/admin/newsletter/issue/{issue.pk}/send/", follow=True)
    assert "уже отправлен" in response.content.decode()


@pytest.mark.parametrize("action", ["preview", "test", "send"])
def test_an_editor_without_the_permission_gets_403(client, plain_editor, issue, action):
    client.force_login(plain_editor)
    method = client.get if action == "preview" else client.post
    assert method(f"/admin/newsletter/issue/{issue.pk}/{action}/").status_code == 403
    assert Issue.objects.get().state == Issue.State.DRAFT and not mail.outbox


def test_a_get_to_send_is_refused(client, editor, issue):
    client.force_login(editor)
    assert client.get(f"/admin/newsletter/issue/{issue.pk}/send/").status_code == 405


def test_the_settings_are_editable_in_the_admin(admin_client):
    response = admin_client.get("/admin/settings/newsletter/newslettersettings/", follow=True)
    assert response.status_code == 200 and "digest_hour" in response.content.decode()


def test_an_issue_that_went_out_cannot_be_edited(client, editor, issue):
    client.force_login(editor)
    body = '{"blocks": [{"key": "a", "type": "unstyled", "text": "Текст", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'
    client.post(f"/admin/newsletter_issue/edit/{issue.pk}/", {"language": "ru", "subject": "Черновик правлен", "body": body})
    assert Issue.objects.get().subject == "Черновик правлен"  # a draft is editable with this very form
    Issue.objects.filter(pk=issue.pk).update(state=Issue.State.SENDING)
    client.post(f"/admin/newsletter_issue/edit/{issue.pk}/", {"language": "ru", "subject": "Другое", "body": body})
    assert Issue.objects.get().subject == "Черновик правлен"


def test_the_subscriber_list_is_for_those_allowed_to_see_it(client, editor, admin_client, issue):
    make_subscriber("reader@example.com")
    response = admin_client.get("/admin/newsletter_subscribers/")
    assert response.status_code == 200 and "reader@example.com" in response.content.decode()
    client.force_login(editor)
    assert client.get("/admin/newsletter_subscribers/").status_code in (302, 403)  # no subscriber permissions
