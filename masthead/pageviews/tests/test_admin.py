import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.contrib.auth import get_user_model

from masthead.core.times import site_today
from masthead.pageviews.models import DailyViews
from masthead.pageviews.services import set_base_views
from masthead.testing import make_article, wagtail_group

pytestmark = pytest.mark.django_db


def make_user(username, *groups, superuser=False):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw", is_superuser=superuser)
    for name in groups:
        user.groups.add(wagtail_group(name))
    if not superuser:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def article(site_tree):
    article = make_article(title="Выборы <script>alert(1)</script>")
    set_base_views(article=article, views=1204)
    today = site_today()
    DailyViews.objects.create(article=article, day=today, views=30)
    DailyViews.objects.create(article=article, day=today - dt.timedelta(days=5), views=12)
    return article


def test_editor_sees_the_chart_of_daily_views(client, article):
    client.force_login(make_user("editor", "Editors"))
    response = client.get(f"/admin/pageviews/{article.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<rect ") == 30
    assert 'role="img"' in html and "<desc" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "42 views in 30 days" in html or "42" in html


def test_user_who_cannot_edit_the_article_gets_403(client, article):
    client.force_login(make_user("reader"))
    assert client.get(f"/admin/pageviews/{article.pk}/").status_code == 403


def test_anonymous_is_sent_to_login(client, article):
    response = client.get(f"/admin/pageviews/{article.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_views_page_of_a_non_article_is_404(client, site_tree):
    client.force_login(make_user("boss", superuser=True))
    assert client.get(f"/admin/pageviews/{site_tree[0].pk}/").status_code == 404


def test_page_editor_links_to_the_views_page(client, article):
    client.force_login(make_user("editor", "Editors"))
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert f"/admin/pageviews/{article.pk}/" in html


def test_dashboard_shows_most_read_today_and_this_week(client, article, django_assert_max_num_queries):
    client.force_login(make_user("boss", superuser=True))
    html = client.get("/admin/").content.decode()
    assert 'id="most-read' in html or "most-read" in html
    assert f"/admin/pageviews/{article.pk}/" in html
    assert "&lt;script&gt;" in html and "<script>alert(1)" not in html
