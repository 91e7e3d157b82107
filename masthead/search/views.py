"""Site search over published articles (Wagtail's search backend)."""

import re

from django.shortcuts import render

from masthead.articles.models import ArticlePage
from masthead.articles.selectors import paginate
from masthead.lib.text import strip_control_chars

MAX_QUERY_LENGTH = 200
PER_PAGE = 20


MAX_TERMS = 12


def clean_query(raw: str) -> str:
    """The query as the reader typed it: bounded, printable, single-spaced (for display)."""
    return " ".join(strip_control_chars(raw[: MAX_QUERY_LENGTH * 4]).split())[:MAX_QUERY_LENGTH]


def search_terms(query: str) -> str:
    """Only words reach the backend: operators and punctuation would be query syntax there."""
    return " ".join(re.findall(r"\w+", query)[:MAX_TERMS])


def search(request):
    query = clean_query(request.GET.get("q", ""))
    page_obj = None
    if terms := search_terms(query):
        results = ArticlePage.objects.published().search(terms, operator="and")
        page_obj = paginate(request, results, PER_PAGE)
        ids = [article.pk for article in page_obj.object_list]
        by_id = ArticlePage.objects.filter(pk__in=ids).for_listing().in_bulk()
        page_obj.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return render(request, "search/search.html", {"query": query, "page_obj": page_obj})
