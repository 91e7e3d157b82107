from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.articles.models import Author, Rubric
from masthead.core.admin_wording import WordedChooserViewSet, worded_index_view


class AuthorChooserViewSet(WordedChooserViewSet):
    choose_one_text = _("Choose an author")
    choose_another_text = _("Choose another author")
    edit_item_text = _("Edit this author")


class RubricChooserViewSet(WordedChooserViewSet):
    choose_one_text = _("Choose a rubric")
    choose_another_text = _("Choose another rubric")
    edit_item_text = _("Edit this rubric")
    # A region and a section may share a name ("Europe"); the kind tells them apart.
    extra_columns = [Column("kind", label=_("kind"), accessor="get_kind_display")]


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    chooser_viewset_class = AuthorChooserViewSet
    index_view_class = worded_index_view(_("Add an author"))


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "folder-open-inverse"
    menu_label = _("Rubrics")
    menu_order = 211
    add_to_admin_menu = True
    list_display = ["name", "name_en", "kind", "on_home_page", "sort_order"]
    list_filter = ["kind", "on_home_page"]
    search_fields = ["name", "name_en"]
    chooser_viewset_class = RubricChooserViewSet
    index_view_class = worded_index_view(_("Add a rubric"))


register_snippet(AuthorViewSet)
register_snippet(RubricViewSet)
