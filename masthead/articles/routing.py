"""The article at an address: one query whose SQL is built once per process.

Why: finding the article is one indexed lookup, but Django built and compiled
that query for a sixty-column page on every request, a third of an uncached
article page's time (issue 13). The SQL text does not change between requests,
only its values, so it is compiled once per database alias from the ORM's own
query (the same columns, converters and quoting) with stand-in values, and run
through `raw()`, which applies the same converters as a queryset.
"""

from django.db import router

# Stand-ins to find the values' places among the compiled parameters; a treebeard path
# holds only 0-9 and A-Z, so the path's LIKE pattern needs no escaping when the real one
# is put in its place.
PATH_STAND_IN, DEPTH_STAND_IN, SLUG_STAND_IN = "QQPATHQQ", 987654321, "QQSLUGQQ"

_compiled: dict[str, tuple[str, tuple[str, ...]]] = {}


def child_article(parent, slug: str):
    """The article under `parent` with this slug (live or not: the page decides), or None."""
    from masthead.articles.models import ArticlePage

    alias = router.db_for_read(ArticlePage)
    if alias not in _compiled:
        _compiled[alias] = _compile(ArticlePage, alias)
    sql, places = _compiled[alias]
    values = {"path": parent.path, "depth": parent.depth + 1, "slug": slug}
    params = [_value(place, values) for place in places]
    return next(iter(ArticlePage.objects.raw(sql, params, using=alias)), None)


def _compile(model, alias: str) -> tuple[str, tuple[str, ...]]:
    query = model.objects.using(alias).filter(path__startswith=PATH_STAND_IN, depth=DEPTH_STAND_IN, slug=SLUG_STAND_IN)
    sql, params = query.order_by()[:1].query.get_compiler(alias).as_sql()
    places = []
    for param in params:
        if param == SLUG_STAND_IN:
            places.append("slug")
        elif param == DEPTH_STAND_IN:
            places.append("depth")
        elif isinstance(param, str) and PATH_STAND_IN in param:
            places.append("path:" + param)  # the pattern as the lookup made it ("QQPATHQQ%")
        else:
            raise RuntimeError(f"unexpected parameter in the article route's query: {param!r}")
    return sql, tuple(places)


def _value(place: str, values: dict):
    if place.startswith("path:"):
        return place.removeprefix("path:").replace(PATH_STAND_IN, values["path"])
    return values[place]
