import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from masthead.distribution.models import ArticleAutopost, TelegramPost
from masthead.testing import make_article, wagtail_group

pytestmark = pytest.mark.django_db
State = TelegramPost.State


def make_user(username, *groups, superuser=False):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw", is_superuser=superuser)
    for name in groups:
        user.groups.add(wagtail_group(name))
    if not superuser:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def article(settings, site_tree):
    settings.TELEGRAM_BOT_TOKEN = "123:secret"
    settings.TELEGRAM_CHANNELS = ["@masthead_news"]
    return make_article("Выборы <script>alert(1)</script>")


def test_editor_sees_the_delivery_state_and_switches_autopost_off(client, article):
    from wagtail.users.models import UserProfile

    TelegramPost.objects.filter(article=article).update(state=State.UNCERTAIN, last_error="no answer after sending: timed out")
    editor = make_user("editor", "Editors")
    UserProfile.objects.update_or_create(user=editor, defaults={"preferred_language": "ru"})
    client.force_login(editor)
    html = client.get(f"/admin/telegram/article/{article.pk}/").content.decode()
    assert "Неизвестно: проверьте канал" in html and "timed out" in html
    assert "<script>alert(1)</script>" not in html
    response = client.post(f"/admin/telegram/article/{article.pk}/", {"repost_next_publish": ""})
    assert response.status_code == 302
    assert ArticleAutopost.objects.get(article=article).enabled is False


def test_editor_marks_an_uncertain_post_as_posted_or_sends_it_again(client, article):
    post = TelegramPost.objects.get(article=article)
    TelegramPost.objects.filter(pk=post.pk).update(state=State.UNCERTAIN)
    client.force_login(make_user("editor", "Editors"))
    assert client.post(f"/admin/telegram/post/{post.pk}/mark-sent/").status_code == 302
    assert TelegramPost.objects.get(pk=post.pk).state == State.SENT
    assert client.post(f"/admin/telegram/post/{post.pk}/retry/").status_code == 302
    assert TelegramPost.objects.get(pk=post.pk).state == State.SENT  # a posted post is never sent again


def test_actions_take_a_post_not_a_get(client, article):
    post = TelegramPost.objects.get(article=article)
    client.force_login(make_user("boss", superuser=True))
    assert client.get(f"/admin/telegram/post/{post.pk}/retry/").status_code == 405


def test_user_who_cannot_edit_the_article_gets_403(client, article):
    post = TelegramPost.objects.get(article=article)
    client.force_login(make_user("reader"))
    assert client.get(f"/admin/telegram/article/{article.pk}/").status_code == 403
    assert client.post(f"/admin/telegram/post/{post.pk}/retry/").status_code == 403
    assert client.get("/admin/telegram/").status_code == 403


def test_the_report_lists_every_post_for_those_allowed(client, article):
    client.force_login(make_user("boss", superuser=True))
    html = client.get("/admin/telegram/?state=pending").content.decode()
    assert "@masthead_news" in html and "&lt;script&gt;" in html
    assert client.get("/admin/telegram/?state=%00&p=abc").status_code == 200


def test_page_editor_links_to_the_telegram_page(client, article):
    client.force_login(make_user("editor", "Editors"))
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert f"/admin/telegram/article/{article.pk}/" in html
