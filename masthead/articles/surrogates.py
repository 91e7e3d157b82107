"""The surrogate keys of the articles' pages, and which of them an edit to an article purges.

Keys name what a page shows (`masthead.core.surrogate`): an article is `a<id>`
wherever it appears (its page, every teaser of it), so unpublishing it purges
every listing that shows it without knowing which. A listing is also named for
what it lists (`list-r3`, `day-2026-11-30`), because a newly published article
is not on those pages yet and nothing else tells them to refresh.
"""

import datetime as dt

from masthead.core import surrogate, times

HOME = "home"
ALL_NEWS = "list-all"
FEEDS = "feeds"
MENU = "menu"  # the sections menu on every page


def tag_key(tag) -> str:
    return f"t{tag.pk}"


def listing_of(thing) -> str:
    """The listing of a rubric, author or tag (a key string for a tag: `tag_key`)."""
    return f"list-{surrogate.key_of(thing)}"


def day_key(day: dt.date) -> str:
    return f"day-{day:%Y-%m-%d}"


def month_key(day: dt.date) -> str:
    return f"month-{day:%Y-%m}"


def year_key(day: dt.date) -> str:
    return f"year-{day:%Y}"


def calendar_key(day: dt.date) -> str:
    """The archive calendar of a month: it changes only when one of its days gains or loses its last article."""
    return f"calendar-{day:%Y-%m}"


def keys_for_article(article) -> set[str]:
    """What publishing, unpublishing, moving or deleting `article` must purge.

    The article itself (its page and every teaser of it) and the pages it joins:
    the listings of its rubrics, authors and tags, the archive of its day, the
    home page, all news and the feeds.
    """
    keys = {article.surrogate_key, article.own_page_key, HOME, ALL_NEWS, FEEDS}
    # The other language's page links this one ("Read in English"), whichever of the two named the other.
    keys.update(f"p{pk}" for pk in _translation_partners(article))
    # The ids the links carry, not the related rows: no query per rubric or author.
    keys.update(f"list-r{link.rubric_id}" for link in article.article_rubrics.all())
    keys.update(f"list-u{link.author_id}" for link in article.article_authors.all())
    keys.update(listing_of(tag_key(tag)) for tag in article.tags.all())
    if article.published_at:
        day = times.to_site_time(article.published_at).date()
        keys.update({day_key(day), month_key(day), year_key(day)})
        if not _day_has_others(article, day):
            keys.add(calendar_key(day))  # one key for both editions' calendars: purging both is harmless
    return keys


def _day_has_others(article, day: dt.date) -> bool:
    """Whether each edition listing the article has another article that day (else its calendar changes), in one query.

    The editions it is listed in now: one that an edit has just taken it out of (the cross-post
    box cleared) keeps its calendar's copy until it expires (PAGE_CACHE_SECONDS).
    """
    from django.db.models import Count, Q

    from masthead.articles import editions
    from masthead.articles.models import ArticlePage

    listed_in = [edition for edition, listed in editions.flags(article.language, article.cross_posted).items() if listed]
    others = ArticlePage.objects.published().on_day(day).exclude(pk=article.pk).aggregate(
        **{f"others_{name}": Count("pk", filter=Q(**{name: True})) for name in listed_in}
    )
    return all(others.values())


def _translation_partners(article) -> set[int]:
    from masthead.articles.models import ArticlePage

    partners = set(ArticlePage.objects.filter(translation_id=article.pk).values_list("pk", flat=True))
    if getattr(article, "translation_id", None):
        partners.add(article.translation_id)
    return partners - {article.pk}
