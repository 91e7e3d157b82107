"""Posting a comment through the reader's form, the way a browser without JavaScript does."""

import pytest
from django.core import mail
from django.urls import reverse

from masthead.comments.models import AuditEntry, Block, Comment, Decision
from masthead.comments.tests.conftest import UA, make_comment
from masthead.core.tests.stores import store  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def post(client, article, text, **extra):
    data = {"text": text, **{k: v for k, v in extra.items() if not k.startswith("HTTP_")}}
    headers = {"HTTP_USER_AGENT": UA, "HTTP_REFERER": "http://testserver/", **{k: v for k, v in extra.items() if k.startswith("HTTP_")}}
    return client.post(reverse("comments:submit", args=[article.pk]), data, **headers)


def test_it_publishes_a_clean_comment_and_redirects_to_it(client, article, reader, seasoned):
    client.force_login(reader)
    response = post(client, article, "Спасибо за разбор бюджета.")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.status == Comment.Status.PUBLISHED
    assert AuditEntry.objects.filter(action=AuditEntry.Action.AUTO_PUBLISH, comment=comment).exists()
    page = client.get(article.url)
    assert "Спасибо за разбор бюджета." in page.content.decode()


def test_it_rejects_a_third_party_link_with_the_rule_and_keeps_the_text(client, article, reader, seasoned):
    client.force_login(reader)
    response = post(client, article, "Читайте на example.com подробнее")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Ссылки на сторонние ресурсы запрещены." in body
    assert "Читайте на example.com подробнее</textarea>" in body
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.REJECTED
    decision = Decision.objects.get(comment=comment, deciding=True)
    assert (decision.rule_code, decision.matched) == ("links", "example.com")
    assert comment.text[decision.start : decision.end] == "example.com"


def test_the_rule_is_told_in_the_readers_language(client, article, reader, seasoned):
    client.force_login(reader)
    url = "/en" + reverse("comments:submit", args=[article.pk])
    response = client.post(url, {"text": "see example.com"}, HTTP_USER_AGENT=UA, HTTP_REFERER="http://testserver/")
    assert response.status_code == 400
    assert "Links to third-party resources are not allowed." in response.content.decode()


def test_a_new_accounts_first_comment_awaits_moderation(client, article, reader):
    client.force_login(reader)
    response = post(client, article, "Первый комментарий.")
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.HELD
    page = client.get(article.url).content.decode()
    assert "Первый комментарий." in page  # the author sees it
    assert "awaits moderation" in page.lower() or "ожида" in page.lower() or "Ждёт" in page
    client.logout()
    assert "Первый комментарий." not in client.get(article.url).content.decode()


@pytest.mark.parametrize("headers", [{"HTTP_REFERER": "http://testserver/"}, {"HTTP_USER_AGENT": UA}])
def test_a_missing_user_agent_or_referer_holds_the_comment(client, article, reader, seasoned, headers):
    client.force_login(reader)
    client.post(reverse("comments:submit", args=[article.pk]), {"text": "Без браузера."}, **headers)
    assert Comment.objects.get().status == Comment.Status.HELD


def test_posting_to_an_unpublished_article_is_404(client, site_tree, reader):
    from masthead.testing import make_article

    draft = make_article(live=False)
    client.force_login(reader)
    assert post(client, draft, "Тест").status_code == 404
    assert post(client, type("A", (), {"pk": 999999})(), "Тест").status_code == 404
    assert not Comment.objects.exists()


def test_a_get_to_the_submit_url_is_405(client, article, reader):
    client.force_login(reader)
    assert client.get(reverse("comments:submit", args=[article.pk])).status_code == 405


def test_a_post_without_csrf_token_is_403(article, reader):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert post(client, article, "Тест").status_code == 403
    assert not Comment.objects.exists()


def test_guests_must_sign_in_unless_the_setting_allows(client, article):
    response = post(client, article, "Гостевой", guest_name="Гость", guest_email="g@example.org")
    assert response.status_code == 403
    from masthead.comments.models import CommentPolicySettings
    from wagtail.models import Site

    CommentPolicySettings.objects.update_or_create(site=Site.objects.get(is_default_site=True), defaults={"guests_may_comment": True})
    response = post(client, article, "Гостевой", guest_name="Гость", guest_email="g@example.org")
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.HELD


def test_a_blocked_reader_is_refused_with_the_block_message(client, article, reader, moderator):
    Block.objects.create(user=reader, reason="Оскорбления", created_by=moderator)
    client.force_login(reader)
    response = post(client, article, "Можно?")
    assert response.status_code == 403
    assert "Оскорбления" in response.content.decode()
    assert not Comment.objects.exists()


def test_posting_too_fast_is_429_with_retry_after(client, article, reader, seasoned, store):
    client.force_login(reader)
    assert post(client, article, "Первый.").status_code == 302
    response = post(client, article, "Второй.")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15
    assert "Второй.</textarea>" in response.content.decode()


def test_the_same_text_twice_is_409(client, article, reader, seasoned):
    seasoned.COMMENTS_MIN_INTERVAL = 0
    client.force_login(reader)
    assert post(client, article, "Одно и то же.").status_code == 302
    response = post(client, article, "  ОДНО и то же.  ")
    assert response.status_code == 409
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<svg onload=alert(1)>",
        '"><iframe srcdoc="<script>alert(1)</script>">',
        "javascript:alert(1) JaVaScRiPt:alert(1) &#106;avascript:alert(1) data:text/html,x",
        "</script><script>alert(1)</script>\u2028",
    ],
)
def test_markup_is_stored_as_text_and_escaped_on_the_page(client, article, reader, seasoned, payload):
    client.force_login(reader)
    assert post(client, article, payload).status_code == 302
    comment = Comment.objects.get()
    assert comment.text == payload.strip()
    body = client.get(article.url).content.decode()
    assert payload not in body
    assert "<script>alert" not in body and "onerror=\"alert" not in body and "<svg onload" not in body
    assert 'href="javascript' not in body.lower() and 'href="data:' not in body


def test_own_domain_links_become_links_and_others_stay_text(client, article, reader, seasoned, settings):
    settings.SITE_URL = "https://masthead.example"
    client.force_login(reader)
    post(client, article, "См. https://masthead.example/news/x/ и javascript:alert(1)")
    body = client.get(article.url).content.decode()
    assert '<a href="https://masthead.example/news/x/" rel="nofollow ugc">' in body
    assert "javascript:alert(1)" in body and 'href="javascript' not in body


def test_a_100_kb_body_is_a_form_error_not_a_500(client, article, reader):
    client.force_login(reader)
    response = post(client, article, "а." * 51_200)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_1_mb_body_is_refused(client, article, reader):
    client.force_login(reader)
    response = post(client, article, "x" * 1_048_576)
    assert response.status_code in (400, 413)


def test_nul_is_refused_and_other_controls_are_stripped(client, article, reader, seasoned):
    client.force_login(reader)
    assert post(client, article, "a\x00b").status_code == 400
    assert not Comment.objects.exists()
    assert post(client, article, "Текст\x07 со звонком\x1b").status_code == 302
    assert Comment.objects.get().text == "Текст со звонком"


def test_broken_utf8_is_a_clear_4xx(client, article, reader):
    client.force_login(reader)
    response = client.post(
        reverse("comments:submit", args=[article.pk]),
        data=b"text=%FF%FE%80abc",
        content_type="application/x-www-form-urlencoded",
        HTTP_USER_AGENT=UA,
    )
    assert response.status_code < 500
    assert not Comment.objects.filter(status="published").exists()


def test_a_reply_goes_one_level_deep_and_mails_the_parent_author(
    client, article, reader, other_reader, seasoned, django_capture_on_commit_callbacks
):
    root = make_comment(article, other_reader, "Корневой")
    child = make_comment(article, other_reader, "Ответ", parent=root)
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, "Ответ на ответ", parent=child.pk)
    reply = Comment.objects.get(text="Ответ на ответ")
    assert reply.parent_id == root.pk
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [other_reader.email]
    assert "Ответ на ответ" in mail.outbox[0].body


def test_the_thread_is_paginated_sorted_and_counted_in_few_queries(client, article, other_reader, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.COMMENTS_PER_PAGE = 5
    make_comment(article, other_reader, "Комментарий 0")
    client.get(article.url)  # settings rows created and site caches warmed on the first views
    client.get(article.url + "?comments=new")
    cache.clear()  # both measured views build the thread from the database
    with CaptureQueriesContext(connection) as one:
        client.get(article.url + "?comments=new")
    for n in range(1, 12):
        parent = make_comment(article, other_reader, f"Комментарий {n}")
        make_comment(article, other_reader, f"Ответ {n}", parent=parent)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        body = client.get(article.url + "?comments=new").content.decode()
    assert len(many) == len(one)  # the thread costs the same however long it is
    client.get(article.url)
    with CaptureQueriesContext(connection) as again:
        body = client.get(article.url).content.decode()
    assert not [q for q in again.captured_queries if "comments_" in q["sql"]]  # guests: from the cache
    assert "Комментарий 0" in body and "Комментарий 5" not in body and "Ответ 1" in body
    assert '<span class="comments__count">23</span>' in body
    body = client.get(article.url + "?comments=new").content.decode()
    assert "Комментарий 11" in body and "Комментарий 0<" not in body
    body = client.get(article.url + "?cpage=3").content.decode()
    assert "Комментарий 10" in body
    assert client.get(article.url + "?cpage=abc").status_code == 200
    assert client.get(article.url + "?cpage=-1").status_code == 200


def test_a_rule_retuned_in_the_admin_changes_the_outcome(client, article, reader, seasoned):
    from masthead.comments.models import Rule

    Rule.objects.filter(code="links").update(action="hold")
    client.force_login(reader)
    assert post(client, article, "См. example.com").status_code == 302
    assert Comment.objects.get().status == Comment.Status.HELD
    Rule.objects.filter(code="links").update(action="flag")
    seasoned.COMMENTS_MIN_INTERVAL = 0
    post(client, article, "См. example.org")
    flagged = Comment.objects.get(text="См. example.org")
    assert flagged.status == Comment.Status.PUBLISHED and flagged.flagged
    assert flagged in Comment.objects.in_queue()


def test_a_word_added_to_the_list_is_caught_at_once(client, article, reader, seasoned):
    from masthead.comments.models import BannedWord

    client.force_login(reader)
    BannedWord.objects.create(language="ru", entry="негодяй")
    response = post(client, article, "Вы все негодяи")
    assert response.status_code == 400
    assert Comment.objects.get().decisions.get(deciding=True).detail == "негодяй"


def test_guests_see_a_new_or_approved_comment_at_once_despite_the_cache(client, article, reader, moderator, seasoned):
    from django.test import Client

    from masthead.comments.services import comment_moderate

    guest = Client()
    assert "Свежий" not in guest.get(article.url).content.decode()  # cached now
    client.force_login(reader)
    post(client, article, "Свежий комментарий")
    assert "Свежий комментарий" in guest.get(article.url).content.decode()
    held = make_comment(article, reader, "Одобренный позже", status=Comment.Status.HELD)
    assert "Одобренный позже" not in guest.get(article.url).content.decode()
    comment_moderate(comment=held, moderator=moderator, action="approve")
    assert "Одобренный позже" in guest.get(article.url).content.decode()
    comment_moderate(comment=held, moderator=moderator, action="remove")
    assert "Одобренный позже" not in guest.get(article.url).content.decode()
