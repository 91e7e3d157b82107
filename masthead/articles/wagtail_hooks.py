from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.articles.models import Author, Rubric


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "folder-open-inverse"
    menu_label = _("Rubrics")
    menu_order = 211
    add_to_admin_menu = True
    list_display = ["name", "name_en", "kind", "on_home_page", "sort_order"]
    list_filter = ["kind", "on_home_page"]
    search_fields = ["name", "name_en"]


register_snippet(AuthorViewSet)
register_snippet(RubricViewSet)
