"""The reader's own forms: the profile on the account page and the extra fields of allauth's sign-up."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from masthead.readers import services
from masthead.readers.models import ReaderProfile
from masthead.readers.names import MAX_LENGTH, clean_display_name


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ReaderProfile
        fields = ["display_name", "notify_replies"]

    def clean_display_name(self):
        # Blank on the model (a profile may exist before a name is chosen), never blank from this form.
        return clean_display_name(self.cleaned_data.get("display_name") or "")


class SignupForm(forms.Form):
    """allauth's sign-up gains the display name (`ACCOUNT_SIGNUP_FORM_CLASS`)."""

    # strip=False: the name's one check decides what whitespace and invisible characters become.
    display_name = forms.CharField(label=_("Display name"), max_length=MAX_LENGTH * 2, strip=False)

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user):
        services.profile_create(
            user=user,
            display_name=self.cleaned_data["display_name"],
            language=(translation.get_language() or "ru")[:2],
        )
