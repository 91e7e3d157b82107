"""Validation of what the reader's script sends, and of the editors' actions."""

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from masthead.lib.text import strip_control_chars
from masthead.typos.models import TypoReport

CONTEXT_HINT_MAX = 400
BLOCK_ID_MAX = 64
# Fields whose JSON value must be a string (or absent); anything else is refused, not str()-ed.
TEXT_FIELDS = ("fragment", "comment", "block", "before", "after")
NUMBER_FIELDS = ("article", "revision", "offset")


class ReportForm(forms.Form):
    article = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    revision = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    fragment = forms.CharField(strip=False)
    comment = forms.CharField(required=False)
    block = forms.CharField(required=False, max_length=BLOCK_ID_MAX)
    offset = forms.IntegerField(required=False, min_value=0, max_value=10_000_000)
    before = forms.CharField(required=False, strip=False, max_length=CONTEXT_HINT_MAX)
    after = forms.CharField(required=False, strip=False, max_length=CONTEXT_HINT_MAX)

    def __init__(self, payload: dict):
        super().__init__(data=payload)
        # Limits are settings, read per request so tests and deployments can change them.
        self.fields["fragment"].validators.append(MaxLengthValidator(settings.TYPOS_MAX_FRAGMENT))
        self.fields["comment"].validators.append(MaxLengthValidator(settings.TYPOS_MAX_COMMENT))
        self.type_errors = [
            name
            for name in TEXT_FIELDS
            if payload.get(name) is not None and not isinstance(payload.get(name), str)
        ] + [
            name
            for name in NUMBER_FIELDS
            if payload.get(name) is not None and (isinstance(payload.get(name), bool) or not isinstance(payload.get(name), int))
        ]

    def clean(self):
        for name in self.type_errors:
            self.add_error(name, _("Wrong type."))
        return super().clean()

    def clean_fragment(self):
        fragment = strip_control_chars(self.cleaned_data["fragment"])
        if not fragment.strip():
            raise forms.ValidationError(_("The selection is empty."))
        return fragment

    def clean_comment(self):
        return strip_control_chars(self.cleaned_data["comment"]).strip()


class ResolveForm(forms.Form):
    status = forms.ChoiceField(choices=TypoReport.Status.choices)


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Correction note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown, dated, at the end of the article and in the corrections log."),
    )
