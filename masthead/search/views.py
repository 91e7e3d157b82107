"""The reader's search page: /search/ and /en/search/."""

from django.shortcuts import render

from masthead.articles.selectors import paginate
from masthead.lib.text import strip_control_chars
from masthead.search import query as search_query
from masthead.search.forms import SearchForm
from masthead.search.highlight import highlight, snippet
from masthead.search.selectors import search_articles

PER_PAGE = 20


def search(request):
    form = SearchForm(request.GET)
    text = search_query.clean(strip_control_chars(request.GET.get("q", "")))
    parsed = search_query.parse(text)
    filters = form.filters()
    page_obj = None
    if parsed:
        page_obj = paginate(request, search_articles(parsed, filters), PER_PAGE)
        for article in page_obj.object_list:
            article.search_title = highlight(article.title, parsed.words)
            article.search_snippet = snippet(article.search_text, parsed.words)
    filtered = bool((filters.rubric or filters.author or filters.language or filters.date_from or filters.date_to))
    context = {
        "query": text,
        "searchable": bool(parsed),
        "page_obj": page_obj,
        "form": form,
        "filtered": filtered,
        "querystring": _querystring(request),
    }
    return render(request, "search/search.html", context)


def _querystring(request) -> str:
    """The current query and filters without the page number, for the pager's links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
