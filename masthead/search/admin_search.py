"""The Wagtail admin's page search, finding published articles by any word form.

Wagtail's own page search (its database backend, title autocomplete) knows
nothing of Russian word forms: "Екатеринбурга" does not find "Выборы в
Екатеринбурге". This view keeps Wagtail's search (drafts, other page types,
the "live:yes" filters, facets) and puts the articles our index finds by lemma
first: the same `masthead.lib.morphology` path as the reader's search.

Installed as the base page viewset's `search_view_class`, which is how Wagtail
lets a site replace the page search (see wagtail_hooks).
"""

from django.conf import settings
from django.db.models import Case, IntegerField, When
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.views.pages.search import SearchView, page_filter_search
from wagtail.models import Page
from wagtail.search.utils import parse_query_string

from masthead.search.query import parse
from masthead.search.selectors import Filters, search_articles

# The articles our index adds to one admin search, best first.
MAX_INDEX_RESULTS = 200


def words_of(query_string: str) -> str:
    """The admin query without Wagtail's "key:value" filters."""
    return " ".join(token for token in query_string.split() if ":" not in token)


class WordFormPageSearchView(SearchView):
    def get_queryset(self):
        all_pages = Page.objects.all()
        parsed = parse(words_of(self.search_query or ""))
        found = []
        if parsed and not self._live_only_drafts():
            found = search_articles(parsed, Filters()).ids(0, MAX_INDEX_RESULTS)
        if not found:
            return super().get_queryset()
        pages = self._base(all_pages)
        searched, self.all_pages = page_filter_search(self.search_query, pages, self._base(all_pages), self.ordering)
        theirs = [page.pk for page in searched[:MAX_INDEX_RESULTS]]
        ids = list(dict.fromkeys([*found, *theirs]))
        pages = pages.filter(pk__in=ids)
        if not self.ordering:
            pages = pages.order_by(Case(*[When(pk=pk, then=n) for n, pk in enumerate(ids)], output_field=IntegerField()))
        if getattr(self.all_pages, "supports_facet", False):
            self.content_types = []  # facets over the Wagtail search alone would not add up to these results
        return pages

    def _live_only_drafts(self) -> bool:
        filters, _ = parse_query_string(self.search_query, operator="and")
        live = (filters.get("live") or filters.get("published") or "").lower()
        return live in ("no", "false")

    def _base(self, pages):
        """What Wagtail's own get_queryset starts from: permissions, content type, annotations."""
        if getattr(settings, "WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS", True):
            pages = pages.filter(
                pk__in=self.permission_policy.explorable_instances(self.request.user).values_list("pk", flat=True)
            )
        if self.show_locale_labels:
            pages = pages.select_related("locale")
        if self.ordering:
            pages = pages.order_by(self.ordering)
        if self.selected_content_type:
            pages = pages.filter(content_type=self.selected_content_type)
        return self.annotate_queryset(pages)


class WordFormPageViewSet(PageViewSet):
    """The base page viewset with the word-form search."""

    search_view_class = WordFormPageSearchView
