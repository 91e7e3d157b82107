"""The newsletter's forms: subscribing (an address, an edition, optionally rubrics, a honeypot field that
people leave empty) and a signed-in reader's change to a subscription of their own address."""

from django import forms
from django.conf import settings
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

from masthead.articles.models import Rubric
from masthead.lib.text import strip_control_chars
from masthead.newsletter.models import EMAIL_MAX_LENGTH

MAX_RUBRICS = 30


class RubricChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, rubric):
        return rubric.display_name()

    def clean(self, value):
        if value and len(value) > MAX_RUBRICS:
            raise forms.ValidationError(_("Too many rubrics."), code="too_many")
        return super().clean(value)


class EditionAndRubricsForm(forms.Form):
    """What a subscription receives: one edition's mail, of every rubric or only the chosen ones."""

    language = forms.ChoiceField(label=_("Edition"), choices=settings.LANGUAGES, widget=forms.RadioSelect)
    rubrics = RubricChoices(
        label=_("Only these rubrics (optional)"),
        queryset=Rubric.objects.filter(kind=Rubric.Kind.SECTION),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SubscriptionChangeForm(EditionAndRubricsForm):
    """The account page's form for one subscription, prefixed with its id so several fit on one page."""

    @classmethod
    def for_subscriber(cls, subscriber, data=None):
        initial = {"language": subscriber.language, "rubrics": [r.pk for r in subscriber.rubrics.all()]}
        return cls(data, initial=initial, prefix=f"subscription-{subscriber.pk}")


class SubscribeForm(EditionAndRubricsForm):
    field_order = ["email", "language", "rubrics", "website"]
    email = forms.CharField(label=_("E-mail"), max_length=EMAIL_MAX_LENGTH, strip=True)
    # Hidden from people (CSS and aria-hidden); bots that fill every field fill this one.
    website = forms.CharField(required=False, max_length=200)

    def clean_email(self):
        value = strip_control_chars(self.cleaned_data["email"])
        if value != self.cleaned_data["email"] or any(c.isspace() for c in value):
            raise forms.ValidationError(_("Enter a valid e-mail address."), code="invalid")
        EmailValidator(message=_("Enter a valid e-mail address."))(value)
        local, _at, domain = value.rpartition("@")
        if "." not in domain:  # a@b is valid to Django, never a mailbox on the Internet
            raise forms.ValidationError(_("Enter a valid e-mail address."), code="invalid")
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            raise forms.ValidationError(_("Enter a valid e-mail address."), code="invalid") from None
        address = f"{local}@{domain}".lower()
        if len(address) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(_("Enter a valid e-mail address."), code="invalid")
        return address

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
