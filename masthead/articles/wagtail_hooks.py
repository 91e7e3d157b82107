from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.articles.models import Author, Rubric
from masthead.articles.story_schedule import StoryScheduleView
from masthead.core.admin_wording import SnippetWording, WordedChooserViewSet


class AuthorChooserViewSet(WordedChooserViewSet):
    choose_one_text = _("Choose an author")
    choose_another_text = _("Choose another author")
    edit_item_text = _("Edit this author")
    title_label = _("Author's name")


class RubricChooserViewSet(WordedChooserViewSet):
    choose_one_text = _("Choose a rubric")
    choose_another_text = _("Choose another rubric")
    edit_item_text = _("Edit this rubric")
    title_label = _("Rubric's name")
    # A region and a section may share a name ("Europe"); the kind tells them apart.
    extra_columns = [Column("kind", label=_("Kind"), accessor="get_kind_display")]


AUTHOR_WORDING = SnippetWording(
    add=_("Add an author"),
    new=_("New author"),
    created=_("Author '%(object)s' created."),
    updated=_("Author '%(object)s' updated."),
)
RUBRIC_WORDING = SnippetWording(
    add=_("Add a rubric"),
    new=_("New rubric"),
    created=_("Rubric '%(object)s' created."),
    updated=_("Rubric '%(object)s' updated."),
)


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    chooser_viewset_class = AuthorChooserViewSet
    index_view_class = AUTHOR_WORDING.index_view()
    add_view_class = AUTHOR_WORDING.create_view()
    edit_view_class = AUTHOR_WORDING.edit_view()


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
    index_view_class = RUBRIC_WORDING.index_view()
    add_view_class = RUBRIC_WORDING.create_view()
    edit_view_class = RUBRIC_WORDING.edit_view()


register_snippet(AuthorViewSet)
register_snippet(RubricViewSet)


# Reports → "Stories of the day": what is set for the past week and the coming four (articles/story_schedule.py).
@hooks.register("register_admin_urls")
def story_schedule_urls():
    return [path("stories-of-the-day/", StoryScheduleView.as_view(), name="articles_story_schedule")]


@hooks.register("register_reports_menu_item")
def story_schedule_menu_item():
    return MenuItem(_("Stories of the day"), reverse("articles_story_schedule"), icon_name="date", order=150)
