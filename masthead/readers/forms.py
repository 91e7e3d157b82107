"""The reader's own forms: the profile on the account page and the extra fields of allauth's sign-up."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from masthead.readers import services
from masthead.readers.models import ReaderProfile
from masthead.readers.names import MAX_LENGTH, clean_display_name


class DisplayNameField(forms.CharField):
    """The display name as both forms take it: the one check decides, blank and invisible names included."""

    def __init__(self, **kwargs):
        # Room for invisible characters the check removes; the check caps the visible name.
        kwargs.update(max_length=MAX_LENGTH * 2, strip=False, required=False)
        kwargs.setdefault("label", _("Display name"))
        super().__init__(**kwargs)
        self.widget.attrs.update(required=True, autocomplete="nickname")

    def clean(self, value):
        return clean_display_name(super().clean(value) or "")


class ProfileForm(forms.ModelForm):
    display_name = DisplayNameField()

    class Meta:
        model = ReaderProfile
        fields = ["display_name", "notify_replies"]


class SignupForm(forms.Form):
    """allauth's sign-up gains the display name (`ACCOUNT_SIGNUP_FORM_CLASS`)."""

    display_name = DisplayNameField()

    def signup(self, request, user):
        services.profile_create(
            user=user,
            display_name=self.cleaned_data["display_name"],
            language=(translation.get_language() or "ru")[:2],
        )
