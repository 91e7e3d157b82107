"""Admin phrases whole, not glued from a verbose_name.

Wagtail builds some of its admin phrases by pasting a model's verbose_name
into an English pattern: "Add {label}", "Choose %(object)s", "Add %(model_name)s".
English has no case, Russian does: the pattern gives "Добавить Авторы",
"Выбрать рубрика". The classes here take each phrase as one translatable
string ("Choose an author" -> "Выбрать автора"), so a translator writes it in
the right case, and leave everything else to Wagtail.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView
from wagtail.snippets.widgets import AdminSnippetChooser


class WordedInlinePanel(InlinePanel):
    """An InlinePanel whose "add" button says `add_label` whole instead of "Add " + label.

    `label` still heads each child ("Автор 1"), so it is the singular nominative.
    """

    def __init__(self, *args, add_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.add_label = add_label

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_label": self.add_label}

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "wagtailadmin/panels/worded_inline_panel.html"


class WordedSnippetChooser(AdminSnippetChooser):
    """Keeps the chooser's texts from its viewset rather than rebuilding them from verbose_name."""

    def __init__(self, *args, **kwargs):
        texts = (self.choose_one_text, self.choose_another_text, self.link_to_chosen_text)
        super().__init__(*args, **kwargs)
        self.choose_one_text, self.choose_another_text, self.link_to_chosen_text = texts


class NameSearchForm(BaseFilterForm):
    """Search by the Russian or English name; taxonomies are small, and not in the search index."""

    q = forms.CharField(
        label=_("Search term"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Search")})
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q", "").strip()
        if query:
            objects = objects.filter(Q(name__icontains=query) | Q(name_en__icontains=query))
            self.is_searching = True
            self.search_query = query
        return objects


class WordedChooseMixin:
    """The modal's heading is the whole phrase ("Выбрать рубрику"), with no verbose_name under it."""

    filter_form_class = NameSearchForm
    extra_columns: list[Column] = []
    title_label = None

    @property
    def page_subtitle(self):
        return None

    @property
    def title_column(self):
        column = super().title_column
        if self.title_label:  # "Название" for a rubric: Wagtail heads it "Заголовок", a page's word
            column.label = self.title_label
        return column

    @property
    def columns(self):
        return [*super().columns, *self.extra_columns]


class WordedChooseView(WordedChooseMixin, ChooseView):
    pass


class WordedChooseResultsView(WordedChooseMixin, ChooseResultsView):
    pass


class WordedChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser with whole phrases, a name search and optional extra columns.

    Subclasses set choose_one_text, choose_another_text and edit_item_text, and
    may set title_label (the name column's heading) and extra_columns (shown beside it).
    """

    base_widget_class = WordedSnippetChooser
    extra_columns: list[Column] = []
    title_label = None

    def view_options(self) -> dict:
        return {"extra_columns": self.extra_columns, "title_label": self.title_label}

    @property
    def choose_view(self):
        self.choose_view_class = type("ChooseView", (WordedChooseView,), self.view_options())
        return super().choose_view

    @property
    def choose_results_view(self):
        self.choose_results_view_class = type("ChooseResultsView", (WordedChooseResultsView,), self.view_options())
        return super().choose_results_view


class SnippetWording:
    """The phrases of one snippet's listing and forms, each whole and in its own case.

    add: the listing's button ("Добавить рубрику"); new: the heading of the
    form for a new one ("Новая рубрика", where Wagtail says "Новый: рубрика");
    created and updated: the messages after saving, with %(object)s.
    A snippet viewset takes its index, add and edit view classes from here.
    """

    def __init__(self, *, add, new, created, updated):
        self.add, self.new, self.created, self.updated = add, new, created, updated

    def index_view(self) -> type[IndexView]:
        return type("IndexView", (IndexView,), {"add_item_label": self.add})

    def create_view(self) -> type[CreateView]:
        new = self.new

        class WordedCreateView(WordedMessageMixin, CreateView):
            page_title = new
            success_message = self.created

            def get_page_subtitle(self):
                return ""

            def get_breadcrumbs_items(self):
                items = super().get_breadcrumbs_items()
                return [*items[:-1], {**items[-1], "label": new}]

        return WordedCreateView

    def edit_view(self) -> type[EditView]:
        return type("EditView", (WordedMessageMixin, EditView), {"success_message": self.updated})


class WordedMessageMixin:
    """The view's own success_message, for plain snippets (no drafts, no publishing, no locking).

    Wagtail's snippet views pick among "%(model_name)s '%(object)s' created/updated/published..."
    and ignore success_message; a plain snippet only ever creates or saves.
    """

    def get_success_message(self, instance=None):
        return self.success_message % {"object": instance or self.object}


def word_the_new_page_heading() -> None:
    """Head Wagtail's page-create form "New page: Article" rather than "New: Article".

    Wagtail titles the form with its generic "New" and the page type as the
    subtitle; in Russian the adjective must agree with a noun it never sees
    ("Новый: Статья"). With "page" in the phrase, "Новая страница: Статья"
    agrees for every page type. Wagtail offers no setting for it, hence the
    class attribute, set once at start-up.
    """
    from wagtail.admin.views.pages.create import CreateView

    CreateView.page_title = _("New page")

