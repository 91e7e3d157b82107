"""The editors' queue in the Wagtail admin."""

import json

import pytest
from django.urls import reverse

from masthead.testing import make_article, make_rubric
from masthead.typos.models import Correction, TypoReport

pytestmark = pytest.mark.django_db

XSS = '<img src=x onerror=alert(1)>{{7*7}}<script>alert(2)</script>'


@pytest.fixture
def reported(reader, article):
    reader.report(article, "указ изменит", before="считают, что ", after=" рынок.", comment="Опечатка")
    return TypoReport.objects.get()


def test_the_queue_shows_the_fragment_highlighted_in_context(client, editor, reported):
    client.force_login(editor)
    response = client.get(reverse("typos_admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Эксперты считают, что " in html
    assert ">указ изменит</mark>" in html
    assert reported.get_admin_url() in html
    assert f"/admin/pages/{reported.article_id}/edit/#:w:contentpath=body.{reported.block_id}" in html


def test_the_menu_item_carries_the_open_count(client, editor, reported):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is JSON for Wagtail's script, non-ASCII escaped.
    assert json.dumps("Опечатки (1)")[1:-1] in html


def test_a_user_without_the_permission_gets_403_from_direct_urls(client, limited_editor, reported):
    client.force_login(limited_editor)
    assert client.get(reverse("typos_admin:index")).status_code == 403
    assert client.get(reverse("typos_admin:detail", args=[reported.pk])).status_code == 403
    response = client.post(reverse("typos_admin:detail", args=[reported.pk]), {"status": "fixed"})
    assert response.status_code == 403
    reported.refresh_from_db()
    assert reported.status == TypoReport.Status.OPEN


def test_an_editor_without_add_correction_cannot_publish_one(client, django_user_model, reported):
    from masthead.typos.tests.conftest import make_editor

    reviewer = make_editor(django_user_model, "reviewer", perms=("review_typoreport",))
    client.force_login(reviewer)
    url = reverse("typos_admin:detail", args=[reported.pk])
    assert "publish_correction" not in client.get(url).content.decode()
    response = client.post(url, {"publish_correction": "1", "text": "Исправлено."})
    assert response.status_code == 403
    assert not Correction.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login(client, reported):
    response = client.get(reverse("typos_admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_fixed_and_rejected_close_a_report(client, editor, reported):
    client.force_login(editor)
    url = reverse("typos_admin:detail", args=[reported.pk])
    assert client.post(url, {"status": "rejected"}).status_code == 302
    reported.refresh_from_db()
    assert reported.status == "rejected" and reported.resolved_by == editor
    client.post(url, {"status": "open"})
    client.post(url, {"status": "fixed"})
    reported.refresh_from_db()
    assert reported.status == "fixed"
    # The default queue shows open reports only; "All" shows the rest.
    assert reported.get_admin_url() not in client.get(reverse("typos_admin:index")).content.decode()
    assert reported.get_admin_url() in client.get(reverse("typos_admin:index") + "?status=").content.decode()


def test_an_unknown_action_is_refused_without_change(client, editor, reported):
    client.force_login(editor)
    response = client.post(reverse("typos_admin:detail", args=[reported.pk]), {"status": "deleted"})
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == "open"


def test_publishing_a_correction_shows_it_on_the_article_and_the_log(client, editor, reported, article):
    client.force_login(editor)
    url = reverse("typos_admin:detail", args=[reported.pk])
    client.post(url, {"publish_correction": "1", "text": "Исправлена опечатка в третьем абзаце."})
    reported.refresh_from_db()
    assert reported.status == "fixed"
    correction = Correction.objects.get()
    assert correction.article_id == article.pk and correction.language == "ru"
    client.logout()
    page = client.get(article.url).content.decode()
    assert "Исправлена опечатка в третьем абзаце." in page
    log = client.get("/corrections/").content.decode()
    assert "Исправлена опечатка в третьем абзаце." in log and article.title in log


def test_an_empty_correction_is_refused(client, editor, reported):
    client.force_login(editor)
    response = client.post(reverse("typos_admin:detail", args=[reported.pk]), {"publish_correction": "1", "text": ""})
    assert response.status_code == 200
    assert not Correction.objects.exists()


def test_filters_by_rubric_and_status(client, editor, reader, article):
    other_rubric = make_rubric("Экономика", slug="economy")
    other = make_article("Про рынок", paragraphs=["Рынок вырос."], rubrics=[other_rubric])
    reader.report(article, "подписал указ")
    reader.report(other, "Рынок вырос")
    client.force_login(editor)
    html = client.get(reverse("typos_admin:index") + f"?rubric={other_rubric.pk}").content.decode()
    assert ">Рынок вырос</mark>" in html and ">подписал указ</mark>" not in html
    html = client.get(reverse("typos_admin:index") + "?status=fixed").content.decode()
    assert "</mark>" not in html


def test_markup_from_readers_stays_inert_in_the_admin(client, editor, reader, article):
    reader.report(article, XSS, comment=XSS)
    report = TypoReport.objects.get()
    client.force_login(editor)
    for url in (reverse("typos_admin:index"), reverse("typos_admin:detail", args=[report.pk])):
        html = client.get(url).content.decode()
        assert "<img src=x" not in html and "<script>alert(2)" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;{{7*7}}" in html


def test_the_queue_query_count_does_not_grow_with_rows(client, editor, reader, article, django_assert_max_num_queries):
    from masthead.typos.tests.conftest import Reader

    fragments = ["подписал", "мерах", "поддержки", "понедельник", "Документ", "вступает", "января", "рынок"]
    for i, fragment in enumerate(fragments):
        Reader(REMOTE_ADDR=f"192.0.2.{i}").report(article, fragment)
    assert TypoReport.objects.count() == 8
    client.force_login(editor)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("typos_admin:index")).status_code == 200


def test_superusers_assign_editors_to_rubrics(client, django_user_model, rubric, editor):
    from masthead.typos.models import ResponsibleEditor

    chief = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(chief)
    assert client.get(reverse("typo_editors:index")).status_code == 200
    response = client.post(reverse("typo_editors:add"), {"user": editor.pk, "rubrics": [rubric.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(ResponsibleEditor.objects.get(user=editor).rubrics.all()) == [rubric]


def test_editors_without_the_permission_get_403_from_the_recipients_admin(client, editor):
    client.force_login(editor)
    assert client.get(reverse("typo_editors:index")).status_code == 403
    assert client.get(reverse("typo_editors:add")).status_code == 403
