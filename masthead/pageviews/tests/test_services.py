import datetime as dt

import pytest

from masthead.pageviews import services
from masthead.pageviews.models import ArticleViews, DailyViews, ViewMark
from masthead.pageviews.services import set_base_views, view_record, views_flush, views_total
from masthead.pageviews.visitors import Visitor
from masthead.testing import make_article

pytestmark = pytest.mark.django_db

T0 = 1_700_000_000.0


@pytest.fixture
def article(site_tree):
    return make_article()


def test_a_visitor_counts_once_per_window_then_again(article, mode, settings):
    window = settings.PAGEVIEWS_WINDOW
    visitor = Visitor(key="a" * 32)
    assert view_record(article_id=article.pk, visitor=visitor, now=T0).counted
    assert not view_record(article_id=article.pk, visitor=visitor, now=T0 + 1).counted
    if mode == "db":  # Redis expires its marks by its own clock; the window edge is exact in SQL
        assert not view_record(article_id=article.pk, visitor=visitor, now=T0 + window - 1).counted
        assert view_record(article_id=article.pk, visitor=visitor, now=T0 + window).counted
        # The window runs from the last counted view, not from a fixed clock bucket.
        assert not view_record(article_id=article.pk, visitor=visitor, now=T0 + window + 10).counted


def test_window_boundary_does_not_let_a_repeat_through(article, db_mode, settings):
    # A fixed 30-minute bucket would count 10:29:59 and 10:30:01 both; a sliding window must not.
    visitor = Visitor(key="b" * 32)
    edge = (T0 // 1800 + 1) * 1800
    assert view_record(article_id=article.pk, visitor=visitor, now=edge - 1).counted
    assert not view_record(article_id=article.pk, visitor=visitor, now=edge + 1).counted


def test_same_visitor_counts_for_each_article(site_tree, mode):
    one, two = make_article(), make_article()
    visitor = Visitor(key="c" * 32)
    assert view_record(article_id=one.pk, visitor=visitor).counted
    assert view_record(article_id=two.pk, visitor=visitor).counted


def test_set_base_views_creates_and_replaces_the_base(article):
    set_base_views(article=article, views=975)
    assert views_total(article_id=article.pk) == 975
    ArticleViews.objects.filter(article=article).update(counted=5)
    set_base_views(article=article, views=10)
    assert views_total(article_id=article.pk) == 15
    with pytest.raises(ValueError):
        set_base_views(article=article, views=-1)


def test_flush_prunes_expired_marks(article, db_mode, settings):
    view_record(article_id=article.pk, visitor=Visitor(key="d" * 32), now=T0)
    views_flush(now=T0 + settings.PAGEVIEWS_WINDOW - 1)
    assert ViewMark.objects.count() == 1
    views_flush(now=T0 + settings.PAGEVIEWS_WINDOW + 1)
    assert ViewMark.objects.count() == 0


def test_daily_series_fills_every_day_oldest_first(article, db_mode):
    today = dt.date(2026, 3, 10)
    DailyViews.objects.create(article=article, day=today, views=7)
    DailyViews.objects.create(article=article, day=today - dt.timedelta(days=3), views=2)
    DailyViews.objects.create(article=article, day=today - dt.timedelta(days=40), views=99)
    series = services.daily_series(article_id=article.pk, days=30, today=today)
    assert len(series) == 30 and series[0][0] == today - dt.timedelta(days=29) and series[-1] == (today, 7)
    assert sum(n for _, n in series) == 9


def test_most_read_ranks_published_articles_over_the_period(site_tree):
    today = dt.date(2026, 3, 10)
    a, b, c = make_article(), make_article(), make_article()
    draft = make_article(live=False)
    DailyViews.objects.create(article=a, day=today, views=5)
    DailyViews.objects.create(article=b, day=today, views=3)
    DailyViews.objects.create(article=b, day=today - dt.timedelta(days=2), views=4)
    DailyViews.objects.create(article=c, day=today - dt.timedelta(days=8), views=100)
    DailyViews.objects.create(article=draft, day=today, views=1000)
    assert services.most_read(days=1, today=today) == [(a.pk, 5), (b.pk, 3)]
    assert services.most_read(days=7, today=today) == [(b.pk, 7), (a.pk, 5)]
