"""The admin's page search finds articles by word form (see admin_search)."""

from wagtail import hooks

from masthead.search.admin_search import WordFormPageViewSet


@hooks.register("register_admin_viewset")
def register_word_form_page_search():
    # Registered after Wagtail's own base page viewset (order -1), so it takes the base Page's place.
    return WordFormPageViewSet()
