"""The story of the day's history per edition, its links, one story per day and edition, and the editors' schedule."""

import datetime as dt

import pytest
from django.utils import timezone

from masthead.core.times import site_today
from masthead.pages import stories
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return site_today() - dt.timedelta(days=n)


def make_story(title: str, day: dt.date, **fields):
    published = timezone.now() - dt.timedelta(days=(site_today() - day).days + 1) if day <= site_today() else timezone.now()
    return make_article(title, story_of_the_day=day, published_at=published, **fields)


def test_the_page_lists_each_days_story_of_the_edition_newest_first(client, site_tree):
    make_story("Вчерашний сюжет", days_ago(1))
    make_story("Сегодняшний сюжет", site_today())
    make_story("Сюжет недели", days_ago(6))
    make_story("English story", days_ago(2), language="en")
    html = client.get("/story-of-the-day/").content.decode()
    assert html.index("Сегодняшний сюжет") < html.index("Вчерашний сюжет") < html.index("Сюжет недели")
    assert "English story" not in html
    english = client.get("/en/story-of-the-day/").content.decode()
    assert "English story" in english and "Вчерашний сюжет" not in english
    assert f'href="/archive/{days_ago(1):%Y/%m/%d}/"' in html  # each day links its archive


def test_a_story_set_for_a_coming_day_waits_for_its_day(client, site_tree):
    make_story("Завтрашний сюжет", site_today() + dt.timedelta(days=1))
    assert "Завтрашний сюжет" not in client.get("/story-of-the-day/").content.decode()
    home = client.get("/").content.decode()
    assert 'class="story-of-the-day"' not in home  # listed among the latest news, but not leading yet


def test_older_days_are_a_cursor_away_and_a_bad_cursor_is_404(client, site_tree, monkeypatch):
    monkeypatch.setattr(stories, "PER_PAGE", 2)
    for n in range(5):
        make_story(f"Сюжет {n}", days_ago(n))
    first = client.get("/story-of-the-day/").content.decode()
    assert "Сюжет 0" in first and "Сюжет 1" in first and "Сюжет 2" not in first
    second = client.get(f"/story-of-the-day/?before={days_ago(1):%Y-%m-%d}").content.decode()
    assert "Сюжет 2" in second and "Сюжет 3" in second and "Сюжет 1" not in second
    for bad in ("yesterday", "2026-02-30", "2026-1-1", "9999-99-99", "' OR 1=1", "1900-01-01"):
        assert client.get("/story-of-the-day/", {"before": bad}).status_code == 404, bad


def test_the_home_page_and_the_archive_day_link_the_history(client, site_tree):
    story = make_story("Главный сюжет", site_today())
    home = client.get("/").content.decode()
    assert 'href="/story-of-the-day/"' in home
    day = client.get(f"/archive/{site_today():%Y/%m/%d}/").content.decode()
    assert f'href="{story.url}"' in day and 'href="/story-of-the-day/"' in day


class EditorsForm:
    """What ArticlePageForm.check_story_of_the_day needs of its form: the article and somewhere for errors."""

    def __init__(self, instance):
        self.instance, self.errors = instance, {}

    def add_error(self, field, message):
        self.errors.setdefault(field, []).append(str(message))


def test_the_editor_gets_one_story_per_day_and_edition(site_tree):
    from masthead.articles.forms import ArticlePageForm

    day = site_today() + dt.timedelta(days=3)
    make_story("Первый", day)
    second = make_story("Второй", site_today() + dt.timedelta(days=4))
    form = EditorsForm(second)
    ArticlePageForm.check_story_of_the_day(form, {"story_of_the_day": day})
    assert "Первый" in form.errors["story_of_the_day"][0]
    english = make_story("English", site_today() + dt.timedelta(days=5), language="en")
    form = EditorsForm(english)
    ArticlePageForm.check_story_of_the_day(form, {"story_of_the_day": day, "language": "en", "cross_posted": False})
    assert not form.errors  # another edition may have its own story that day
    ArticlePageForm.check_story_of_the_day(form, {"story_of_the_day": day, "language": "en", "cross_posted": True})
    assert form.errors  # but not when it is listed in the Russian edition too


def test_an_imported_archive_may_hold_two_stories_on_one_day(site_tree, client):
    from masthead.articles.forms import ArticlePageForm

    day = days_ago(2)
    make_story("Утренний сюжет", day)
    later = make_story("Вечерний сюжет", day)
    later.full_clean()  # the model (and so the importers) accept it
    form = EditorsForm(later)
    ArticlePageForm.check_story_of_the_day(form, {"story_of_the_day": day})
    assert not form.errors  # editing it without touching the date is not refused
    html = client.get("/story-of-the-day/").content.decode()
    assert html.count('class="story-day"') == 1
    other = make_story("Третий сюжет", days_ago(3))
    form = EditorsForm(other)
    ArticlePageForm.check_story_of_the_day(form, {"story_of_the_day": day})
    assert form.errors  # moving another story onto that day is


def test_the_schedule_in_the_admin_shows_the_coming_days_per_edition(admin_client, site_tree):
    make_story("Сюжет на завтра", site_today() + dt.timedelta(days=1))
    make_story("Story for the day after", site_today() + dt.timedelta(days=2), language="en")
    html = admin_client.get("/admin/stories-of-the-day/").content.decode()
    assert "Сюжет на завтра" in html and "Story for the day after" in html
    assert 'aria-current="date"' in html
    menu = admin_client.get("/admin/").content.decode()
    assert "/admin/stories-of-the-day/" in menu
