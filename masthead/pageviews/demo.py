"""Demo views: each article's historical count, part of it laid out as daily history for the charts.

The demo JSON has one number per article ("views"). The loader keeps that number
as what readers see, and books a share of it on the last 30 days (a decaying,
deterministic curve, never before the article's publication day) so that the
dashboard, the article charts and the "most read" block have something to show
on first start.
"""

import datetime as dt

from masthead.core import times
from masthead.pageviews.models import ArticleViews, DailyViews
from masthead.pageviews.services import set_base_views

HISTORY_DAYS = 30
HISTORY_SHARE = 0.3


def load_demo(data, loaded) -> None:
    today = times.site_today()
    daily = []
    for index, (row, article) in enumerate(loaded):
        views = int(row.get("views") or 0)
        curve = [((index * 7 + day * 13) % 10 + 1) / (day + 1) for day in range(HISTORY_DAYS)]
        scale = views * HISTORY_SHARE / sum(curve)
        booked = [(today - dt.timedelta(days=day), int(weight * scale)) for day, weight in enumerate(curve)]
        # Nobody read an article before it went out: no history before its publication day.
        first_day = times.to_site_time(article.published_at).date() if article.published_at else today
        booked = [(day, n) for day, n in booked if n > 0 and day >= first_day]
        counted = sum(n for _, n in booked)
        set_base_views(article=article, views=views - counted)
        ArticleViews.objects.filter(article=article).update(counted=counted)
        daily += [DailyViews(article=article, day=day, views=n) for day, n in booked]
    DailyViews.objects.bulk_create(daily)
