"""The search form: the query and its filters, each checked; bad values are dropped, never a 500."""

from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.articles.models import ArticlePage, Author, Rubric
from masthead.search.query import MAX_QUERY_CHARS
from masthead.search.selectors import Filters


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), required=False, max_length=MAX_QUERY_CHARS * 40, strip=True)
    rubric = forms.ModelChoiceField(
        label=_("Rubric"), queryset=Rubric.objects.order_by("kind", "name"), required=False, to_field_name="slug", empty_label=_("Any rubric")
    )
    author = forms.ModelChoiceField(
        label=_("Author"), queryset=Author.objects.order_by("name"), required=False, to_field_name="slug", empty_label=_("Any author")
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Any language")), *ArticlePage.Language.choices], required=False
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=[("relevance", _("relevance")), ("date", _("date"))], required=False
    )

    def filters(self) -> Filters:
        """The valid filters; a field that does not validate is simply not applied."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return Filters(
            rubric=data.get("rubric"),
            author=data.get("author"),
            language=data.get("language") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort="date" if data.get("sort") == "date" else "relevance",
        )

