"""The search form: the query and its filters, each checked; bad values are dropped, never a 500."""

from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.articles.models import ArticlePage, Author, Rubric
from masthead.search.query import MAX_QUERY_CHARS
from masthead.search.selectors import Filters


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), required=False, max_length=MAX_QUERY_CHARS * 40, strip=True)
    rubric = forms.ChoiceField(label=_("Rubric"), required=False)
    author = forms.ChoiceField(label=_("Author"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Any language")), *ArticlePage.Language.choices], required=False
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=[("relevance", _("relevance")), ("date", _("date"))], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once: the same rows give the choices and the chosen object (one query each, however rendered).
        self.rubrics = {r.slug: r for r in Rubric.objects.order_by("kind", "sort_order", "name")}
        self.authors = {a.slug: a for a in Author.objects.order_by("name")}
        self.fields["rubric"].choices = [("", _("Any rubric"))] + [(slug, r.display_name()) for slug, r in self.rubrics.items()]
        self.fields["author"].choices = [("", _("Any author"))] + [(slug, a.display_name()) for slug, a in self.authors.items()]

    def filters(self) -> Filters:
        """The valid filters; a field that does not validate is simply not applied."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return Filters(
            rubric=self.rubrics.get(data.get("rubric") or ""),
            author=self.authors.get(data.get("author") or ""),
            language=data.get("language") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort="date" if data.get("sort") == "date" else "relevance",
        )

