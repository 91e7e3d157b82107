"""The reader's own forms: the profile on the account page and the extra fields of allauth's sign-up."""

from django import forms
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from masthead.pages.info import path_for_role
from masthead.pages.models import InfoPage
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
    """allauth's sign-up gains the display name and the consent to the processing of personal data.

    The consent is a box the reader ticks themselves (never ticked in advance), next
    to a link to the privacy policy page (an information page with the "privacy"
    role, edited in the admin); its time is kept on the profile as the proof that
    152-FZ and the GDPR ask an operator to be able to show.
    """

    # allauth applies this after adding its password fields: the consent comes last, just above the button.
    field_order = ["email", "display_name", "password1", "password2", "consent"]
    display_name = DisplayNameField()
    consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Without your consent to the processing of personal data we cannot open an account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        policy = path_for_role(InfoPage.Role.PRIVACY)
        if policy:
            label = format_html(
                gettext("I agree to the processing of my personal data under the <a href=\"{url}\">privacy policy</a>"),
                url=policy,
            )
        else:
            label = gettext("I agree to the processing of my personal data")
        self.fields["consent"].label = label

    def signup(self, request, user):
        services.profile_create(
            user=user,
            display_name=self.cleaned_data["display_name"],
            language=(translation.get_language() or "ru")[:2],
            consented_at=timezone.now(),
        )
