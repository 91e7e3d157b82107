"""Comments react to other apps: a reader's new name reaches the guests' cached threads at once."""

import pytest
from django.urls import reverse

from masthead.comments.tests.conftest import make_comment, make_reader

pytestmark = pytest.mark.django_db


def test_a_rename_shows_in_the_guests_cached_thread(client, article, django_capture_on_commit_callbacks):
    reader = make_reader("Анна Старая")
    make_comment(article, reader, "Хороший разбор")
    other = make_article_with_comment(reader)
    assert "Анна Старая" in client.get(article.url).content.decode()  # the guests' thread is cached now
    assert "Анна Старая" in client.get(other.url).content.decode()

    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("readers:account"), {"display_name": "Анна Новая", "notify_replies": "on"})
    assert response.status_code == 302
    client.logout()

    for page in (article, other):
        body = client.get(page.url).content.decode()
        assert "Анна Новая" in body and "Анна Старая" not in body


def test_a_saved_profile_without_a_new_name_leaves_the_threads_cached(client, article, django_capture_on_commit_callbacks):
    from masthead.comments.models import Comment

    reader = make_reader("Анна")
    make_comment(article, reader, "Хороший разбор")
    client.get(article.url)
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("readers:account"), {"display_name": "Анна"})
    assert callbacks == []
    # Still the cached copy: a comment written behind the cache's back is not shown yet.
    Comment.objects.filter(article=article).update(text="Изменено в базе")
    client.logout()
    assert "Хороший разбор" in client.get(article.url).content.decode()


def make_article_with_comment(author):
    from masthead.testing import make_article

    other = make_article("Выборы в регионах", paragraphs=["Явка была низкой."])
    make_comment(other, author, "Второй комментарий")
    return other
