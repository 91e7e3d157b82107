import pytest

from masthead.pageviews.demo import load_demo
from masthead.pageviews.models import ArticleViews, DailyViews
from masthead.pageviews.services import views_total
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def test_demo_keeps_each_articles_number_and_books_part_of_it_as_history(site_tree):
    loaded = [({"views": 1840}, make_article()), ({"views": 7}, make_article()), ({}, make_article())]
    load_demo({}, loaded)
    assert [views_total(article_id=a.pk) for _, a in loaded] == [1840, 7, 0]
    first = ArticleViews.objects.get(article=loaded[0][1])
    assert first.counted == sum(DailyViews.objects.filter(article=loaded[0][1]).values_list("views", flat=True)) > 0


def test_demo_history_never_starts_before_the_article_was_published(site_tree):
    import datetime as dt

    from django.utils import timezone

    from masthead.core import times

    fresh = make_article(published_at=timezone.now() - dt.timedelta(days=3))
    load_demo({}, [({"views": 5000}, fresh)])
    days = set(DailyViews.objects.filter(article=fresh).values_list("day", flat=True))
    assert days and min(days) >= times.to_site_time(fresh.published_at).date()
    assert views_total(article_id=fresh.pk) == 5000  # what is not booked as history stays in the count
