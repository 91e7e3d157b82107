import datetime as dt

import pytest

from masthead.pages.calendar import build_month
from masthead.testing import make_article

pytestmark = pytest.mark.django_db

MSK = dt.timezone(dt.timedelta(hours=3))


def test_article_at_0130_moscow_is_on_that_moscow_day(client, site_tree):
    article = make_article("Ночное заседание", published_at=dt.datetime(2022, 3, 3, 1, 30, tzinfo=MSK))
    assert article.published_at.astimezone(dt.UTC).day == 2  # still the 2nd in UTC
    assert "Ночное заседание" in client.get("/archive/2022/03/03/").content.decode()
    assert "Ночное заседание" not in client.get("/archive/2022/03/02/").content.decode()


def test_article_at_2357_moscow_is_not_on_the_next_day(client, site_tree):
    make_article("Поздний выпуск", published_at=dt.datetime(2022, 3, 2, 23, 57, tzinfo=MSK))
    assert "Поздний выпуск" in client.get("/archive/2022/03/02/").content.decode()
    assert "Поздний выпуск" not in client.get("/archive/2022/03/03/").content.decode()


@pytest.mark.parametrize(
    "url",
    ["/archive/2022/13/", "/archive/2022/13/40/", "/archive/2022/02/30/", "/archive/0000/", "/archive/2022/00/",
     "/archive/2022/01/01/?page=abc", "/archive/2022/01/01/?page=-1", "/archive/2022/01/01/?page=999999999",
     "/archive/99999/", "/en/archive/2022/02/31/", "/archive/9999/", "/archive/9999/12/", "/archive/9999/12/31/",
     "/archive/1899/12/31/"],
)
def test_impossible_archive_addresses_are_404_in_site_design(client, site_tree, url):
    response = client.get(url)
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def test_archive_month_and_year_list_the_articles(client, site_tree):
    make_article("Весенняя сессия", published_at=dt.datetime(2022, 4, 10, 12, 0, tzinfo=MSK), cross_posted=True)
    assert "Весенняя сессия" in client.get("/archive/2022/04/").content.decode()
    year = client.get("/en/archive/2022/").content.decode()
    assert "April" in year and "1 article" in year


def test_calendar_is_monday_first_with_linked_days_and_neighbours(site_tree):
    make_article(published_at=dt.datetime(2022, 2, 14, 12, 0, tzinfo=MSK))
    make_article(published_at=dt.datetime(2022, 3, 3, 1, 30, tzinfo=MSK))
    make_article(published_at=dt.datetime(2022, 6, 1, 12, 0, tzinfo=MSK))
    month = build_month(2022, 3)
    # 1 March 2022 was a Tuesday: the first row starts with an empty Monday.
    assert month.weeks[0][0] is None and month.weeks[0][1]["day"] == 1
    linked = [cell["day"] for week in month.weeks for cell in week if cell and cell["linked"]]
    assert linked == [3]
    assert month.previous == dt.date(2022, 2, 1)
    assert month.next == dt.date(2022, 6, 1)


def test_calendar_weekday_names_follow_the_language(client, site_tree):
    make_article(published_at=dt.datetime(2022, 3, 3, 12, 0, tzinfo=MSK), cross_posted=True)
    russian = client.get("/archive/2022/03/").content.decode()
    english = client.get("/en/archive/2022/03/").content.decode()
    assert ">Пн<" in russian and "Понедельник" in russian
    assert ">Mon<" in english and 'href="/en/archive/2022/03/03/"' in english


@pytest.mark.parametrize(
    "url, canonical",
    [("/archive/2022/3/3/", "/archive/2022/03/03/"), ("/archive/2022/03/3/", "/archive/2022/03/03/"),
     ("/archive/2022/3/", "/archive/2022/03/"), ("/en/archive/2022/3/3/?before=x", "/en/archive/2022/03/03/?before=x")],
)
def test_archive_addresses_without_zeros_move_permanently_to_the_padded_ones(client, site_tree, url, canonical):
    response = client.get(url)
    assert response.status_code == 301 and response["Location"] == canonical


def test_archive_day_links_the_nearest_days_with_articles_and_marks_itself_in_the_calendar(client, site_tree):
    make_article("Февральская новость", published_at=dt.datetime(2022, 2, 14, 12, 0, tzinfo=MSK), cross_posted=True)
    make_article("Мартовская новость", published_at=dt.datetime(2022, 3, 3, 1, 30, tzinfo=MSK), cross_posted=True)
    make_article("Июньская новость", published_at=dt.datetime(2022, 6, 1, 12, 0, tzinfo=MSK))
    make_article("Черновик между ними", published_at=dt.datetime(2022, 4, 1, 12, 0, tzinfo=MSK), live=False)

    page = client.get("/archive/2022/03/03/").content.decode()
    assert '<a rel="prev" href="/archive/2022/02/14/">← 14 февраля 2022</a>' in page
    assert '<a rel="next" href="/archive/2022/06/01/">1 июня 2022 →</a>' in page
    assert 'href="/archive/2022/03/03/" aria-label="3 марта 2022" aria-current="date"' in page

    first = client.get("/en/archive/2022/02/14/").content.decode()
    assert 'rel="prev"' not in first and '<a rel="next" href="/en/archive/2022/03/03/">' in first

    empty_day = client.get("/archive/2022/03/10/").content.decode()  # a day without articles still finds both
    assert 'href="/archive/2022/03/03/">← 3 марта 2022' in empty_day and 'href="/archive/2022/06/01/">' in empty_day
    assert '<span aria-current="date" class="calendar__day--current">10</span>' in empty_day


def test_a_days_first_article_changes_the_neighbours_links_through_the_calendar_key(client, site_tree):
    """The previous/next links of a day are purged with the calendars of the months they span."""
    make_article(published_at=dt.datetime(2022, 2, 14, 12, 0, tzinfo=MSK))
    make_article(published_at=dt.datetime(2022, 6, 1, 12, 0, tzinfo=MSK))
    keys = client.get("/archive/2022/02/14/")["xkey"].split()
    assert {"calendar-2022-02", "calendar-2022-03", "calendar-2022-04", "calendar-2022-05", "calendar-2022-06"} <= set(keys)


def test_archive_day_links_skip_days_with_only_the_other_editions_articles(client, site_tree):
    make_article("Февральская новость", published_at=dt.datetime(2022, 2, 14, 12, 0, tzinfo=MSK))
    make_article("March in English", language="en", published_at=dt.datetime(2022, 3, 3, 12, 0, tzinfo=MSK))
    make_article("Июньская новость", published_at=dt.datetime(2022, 6, 1, 12, 0, tzinfo=MSK))
    russian = client.get("/archive/2022/02/14/").content.decode()
    assert '<a rel="next" href="/archive/2022/06/01/">' in russian
    english = client.get("/en/archive/2022/03/03/").content.decode()
    assert "March in English" in english and 'rel="prev"' not in english and 'rel="next"' not in english
