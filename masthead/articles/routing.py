"""The article at an address: one query whose SQL is built once per process.

Why: finding the article is one indexed lookup, but Django built and compiled
that query for a sixty-column page on every request, a third of an uncached
article page's time (issue 13). The SQL text does not change between requests,
only its values, so it is compiled once per database alias from the ORM's own
query (the same columns, converters and quoting) with stand-in values. Each request
runs it on a cursor and builds the page with `Model.from_db` and the compiler's own
converters, as a queryset does: `raw()` worked out its columns, converters and model
again for each call, which cost more than the query (1.5 ms of 2.5 on PostgreSQL).
"""

from dataclasses import dataclass

from django.db import connections, router
from django.db.models.expressions import Col

# Stand-ins to find the values' places among the compiled parameters; a treebeard path
# holds only 0-9 and A-Z, so the path's LIKE pattern needs no escaping when the real one
# is put in its place.
PATH_STAND_IN, DEPTH_STAND_IN, SLUG_STAND_IN = "QQPATHQQ", 987654321, "QQSLUGQQ"


@dataclass(frozen=True)
class Route:
    sql: str
    places: tuple[str, ...]  # what each parameter is: "slug", "depth" or "path:<pattern>"
    columns: tuple[str, ...]  # the attribute each selected column fills
    converters: dict  # column index -> (converters, expression), as the compiler gives them


_compiled: dict[str, Route] = {}


def child_article(parent, slug: str):
    """The article under `parent` with this slug (live or not: the page decides), or None."""
    from masthead.articles.models import ArticlePage

    alias = router.db_for_read(ArticlePage)
    if alias not in _compiled:
        _compiled[alias] = _compile(ArticlePage, alias)
    route = _compiled[alias]
    values = {"path": parent.path, "depth": parent.depth + 1, "slug": slug}
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(route.sql, [_value(place, values) for place in route.places])
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    for index, (converters, expression) in route.converters.items():
        for converter in converters:
            row[index] = converter(row[index], expression, connection)
    return ArticlePage.from_db(alias, route.columns, row)


def _compile(model, alias: str) -> Route:
    query = model.objects.using(alias).filter(path__startswith=PATH_STAND_IN, depth=DEPTH_STAND_IN, slug=SLUG_STAND_IN)
    compiler = query.order_by()[:1].query.get_compiler(alias)
    sql, params = compiler.as_sql()
    selected = [expression for expression, _sql, _alias in compiler.select]
    if compiler.klass_info["model"] is not model or not all(isinstance(column, Col) for column in selected):
        raise RuntimeError("the article route's query selects more than the article's own columns")
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
    columns = tuple(column.target.attname for column in selected)
    return Route(sql, tuple(places), columns, compiler.get_converters(selected))


def _value(place: str, values: dict):
    if place.startswith("path:"):
        return place.removeprefix("path:").replace(PATH_STAND_IN, values["path"])
    return values[place]
