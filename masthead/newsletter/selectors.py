"""Reads of the newsletter: who receives an edition, and what the day's digest holds.

"Most read" belongs to the pageviews app, which this app may not import (both
are feature apps; see the layer contracts in pyproject.toml). Pageviews offers
it through the `masthead_most_read` hook, a function `(days, limit, edition)
-> [(article id, views)]`; without that app the digest carries the story of the
day alone. Each edition's digest holds what that edition lists: its language's
stories and the cross-posted (masthead/articles/editions.py).
"""

import datetime as dt

from wagtail import hooks

from masthead.articles.models import ArticlePage
from masthead.newsletter.models import Subscriber


def recipients(language: str):
    """Confirmed subscribers of one edition: the only addresses any issue goes to."""
    return Subscriber.objects.filter(state=Subscriber.State.CONFIRMED, language=language)


def story_of(day: dt.date, edition: str) -> ArticlePage | None:
    """The edition's story of `day` itself (not an older one still leading the home page)."""
    story = ArticlePage.objects.published().in_edition(edition).story_of_the_day(day)
    return story if story is not None and story.story_of_the_day == day else None


def most_read_ids(*, days: int, limit: int, edition: str, exclude: set[int] = frozenset()) -> list[int]:
    for ranked in hooks.get_hooks("masthead_most_read"):
        ids = [article_id for article_id, _views in ranked(days=days, limit=limit + len(exclude), edition=edition)]
        return [article_id for article_id in ids if article_id not in exclude][:limit]
    return []


def digest_articles(ids: list[int]) -> list[ArticlePage]:
    """The issue's articles that are still published, in the issue's order, with their rubrics."""
    found = {
        article.pk: article
        for article in ArticlePage.objects.published().filter(pk__in=ids).for_listing()
    }
    return [found[pk] for pk in ids if pk in found]
