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
